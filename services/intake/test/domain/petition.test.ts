import { ValidationError } from '@xinfang/kernel';
import {
  DEFAULT_INTAKE_POLICY,
  IntakePolicy,
  officeAt,
  parsePetition,
  PetitionDraft,
  PetitionRules,
  SubjectTaxonomy,
  officeScopeCode,
} from '../../src/domain';
import { DEMO_REGIONS } from '../support/doubles';
import { aStaffInput, idNumber, LI, representatives, ZHANG } from '../support/mothers';
import { NOW } from '../support/world';

const rules: PetitionRules = {
  policy: DEFAULT_INTAKE_POLICY,
  subjects: SubjectTaxonomy.withExtensions([
    { code: 'rural-homestead', name: '宅基地', parent: 'rural-affairs' },
  ]),
  knownRegions: new Set(DEMO_REGIONS.map((r) => r.code)),
  today: NOW,
};
const county = officeAt('441481');

function draft(overrides: Partial<PetitionDraft> = {}): PetitionDraft {
  return { ...(aStaffInput() as PetitionDraft), ...overrides };
}

function issuesOf(
  d: PetitionDraft,
  office = county,
  r: PetitionRules = rules,
): { field: string; reason: string }[] {
  try {
    parsePetition(d, office, r);
  } catch (e) {
    if (e instanceof ValidationError) return e.issues;
    throw e;
  }
  throw new Error('expected the petition to be refused');
}

const fields = (d: PetitionDraft, office = county, r: PetitionRules = rules) =>
  issuesOf(d, office, r).map((i) => i.field);

