import { ConflictError, PreconditionError, ValidationError } from '@xinfang/kernel';
import {
  Case,
  CASE_EVENT_TYPES,
  CaseRegistered,
  DEFAULT_INTAKE_POLICY,
  hashQueryCode,
  officeAt,
  parsePetition,
  PetitionDraft,
  PriorCaseRef,
  RegistrationFacts,
  SubjectTaxonomy,
  ValidPetition,
} from '../../src/domain';
import { DEMO_REGIONS } from '../support/doubles';
import { aStaffInput, LI, ZHANG } from '../support/mothers';
import { NOW } from '../support/world';

const QUERY_CODE = 'AB01CD23EF45';

function petition(overrides: Partial<PetitionDraft> = {}, office = '441481'): ValidPetition {
  return parsePetition({ ...(aStaffInput() as PetitionDraft), ...overrides }, officeAt(office), {
    policy: DEFAULT_INTAKE_POLICY,
    subjects: SubjectTaxonomy.withExtensions(),
    knownRegions: new Set(DEMO_REGIONS.map((r) => r.code)),
    today: NOW,
  });
}

function facts(overrides: Partial<RegistrationFacts> = {}): RegistrationFacts {
  return {
    id: 'case-1',
    caseNumber: 'XF-441481-20260314-000001',
    eventId: 'event-1',
    registeredAt: NOW,
    registeredBy: { subject: 'sub-clerk', username: 'clerk.441481' },
    queryCodeHash: hashQueryCode(QUERY_CODE),
    petitionerKeys: ['key-zhang'],
    priorCases: [],
    terminated: null,
    regionNames: new Map(DEMO_REGIONS.map((r) => [r.code, r.name])),
    ...overrides,
  };
}

const prior = (overrides: Partial<PriorCaseRef> = {}): PriorCaseRef => ({
  caseId: 'prior-1',
  caseNumber: 'XF-441481-20260101-000003',
  tenantId: '441481',
  regionPath: '/440000/441400/441481',
  status: 'accepted',
  handlingWithinLimit: true,
  ...overrides,
});

function registered(p = petition(), f = facts()): { aggregate: Case; event: CaseRegistered } {
  const aggregate = Case.register(p, f);
  const [event, ...rest] = aggregate.pullEvents();
  expect(rest).toEqual([]);
  return { aggregate, event: event as CaseRegistered };
}

