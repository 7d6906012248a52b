import { ForbiddenError, PreconditionError, ValidationError } from '@xinfang/kernel';
import { hashQueryCode, isQueryCode } from '../../src/domain';
import { invalidFields, rejectionOf } from '../support/expectations';
import {
  aStaffInput,
  clerkAt,
  handlerAt,
  LI,
  representatives,
  staffAt,
  WANG,
  ZHANG,
} from '../support/mothers';
import { intakeWorld } from '../support/world';

describe('RegisterPetition', () => {
  it('registers a letter at the clerk office, saving the case and its event in one write', async () => {
    const world = intakeWorld();
    const result = await world.registerPetition.execute(clerkAt('441481'), aStaffInput());

    expect(result).toMatchObject({
      caseNumber: 'XF-441481-20260314-000001',
      tenantId: '441481',
      repeat: null,
      deferredTo: null,
      skipLevel: null,
      legalChannel: null,
      legalChannelSuggestion: null,
      notices: [],
    });
    expect(isQueryCode(result.queryCode)).toBe(true);
    expect(world.cases.saves).toBe(1);
    expect(world.cases.outbox.map((e) => [e.type, e.caseId])).toEqual([
      ['xinfang.case.v1.CaseRegistered', result.caseId],
    ]);

    const [stored] = world.cases.all();
    expect(stored).toMatchObject({
      id: result.caseId,
      channel: 'letter',
      regionPath: '/440000/441400/441481',
      version: 1,
    });
    expect(stored!.registeredBy).toEqual({ subject: 'sub-clerk.441481', username: 'clerk.441481' });
    expect(stored!.queryCodeHash).toBe(hashQueryCode(result.queryCode));
    expect(JSON.stringify(stored)).not.toContain(result.queryCode);
  });

  it('numbers cases per county and day', async () => {
    const world = intakeWorld();
    const first = await world.registerPetition.execute(clerkAt('441481'), aStaffInput());
    const second = await world.registerPetition.execute(
      clerkAt('441481'),
      aStaffInput({ petitioners: [LI] }),
    );
    const other = await world.registerPetition.execute(
      clerkAt('441422'),
      aStaffInput({ location: { regionCode: '441422100' } }),
    );
    world.clock.advance(24 * 3600 * 1000);
    const tomorrow = await world.registerPetition.execute(
      clerkAt('441481'),
      aStaffInput({ petitioners: [WANG] }),
    );
    expect([first, second, other, tomorrow].map((r) => r.caseNumber)).toEqual([
      'XF-441481-20260314-000001',
      'XF-441481-20260314-000002',
      'XF-441422-20260314-000001',
      'XF-441481-20260315-000001',
    ]);
  });

  it('registers on every channel', async () => {
    const world = intakeWorld();
    const clerk = clerkAt('441481');
    for (const channel of ['letter', 'visit', 'online', 'phone'] as const) {
      await world.registerPetition.execute(
        clerk,
        aStaffInput({ channel, petitioners: [{ name: `${channel}人`, address: '某村' }] }),
      );
    }
    const referral = {
      fromRegionCode: '440000',
      reference: '粤信交〔2026〕3号',
      fromOffice: '广东省信访局',
    };
    const referred = await world.registerPetition.execute(
      clerk,
      aStaffInput({ channel: 'referral', referral }),
    );
    const stored = world.cases.all().find((s) => s.id === referred.caseId)!;
    expect(stored.referral).toEqual({ ...referral, referredOn: null });
    expect(
      world.cases
        .all()
        .map((s) => s.channel)
        .sort(),
    ).toEqual(['letter', 'online', 'phone', 'referral', 'visit']);
  });

  it('records a collective visit with its headcount and representatives', async () => {
    const world = intakeWorld();
    await world.registerPetition.execute(
      clerkAt('441481'),
      aStaffInput({
        channel: 'visit',
        collective: { headcount: 23 },
        petitioners: representatives(5),
      }),
    );
    expect(world.cases.outbox[0]!.data).toMatchObject({
      collective: { headcount: 23, representatives: 5 },
    });
  });

  describe('who registers where', () => {
    it('needs a clerk', async () => {
      const world = intakeWorld();
      expect(
        await rejectionOf(world.registerPetition.execute(handlerAt('441481'), aStaffInput())),
      ).toBeInstanceOf(ForbiddenError);
      expect(
        await rejectionOf(
          world.registerPetition.execute(staffAt('441481', 'operator'), aStaffInput()),
        ),
      ).toBeInstanceOf(ForbiddenError);
      expect(world.cases.saves).toBe(0);
    });

    it('registers only at an office of the clerk', async () => {
      const world = intakeWorld();
      const error = await rejectionOf(
        world.registerPetition.execute(
          clerkAt('441481'),
          aStaffInput({ officeRegionCode: '441422' }),
        ),
      );
      expect(error).toBeInstanceOf(ForbiddenError);
    });

    it('asks a clerk of several offices which one', async () => {
      const world = intakeWorld();
      const twoOffices = { ...clerkAt('441481'), regionCodes: ['441481', '441481001'] };
      expect(
        await invalidFields(world.registerPetition.execute(twoOffices, aStaffInput())),
      ).toEqual(['officeRegionCode']);
      const result = await world.registerPetition.execute(
        twoOffices,
        aStaffInput({ officeRegionCode: '441481001' }),
      );
      expect(world.cases.all()[0]!.regionPath).toBe('/440000/441400/441481/441481001');
      expect(result.tenantId).toBe('441481');
    });
  });

  describe('bad input', () => {
    it('names missing and mistyped fields', async () => {
      const world = intakeWorld();
      const error = await rejectionOf(
        world.registerPetition.execute(clerkAt('441481'), {
          channel: 'fax',
          petitioners: [{ name: 3 }],
        }),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual(
        expect.arrayContaining([
          { field: 'channel', reason: expect.stringContaining('expected one of') },
          { field: 'nature', reason: 'is required' },
          { field: 'title', reason: 'is required' },
          { field: 'location', reason: 'is required' },
          { field: 'petitioners.0.name', reason: expect.stringContaining('expected string') },
        ]),
      );
    });

    it('names the rule a value breaks', async () => {
      const world = intakeWorld();
      const fields = await invalidFields(
        world.registerPetition.execute(
          clerkAt('441481'),
          aStaffInput({
            channel: 'visit',
            collective: { headcount: 3 },
            petitioners: [{ ...ZHANG, idNumber: '441481198503151231' }],
          }),
        ),
      );
      expect(fields).toEqual(['petitioners.0.idNumber', 'collective.headcount']);
    });
  });

  describe('repeat detection (重信重访)', () => {
    it('links the same person about the same subject and place to the original case and counts repeats', async () => {
      const world = intakeWorld();
      const clerk = clerkAt('441481');
      const first = await world.registerPetition.execute(clerk, aStaffInput());
      world.clock.advance(3600_000);
      const second = await world.registerPetition.execute(
        clerk,
        aStaffInput({ channel: 'visit', location: { regionCode: '441481002' } }),
      );
      world.clock.advance(3600_000);
      const third = await world.registerPetition.execute(
        clerk,
        aStaffInput({ petitioners: [{ name: '张三', phone: ZHANG.phone }] }),
      );

      const link = {
        caseId: first.caseId,
        caseNumber: first.caseNumber,
        tenantId: '441481',
        regionPath: '/440000/441400/441481',
      };
      expect(second.repeat).toEqual({ of: link, count: 1 });
      expect(third.repeat).toEqual({ of: link, count: 2 });
      expect(third.notices).toEqual([
        `该事项此前已反映2次,已与编号 ${first.caseNumber} 的事项关联。`,
      ]);
    });

    it('does not link another subject, another county or another person', async () => {
      const world = intakeWorld();
      const clerk = clerkAt('441481');
      await world.registerPetition.execute(clerk, aStaffInput());
      const otherSubject = await world.registerPetition.execute(
        clerk,
        aStaffInput({ subjectCode: 'environment' }),
      );
      const otherPerson = await world.registerPetition.execute(
        clerk,
        aStaffInput({ petitioners: [LI] }),
      );
      const otherPlace = await world.registerPetition.execute(
        clerkAt('441422'),
        aStaffInput({ location: { regionCode: '441422100' } }),
      );
      expect([otherSubject.repeat, otherPerson.repeat, otherPlace.repeat]).toEqual([
        null,
        null,
        null,
      ]);
    });

    it('compares a tenant subject as its base subject', async () => {
      const world = intakeWorld({
        subjects: {
          '441481': [{ code: 'land-compensation', name: '征地补偿', parent: 'land-acquisition' }],
        },
      });
      const first = await world.registerPetition.execute(clerkAt('441481'), aStaffInput());
      const second = await world.registerPetition.execute(
        clerkAt('441481'),
        aStaffInput({ subjectCode: 'land-compensation' }),
      );
      expect(second.repeat?.of.caseId).toBe(first.caseId);
    });

    it('finds the earlier case across the province and reveals only its reference', async () => {
      const world = intakeWorld();
      const first = await world.registerPetition.execute(clerkAt('441422'), aStaffInput());
      const second = await world.registerPetition.execute(clerkAt('441481'), aStaffInput());
      expect(second.repeat).toEqual({
        of: {
          caseId: first.caseId,
          caseNumber: first.caseNumber,
          tenantId: '441422',
          regionPath: '/440000/441400/441422',
        },
        count: 1,
      });
      expect(JSON.stringify(second)).not.toContain('补偿款至今');
      expect(JSON.stringify(world.priorCases.queries)).not.toContain(ZHANG.idNumber);
      expect(JSON.stringify(world.priorCases.queries)).not.toContain(ZHANG.phone);
    });

    it('does not look anonymous petitioners up', async () => {
      const world = intakeWorld();
      await world.registerPetition.execute(
        clerkAt('441481'),
        aStaffInput({ nature: 'accusation', petitioners: [{ anonymous: true }] }),
      );
      expect(world.priorCases.queries).toEqual([]);
      expect(world.terminations.queries).toEqual([]);
    });
  });

  describe('a higher level and a matter handled below (Art. 19, 越级访)', () => {
    it('defers to the county still handling it within its limit, flags the skip and tells the petitioner', async () => {
      const world = intakeWorld();
      const county = await world.registerPetition.execute(clerkAt('441481'), aStaffInput());
      await world.recordProgress.execute({
        eventId: 'r1',
        type: 'xinfang.case.v1.CaseAccepted',
        caseId: county.caseId,
        time: '2026-03-15T02:00:00Z',
      });
      const city = await world.registerPetition.execute(
        clerkAt('441400'),
        aStaffInput({ channel: 'visit' }),
      );

      expect(city.caseNumber).toBe('XF-441400-20260314-000001');
      expect(city.tenantId).toBeNull();
      expect(city.deferredTo).toEqual({
        caseId: county.caseId,
        caseNumber: county.caseNumber,
        tenantId: '441481',
        regionCode: '441481',
        regionName: '兴宁市',
        status: 'accepted',
        statusLabel: '已受理',
      });
      expect(city.skipLevel).toEqual({
        competentRegionCode: '441481',
        competentRegionName: '兴宁市',
      });
      expect(city.notices).toEqual([
        `该事项正由兴宁市依法办理(编号 ${county.caseNumber},已受理),尚在规定期限内,本级不再重复受理,请等待办理结果。`,
        '该事项应由兴宁市处理,请依法逐级向其提出。',
      ]);
      expect(world.cases.outbox[1]!.data).toMatchObject({
        deferredTo: { caseId: county.caseId },
        skipLevel: true,
        repeatCount: 1,
      });
    });

    it('takes the matter when the county is past its limit', async () => {
      const world = intakeWorld();
      const county = await world.registerPetition.execute(clerkAt('441481'), aStaffInput());
      await world.recordProgress.execute({
        eventId: 'o1',
        type: 'xinfang.case.v1.CaseOverdue',
        caseId: county.caseId,
        time: '2026-04-01T02:00:00Z',
      });
      const city = await world.registerPetition.execute(clerkAt('441400'), aStaffInput());
      expect(city.deferredTo).toBeNull();
      expect(city.repeat?.count).toBe(1);
      expect(city.skipLevel).not.toBeNull();
    });
  });

  describe('terminated matters (终结)', () => {
    it('are refused, naming the terminated case, before a case number is used', async () => {
      const world = intakeWorld();
      const old = await world.registerPetition.execute(clerkAt('441481'), aStaffInput());
      world.terminations.add({ caseId: old.caseId, caseNumber: old.caseNumber });

      const error = await rejectionOf(
        world.registerPetition.execute(clerkAt('441481'), aStaffInput({ channel: 'visit' })),
      );
      expect(error).toBeInstanceOf(PreconditionError);
      expect(error.message).toContain(old.caseNumber);
      expect(world.terminations.queries.at(-1)).toMatchObject({
        priorCaseIds: [old.caseId],
        subjectRoot: 'land-acquisition',
        countyCode: '441481',
      });
      expect(world.cases.all()).toHaveLength(1);

      const next = await world.registerPetition.execute(
        clerkAt('441481'),
        aStaffInput({ petitioners: [LI] }),
      );
      expect(next.caseNumber).toBe('XF-441481-20260314-000002');
    });

    it('are found by the hearing service from the person, subject and place too', async () => {
      const world = intakeWorld();
      world.terminations.add({
        caseId: 'elsewhere',
        caseNumber: 'XF-441481-20230101-000001',
        petitionerKeys: [world.keyHasher.keyOf('idNumber', ZHANG.idNumber)],
        subjectRoot: 'land-acquisition',
        countyCode: '441481',
      });
      expect(
        await rejectionOf(world.registerPetition.execute(clerkAt('441481'), aStaffInput())),
      ).toBeInstanceOf(PreconditionError);
    });
  });

  describe('legal channel (诉访分离)', () => {
    it('records what the clerk marked and tells the petitioner', async () => {
      const world = intakeWorld();
      const result = await world.registerPetition.execute(
        clerkAt('441481'),
        aStaffInput({
          subjectCode: 'labour-social-security',
          legalChannel: { route: 'arbitration', reason: '属劳动争议,应先申请劳动仲裁' },
        }),
      );
      expect(result.legalChannel).toEqual({
        route: 'arbitration',
        reason: '属劳动争议,应先申请劳动仲裁',
      });
      expect(result.notices).toEqual(['该事项属于仲裁范围,请依法通过仲裁途径解决。']);
    });

    it('suggests a route from the narrative without deciding', async () => {
      const world = intakeWorld();
      const result = await world.registerPetition.execute(
        clerkAt('441481'),
        aStaffInput({ narrative: '法院判决后对方拒不履行,请求督促。' }),
      );
      expect(result.legalChannel).toBeNull();
      expect(result.legalChannelSuggestion?.route).toBe('litigation');
    });
  });
});