describe('parsePetition', () => {
  it('normalizes a valid letter', () => {
    const petition = parsePetition(
      draft({
        petitioners: [
          { name: ' 张三 ', idNumber: '11010519491231002x', phone: '+86 138-1234-5678' },
        ],
        urgency: undefined,
      }),
      county,
      rules,
    );
    expect(petition.petitioners).toEqual([
      {
        kind: 'realName',
        name: '张三',
        idNumber: '11010519491231002X',
        phone: '13812345678',
        address: null,
      },
    ]);
    expect(petition.location).toEqual({
      regionCode: '441481001',
      regionPath: '/440000/441400/441481/441481001',
      countyCode: '441481',
      address: '兴宁市兴田街道某村',
    });
    expect(petition.competentRegionCode).toBe('441481');
    expect(petition.urgency).toBe('normal');
    expect(petition.anonymous).toBe(false);
    expect(petition.subjectRoot).toBe('land-acquisition');
    expect(petition.legalChannelSuggestion).toBeNull();
  });

  it('names every offending field at once', () => {
    const issues = issuesOf(
      draft({
        title: ' ',
        subjectCode: 'weather',
        location: { regionCode: '441400' },
        petitioners: [{ name: '张三', idNumber: '110105194912310021', phone: '12345' }],
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { field: 'title', reason: 'is required' },
        { field: 'subjectCode', reason: '"weather" is not a known subject' },
        { field: 'location.regionCode', reason: 'must be a county or township code' },
        { field: 'petitioners.0.idNumber', reason: 'has a wrong check character (GB 11643)' },
        { field: 'petitioners.0.phone', reason: expect.stringContaining('mainland mobile') },
      ]),
    );
  });

  it('refuses a region the deployment does not know', () => {
    expect(fields(draft({ location: { regionCode: '441481999' } }))).toEqual([
      'location.regionCode',
    ]);
  });

  it('accepts a subject the tenant added, comparing it as its base subject', () => {
    const petition = parsePetition(draft({ subjectCode: 'rural-homestead' }), county, rules);
    expect(petition.subjectRoot).toBe('rural-affairs');
  });

  it('enforces the text limits of the policy', () => {
    const tight: IntakePolicy = {
      ...DEFAULT_INTAKE_POLICY,
      text: { ...DEFAULT_INTAKE_POLICY.text, titleMaxLength: 5 },
    };
    expect(issuesOf(draft({ title: '一二三四五六' }), county, { ...rules, policy: tight })).toEqual(
      [{ field: 'title', reason: 'must be at most 5 characters' }],
    );
  });

  describe('petitioners', () => {
    it('needs at least one', () => {
      expect(fields(draft({ petitioners: [] }))).toEqual(['petitioners']);
    });

    it('allows anonymity for accusations and suggestions only', () => {
      expect(fields(draft({ nature: 'claim', petitioners: [{ anonymous: true }] }))).toEqual([
        'petitioners.0.anonymous',
      ]);
      const accusation = parsePetition(
        draft({ nature: 'accusation', petitioners: [{ anonymous: true }] }),
        county,
        rules,
      );
      expect(accusation.anonymous).toBe(true);
      expect(accusation.petitioners).toEqual([{ kind: 'anonymous' }]);
    });

    it('keeps an anonymous petitioner free of identity', () => {
      expect(
        fields(
          draft({
            nature: 'suggestion',
            petitioners: [{ anonymous: true, name: '张三', phone: ZHANG.phone }],
          }),
        ),
      ).toEqual(['petitioners.0.name', 'petitioners.0.phone']);
    });

    it('needs a name and a way to reach a real-name petitioner', () => {
      expect(fields(draft({ petitioners: [{ name: '' }, { name: '李四' }] }))).toEqual([
        'petitioners.0.name',
        'petitioners.0',
        'petitioners.1',
      ]);
    });

    it('allows several petitioners but not the same person twice', () => {
      expect(
        parsePetition(draft({ petitioners: [ZHANG, LI] }), county, rules).petitioners,
      ).toHaveLength(2);
      expect(
        fields(draft({ petitioners: [ZHANG, { ...LI, idNumber: ZHANG.idNumber.toLowerCase() }] })),
      ).toEqual(['petitioners.1.idNumber']);
    });

    it('caps the petitioners named on a joint letter', () => {
      const many = Array.from({ length: 51 }, (_, i) => ({ name: `联名${i}`, address: '某村' }));
      expect(fields(draft({ petitioners: many }))).toEqual(['petitioners']);
    });
  });

  describe('collective visits', () => {
    const visit = (overrides: Partial<PetitionDraft>) => draft({ channel: 'visit', ...overrides });

    it('records the headcount and up to 5 representatives', () => {
      const petition = parsePetition(
        visit({ collective: { headcount: 30 }, petitioners: representatives(5) }),
        county,
        rules,
      );
      expect(petition.collective).toEqual({ headcount: 30 });
      expect(petition.petitioners).toHaveLength(5);
    });

    it('needs at least 5 people', () => {
      expect(
        issuesOf(visit({ collective: { headcount: 4 }, petitioners: representatives(2) })),
      ).toEqual([
        { field: 'collective.headcount', reason: 'a collective visit has at least 5 people' },
      ]);
    });

    it('records at most 5 representatives', () => {
      expect(
        issuesOf(visit({ collective: { headcount: 40 }, petitioners: representatives(6) })),
      ).toEqual([
        { field: 'petitioners', reason: 'a collective visit records at most 5 representatives' },
      ]);
    });

    it('has named representatives', () => {
      expect(
        fields(
          visit({
            nature: 'suggestion',
            collective: { headcount: 8 },
            petitioners: [...representatives(2), { anonymous: true }],
          }),
        ),
      ).toEqual(['petitioners.2.anonymous']);
    });

    it('is a visit', () => {
      expect(fields(draft({ channel: 'letter', collective: { headcount: 9 } }))).toEqual([
        'collective',
      ]);
    });

    it('is what a visit by 5 or more people must be registered as', () => {
      expect(fields(visit({ petitioners: representatives(5) }))).toEqual(['collective']);
    });

    it('cannot count fewer people than its representatives', () => {
      const policy = {
        ...DEFAULT_INTAKE_POLICY,
        collective: { minHeadcount: 3, maxRepresentatives: 5 },
      };
      expect(
        issuesOf(visit({ collective: { headcount: 3 }, petitioners: representatives(4) }), county, {
          ...rules,
          policy,
        }),
      ).toEqual([
        { field: 'collective.headcount', reason: 'is smaller than the number of representatives' },
      ]);
    });
  });

  describe('referrals from a higher level', () => {
    const referral = {
      fromRegionCode: '441400',
      reference: '梅信交〔2026〕12号',
      fromOffice: '梅州市信访局',
      referredOn: '2026-03-10',
    };

    it('keeps the referrer and its reference', () => {
      const petition = parsePetition(draft({ channel: 'referral', referral }), county, rules);
      expect(petition.referral).toEqual(referral);
    });

    it('needs the referral on the referral channel and only there', () => {
      expect(fields(draft({ channel: 'referral' }))).toEqual(['referral']);
      expect(fields(draft({ channel: 'letter', referral }))).toEqual(['referral']);
    });

    it('comes from a level above the registering office', () => {
      expect(
        fields(draft({ channel: 'referral', referral: { ...referral, fromRegionCode: '441481' } })),
      ).toEqual(['referral.fromRegionCode']);
      expect(
        fields(draft({ channel: 'referral', referral: { ...referral, fromRegionCode: '441300' } })),
      ).toEqual(['referral.fromRegionCode']);
      expect(
        fields(draft({ channel: 'referral', referral: { ...referral, fromRegionCode: '441422' } })),
      ).toEqual(['referral.fromRegionCode']);
    });

    it('needs a reference and a referral date that is not in the future', () => {
      expect(
        fields(
          draft({
            channel: 'referral',
            referral: { ...referral, reference: '', referredOn: '2026-03-15' },
          }),
        ),
      ).toEqual(['referral.reference', 'referral.referredOn']);
    });

    it('counts "today" in Asia/Shanghai', () => {
      const earlyMorning = { ...rules, today: new Date('2026-03-14T23:30:00Z') }; // 07:30 on the 15th in Shanghai
      expect(() =>
        parsePetition(
          draft({ channel: 'referral', referral: { ...referral, referredOn: '2026-03-15' } }),
          county,
          earlyMorning,
        ),
      ).not.toThrow();
    });
  });

  describe('competent level', () => {
    it('defaults to the county of the place', () => {
      expect(
        parsePetition(draft({ location: { regionCode: '441422100' } }), officeAt('441400'), rules)
          .competentRegionCode,
      ).toBe('441422');
    });

    it('may be set to a level above the county of the place', () => {
      expect(
        parsePetition(draft({ competentRegionCode: '441400' }), officeAt('440000'), rules)
          .competentRegionCode,
      ).toBe('441400');
    });

    it('must lie above the place', () => {
      expect(fields(draft({ competentRegionCode: '441300' }))).toEqual(['competentRegionCode']);
      expect(fields(draft({ competentRegionCode: '441422' }))).toEqual(['competentRegionCode']);
    });
  });

  describe('legal channel', () => {
    it('keeps the route and the reason the clerk gave', () => {
      const petition = parsePetition(
        draft({ legalChannel: { route: 'litigation', reason: ' 已进入诉讼程序 ' } }),
        county,
        rules,
      );
      expect(petition.legalChannel).toEqual({ route: 'litigation', reason: '已进入诉讼程序' });
    });

    it('needs a reason', () => {
      expect(fields(draft({ legalChannel: { route: 'arbitration', reason: '' } }))).toEqual([
        'legalChannel.reason',
      ]);
    });

    it('suggests a route from the narrative', () => {
      expect(
        parsePetition(draft({ narrative: '法院判决后对方不履行' }), county, rules)
          .legalChannelSuggestion?.route,
      ).toBe('litigation');
    });
  });

  describe('attachments', () => {
    it('accepts pdf, jpeg, png and docx within the size limit', () => {
      const attachments = [
        { name: 'a.pdf', sizeBytes: 1, contentType: 'application/pdf' },
        { name: 'b.jpg', sizeBytes: 1, contentType: 'image/jpeg' },
        { name: 'c.png', sizeBytes: 1, contentType: 'image/png' },
        {
          name: 'd.docx',
          sizeBytes: 1,
          contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        },
      ];
      expect(parsePetition(draft({ attachments }), county, rules).attachments).toEqual(attachments);
    });

    it('refuses other types, empty and oversized files', () => {
      const attachments = [
        { name: 'a.exe', sizeBytes: 10, contentType: 'application/x-msdownload' },
        { name: 'b.pdf', sizeBytes: 0, contentType: 'application/pdf' },
        {
          name: 'c.pdf',
          sizeBytes: DEFAULT_INTAKE_POLICY.attachments.maxSizeBytes + 1,
          contentType: 'application/pdf',
        },
      ];
      expect(fields(draft({ attachments }))).toEqual([
        'attachments.0.contentType',
        'attachments.1.sizeBytes',
        'attachments.2.sizeBytes',
      ]);
    });

    it('follows the tenant policy for the count', () => {
      const policy = {
        ...DEFAULT_INTAKE_POLICY,
        attachments: { ...DEFAULT_INTAKE_POLICY.attachments, maxCount: 1 },
      };
      const two = [
        { name: 'a.pdf', sizeBytes: 1, contentType: 'application/pdf' },
        { name: 'b.pdf', sizeBytes: 1, contentType: 'application/pdf' },
      ];
      expect(fields(draft({ attachments: two }), county, { ...rules, policy })).toEqual([
        'attachments',
      ]);
    });
  });

  it('refuses values outside the vocabularies when called without a schema', () => {
    expect(fields(draft({ channel: 'fax' as never, nature: 'rumour' as never }))).toEqual([
      'channel',
      'nature',
    ]);
  });
});

describe('offices and tenants', () => {
  it('a county or township office numbers and sets policy as its county; a higher office as itself', () => {
    expect(officeScopeCode(officeAt('441481001'))).toBe('441481');
    expect(officeScopeCode(officeAt('441481'))).toBe('441481');
    expect(officeScopeCode(officeAt('441400'))).toBe('441400');
  });

  it('builds ID numbers for the mothers with a valid check character', () => {
    expect(idNumber('110105', '19491231', '002')).toBe('11010519491231002X');
  });
});