describe('Case.register', () => {
  it('belongs to the registering office and starts registered', () => {
    const { aggregate } = registered();
    const state = aggregate.toState();
    expect(state).toMatchObject({
      tenantId: '441481',
      regionPath: '/440000/441400/441481',
      status: 'registered',
      repeat: null,
      deferredTo: null,
      skipLevel: false,
      competentRegionCode: '441481',
      version: 0,
    });
    expect(aggregate.isHandlingWithinLimit()).toBe(true);
    expect(aggregate.notices).toEqual([]);
  });

  it('records CaseRegistered without ID numbers, phones, names, addresses or narrative', () => {
    const { event } = registered(
      petition({ title: `反映征地补偿(联系${ZHANG.phone})`, petitioners: [ZHANG, LI] }),
    );
    expect(event).toMatchObject({
      id: 'event-1',
      type: CASE_EVENT_TYPES.CaseRegistered,
      caseId: 'case-1',
      tenantId: '441481',
      regionPath: '/440000/441400/441481',
      time: NOW.toISOString(),
    });
    expect(event.data).toMatchObject({
      caseNumber: 'XF-441481-20260314-000001',
      channel: 'letter',
      nature: 'claim',
      subjectCode: 'land-acquisition',
      location: { regionCode: '441481001', regionPath: '/440000/441400/441481/441481001' },
      office: { regionCode: '441481', level: 'county' },
      petitionerCount: 2,
      anonymous: false,
      collective: null,
      repeatOf: null,
      repeatCount: 0,
      skipLevel: false,
      legalChannel: null,
      referral: null,
      attachmentCount: 1,
    });
    const payload = JSON.stringify(event);
    for (const secret of [
      ZHANG.idNumber,
      ZHANG.phone,
      LI.idNumber,
      LI.phone,
      ZHANG.name,
      LI.name,
      ZHANG.address,
      '补偿款至今',
    ]) {
      expect(payload).not.toContain(secret);
    }
    expect(event.data.title).toBe('反映征地补偿(联系138****5678)');
  });

  it('leaves the title out for an accusation, where it may identify the informant', () => {
    const { event } = registered(
      petition({ nature: 'accusation', title: '张三举报村干部侵占补偿款' }),
    );
    expect(event.data.title).toBeNull();
    expect(JSON.stringify(event)).not.toContain('张三');
  });

  it('carries the collective headcount, the referral and the legal channel in the event', () => {
    const collective = registered(
      petition({ channel: 'visit', collective: { headcount: 12 }, petitioners: [ZHANG, LI] }),
    ).event.data;
    expect(collective.collective).toEqual({ headcount: 12, representatives: 2 });

    const referral = {
      fromRegionCode: '441400',
      reference: '梅信交〔2026〕12号',
      referredOn: '2026-03-10',
    };
    expect(registered(petition({ channel: 'referral', referral })).event.data.referral).toEqual(
      referral,
    );

    const legal = registered(
      petition({ legalChannel: { route: 'arbitration', reason: '劳动争议应先仲裁' } }),
    );
    expect(legal.event.data.legalChannel).toEqual({
      route: 'arbitration',
      reason: '劳动争议应先仲裁',
    });
    expect(legal.aggregate.notices).toEqual(['该事项属于仲裁范围,请依法通过仲裁途径解决。']);
    expect(legal.aggregate.isHandlingWithinLimit()).toBe(false);
  });

  it('marks an anonymous accusation', () => {
    const { event } = registered(
      petition({ nature: 'accusation', petitioners: [{ anonymous: true }] }),
      facts({ petitionerKeys: [] }),
    );
    expect(event.data).toMatchObject({ anonymous: true, nature: 'accusation', petitionerCount: 1 });
  });

  describe('repeats (重信重访)', () => {
    it('links to the original case and counts the earlier petitions', () => {
      const priors = [
        prior({
          caseId: 'p1',
          caseNumber: 'XF-441481-20250101-000001',
          status: 'closed',
          handlingWithinLimit: false,
        }),
        prior({ caseId: 'p2', status: 'replied', handlingWithinLimit: false }),
      ];
      const { aggregate, event } = registered(petition(), facts({ priorCases: priors }));
      expect(event.data.repeatOf).toEqual({
        caseId: 'p1',
        caseNumber: 'XF-441481-20250101-000001',
        tenantId: '441481',
        regionPath: '/440000/441400/441481',
      });
      expect(event.data.repeatCount).toBe(2);
      expect(event.data.deferredTo).toBeNull();
      expect(aggregate.notices).toEqual([
        '该事项此前已反映2次,已与编号 XF-441481-20250101-000001 的事项关联。',
      ]);
    });

    it('at the same level is linked but not deferred, even while the earlier case is handled', () => {
      const { event } = registered(petition(), facts({ priorCases: [prior()] }));
      expect(event.data.repeatCount).toBe(1);
      expect(event.data.deferredTo).toBeNull();
    });
  });

  describe('a higher level and a matter handled below within its limit (Art. 19)', () => {
    it('is deferred to a city office handling it, when the province registers it', () => {
      const cityCase = prior({
        tenantId: null,
        regionPath: '/440000/441400',
        caseNumber: 'XF-441400-20260301-000002',
      });
      const { aggregate, event } = registered(
        petition({}, '440000'),
        facts({ priorCases: [cityCase] }),
      );
      expect(event.data.deferredTo).toMatchObject({ tenantId: null, regionPath: '/440000/441400' });
      expect(aggregate.notices[0]).toContain('该事项正由梅州市依法办理');
    });

    it('is deferred to a township office handling it, when the county registers it', () => {
      const townshipCase = prior({ regionPath: '/440000/441400/441481/441481001' });
      expect(
        registered(petition({}, '441481'), facts({ priorCases: [townshipCase] })).event.data
          .deferredTo,
      ).toMatchObject({
        regionPath: '/440000/441400/441481/441481001',
      });
    });

    it('is deferred to the lower level and the petitioner is told where it stands', () => {
      const { aggregate, event } = registered(
        petition({}, '441400'),
        facts({ priorCases: [prior()] }),
      );
      expect(event.data.deferredTo).toEqual({
        caseId: 'prior-1',
        caseNumber: 'XF-441481-20260101-000003',
        tenantId: '441481',
        regionPath: '/440000/441400/441481',
      });
      expect(aggregate.notices[0]).toBe(
        '该事项正由兴宁市依法办理(编号 XF-441481-20260101-000003,已受理),尚在规定期限内,本级不再重复受理,请等待办理结果。',
      );
      expect(aggregate.isHandlingWithinLimit()).toBe(false);
    });

    it('is not deferred when the lower level is past its limit or done', () => {
      const late = registered(
        petition({}, '441400'),
        facts({ priorCases: [prior({ handlingWithinLimit: false })] }),
      );
      expect(late.event.data.deferredTo).toBeNull();
      expect(late.event.data.repeatCount).toBe(1);
    });

    it('is not deferred to a case of another county at the same level', () => {
      const { event } = registered(petition({}, '441422'), facts({ priorCases: [prior()] }));
      expect(event.data.deferredTo).toBeNull();
    });
  });

  describe('skip-level petitions (越级访)', () => {
    it('are flagged when a city office registers a county matter, and guided down', () => {
      const { aggregate, event } = registered(petition({}, '441400'));
      expect(event.data.skipLevel).toBe(true);
      expect(event.data.competentRegionCode).toBe('441481');
      expect(aggregate.notices).toEqual(['该事项应由兴宁市处理,请依法逐级向其提出。']);
    });

    it('are flagged at the province too, but not when the city is the competent level', () => {
      expect(registered(petition({}, '440000')).event.data.skipLevel).toBe(true);
      expect(
        registered(petition({ competentRegionCode: '441400' }, '441400')).event.data.skipLevel,
      ).toBe(false);
    });

    it('are not what a township office registering a county matter does', () => {
      expect(registered(petition({}, '441481001')).event.data.skipLevel).toBe(false);
    });
  });

  describe('terminated matters (终结)', () => {
    it('are refused, naming the terminated case', () => {
      const attempt = () =>
        Case.register(
          petition(),
          facts({ terminated: { caseId: 't1', caseNumber: 'XF-441481-20240501-000009' } }),
        );
      expect(attempt).toThrow(PreconditionError);
      expect(attempt).toThrow(/XF-441481-20240501-000009/);
    });

    it('are refused when an earlier case is known to be terminated', () => {
      try {
        Case.register(
          petition(),
          facts({ priorCases: [prior({ status: 'terminated', handlingWithinLimit: false })] }),
        );
        throw new Error('expected a refusal');
      } catch (e) {
        expect(e).toBeInstanceOf(PreconditionError);
        expect((e as PreconditionError).details).toEqual({
          terminatedCaseId: 'prior-1',
          terminatedCaseNumber: 'XF-441481-20260101-000003',
        });
      }
    });
  });
});

describe('Case progress, timeline and rating', () => {
  const at = (day: number) => new Date(Date.UTC(2026, 2, 14 + day, 2));

  it('mirrors the status from other services and keeps an idempotent timeline', () => {
    const { aggregate } = registered();
    expect(aggregate.recordProgress('xinfang.case.v1.CaseForwarded', at(1), null, 'e1')).toBe(true);
    expect(
      aggregate.recordProgress(
        'xinfang.case.v1.CaseAccepted',
        at(3),
        '已受理,将于60日内办结',
        'e2',
      ),
    ).toBe(true);
    expect(
      aggregate.recordProgress(
        'xinfang.case.v1.CaseAccepted',
        at(3),
        '已受理,将于60日内办结',
        'e2',
      ),
    ).toBe(false);
    expect(aggregate.status).toBe('accepted');
    expect(aggregate.toState().timeline.map((e) => e.type)).toEqual([
      'CaseRegistered',
      'CaseForwarded',
      'CaseAccepted',
    ]);
  });

  it('ignores event types it does not mirror', () => {
    const { aggregate } = registered();
    expect(aggregate.recordProgress('xinfang.case.v1.SomethingNew', at(1), null, 'e1')).toBe(false);
    expect(aggregate.recordProgress('xinfang.case.v1.CaseRegistered', at(1), null, 'e2')).toBe(
      false,
    );
    expect(aggregate.recordProgress('CaseAccepted', at(1), null, 'e3')).toBe(false);
    expect(aggregate.toState().timeline).toHaveLength(1);
  });

  it('stops counting as handled within limit once overdue or settled', () => {
    const overdue = registered().aggregate;
    overdue.recordProgress('xinfang.case.v1.CaseOverdue', at(16), null, 'o1');
    expect(overdue.isHandlingWithinLimit()).toBe(false);
    expect(overdue.status).toBe('registered');

    const closed = registered().aggregate;
    closed.recordProgress('xinfang.case.v1.CaseReplied', at(20), null, 'r1');
    expect(closed.isHandlingWithinLimit()).toBe(false);
  });

  it('shows the petitioner only public steps and notes, in time order, with no staff or petitioner data', () => {
    const { aggregate } = registered(petition({ petitioners: [ZHANG, LI] }));
    aggregate.recordProgress('xinfang.case.v1.CaseAccepted', at(3), '已受理', 'e2');
    aggregate.recordProgress(
      'xinfang.case.v1.CaseOverdue',
      at(2),
      '内部:承办人王科长未按时处理',
      'e1',
    );
    aggregate.recordProgress(
      'xinfang.case.v1.CaseExtended',
      at(40),
      `情况复杂需延期,联系电话${LI.phone}`,
      'e3',
    );
    const timeline = aggregate.publicTimeline();
    expect(timeline.entries).toEqual([
      { label: '已登记', at: NOW, note: null },
      { label: '已受理', at: at(3), note: '已受理' },
      { label: '办理期限已延长', at: at(40), note: '情况复杂需延期,联系电话139****1111' },
    ]);
    expect(timeline).toMatchObject({
      caseNumber: 'XF-441481-20260314-000001',
      status: 'extended',
      statusLabel: '延期办理中',
      canRate: false,
    });
    const shown = JSON.stringify(timeline);
    for (const hidden of [
      '王科长',
      'clerk.441481',
      ZHANG.name,
      LI.name,
      ZHANG.idNumber,
      LI.phone,
      '补偿款至今',
    ]) {
      expect(shown).not.toContain(hidden);
    }
  });

  it('accepts one rating, only after the reply, and records SatisfactionRated', () => {
    const { aggregate } = registered();
    expect(() => aggregate.rate('satisfied', null, at(5), 's0')).toThrow(PreconditionError);
    aggregate.recordProgress('xinfang.case.v1.CaseReplied', at(30), '答复意见已送达', 'r1');
    expect(aggregate.publicTimeline().canRate).toBe(true);
    aggregate.rate('basicallySatisfied', ' 处理还算及时 ', at(31), 's1');
    expect(() => aggregate.rate('dissatisfied', null, at(32), 's2')).toThrow(ConflictError);

    expect(aggregate.toState().satisfaction).toEqual({
      rating: 'basicallySatisfied',
      comment: '处理还算及时',
      ratedAt: at(31),
    });
    expect(aggregate.publicTimeline()).toMatchObject({
      canRate: false,
      satisfaction: { rating: 'basicallySatisfied', label: '基本满意' },
    });
    expect(aggregate.pullEvents()).toEqual([
      {
        id: 's1',
        type: 'xinfang.case.v1.SatisfactionRated',
        caseId: 'case-1',
        tenantId: '441481',
        regionPath: '/440000/441400/441481',
        time: at(31).toISOString(),
        data: {
          caseId: 'case-1',
          caseNumber: 'XF-441481-20260314-000001',
          rating: 'basicallySatisfied',
          ratedAt: at(31).toISOString(),
        },
      },
    ]);
  });

  it('refuses an unknown rating and an overlong comment', () => {
    const { aggregate } = registered();
    aggregate.recordProgress('xinfang.case.v1.CaseReplied', at(30), null, 'r1');
    expect(() => aggregate.rate('great' as never, null, at(31), 's1')).toThrow(ValidationError);
    expect(() => aggregate.rate('satisfied', '长'.repeat(11), at(31), 's1', 10)).toThrow(
      ValidationError,
    );
  });

  it('matches its query code only', () => {
    const { aggregate } = registered();
    expect(aggregate.matchesQueryCode('ab01-cd23-ef45')).toBe(true);
    expect(aggregate.matchesQueryCode('AB01CD23EF46')).toBe(false);
  });

  it('round-trips through its stored state without recording events', () => {
    const { aggregate } = registered();
    aggregate.recordProgress('xinfang.case.v1.CaseAccepted', at(3), '已受理', 'e2');
    const copy = Case.fromState(aggregate.toState());
    expect(copy.toState()).toEqual(aggregate.toState());
    expect(copy.pullEvents()).toEqual([]);
    copy.markPersisted();
    expect(copy.version).toBe(1);
    expect(aggregate.version).toBe(0);
  });
});
