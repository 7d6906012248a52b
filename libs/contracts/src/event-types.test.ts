import * as events from './gen/xinfang/case/v1/events';
import {
  CASE_EVENT_NAMES,
  CASE_EVENTS_DLT,
  CASE_EVENTS_TOPIC,
  CaseEventType,
  caseEventCodec,
  decodeCaseEvent,
  encodeCaseEvent,
  isCaseEventType,
  type CaseEventName,
  type CaseEventPayloads,
} from './event-types';

// Messages of events.proto that are parts of events, not events themselves.
const PARTS = ['Actor', 'CaseRef', 'ReferralSource', 'UnitRef'];

const caseRef: events.CaseRef = {
  caseId: '01JNXQ7ZC0A3S5H6V8W9Y1Z2B4',
  caseNumber: '441481-2026-000123',
  tenantId: '441481',
  regionPath: '/440000/441400/441481',
  regionCode: '441481',
};
const clerk: events.Actor = {
  subject: '6f1c1f7e-2d0b-4a55-9a57-0d5d3c1b2a10',
  username: 'clerk.441481',
  role: 'clerk',
  unitId: 'unit-441481-xfj',
};
const system: events.Actor = {
  subject: 'system',
  username: 'supervision',
  role: 'service',
  unitId: 'unit-441481-xfj',
};
const office: events.UnitRef = {
  unitId: 'unit-441481-xfj',
  name: '兴宁市信访局',
  regionCode: '441481',
};
const bureau: events.UnitRef = {
  unitId: 'unit-441481-rsj',
  name: '兴宁市人力资源和社会保障局',
  regionCode: '441481',
};
const township: events.UnitRef = {
  unitId: 'unit-441481001',
  name: '兴宁市宁新街道办事处',
  regionCode: '441481001',
};
const city: events.UnitRef = {
  unitId: 'unit-441400-gov',
  name: '梅州市人民政府',
  regionCode: '441400',
};
const at = '2026-03-02T01:30:00.000Z';
const later = '2026-03-09T06:15:30.250Z';
const base = { caseRef, actor: clerk, occurredAt: at };

// One fully populated payload per event: the type forces every event and every field to be
// listed, and the test below fails if a field keeps its default and so would not be exercised.
// The values exercise every field; not every combination is one intake would produce.
const samples: { [N in CaseEventName]: CaseEventPayloads[N] } = {
  CaseRegistered: {
    ...base,
    channel: events.Channel.CHANNEL_VISIT,
    nature: events.Nature.NATURE_CLAIM,
    subjectCode: 'labor.wages',
    subjectName: '劳动社保/拖欠工资',
    title: '某工地拖欠农民工工资',
    locationRegionCode: '441481001',
    urgency: events.Urgency.URGENCY_URGENT,
    collective: true,
    headcount: 12,
    representativeCount: 5,
    anonymous: true,
    petitionerKeys: ['9f2c4a', '17be03'],
    repeatOfCaseId: '01JMZZ0000000000000000000A',
    repeatCount: 2,
    skipLevel: true,
    competentLevel: events.RegionLevel.REGION_LEVEL_COUNTY,
    legalChannel: true,
    legalChannelKind: events.LegalChannel.LEGAL_CHANNEL_LABOR_ARBITRATION,
    legalChannelReason: '已申请劳动仲裁',
    crossJurisdiction: true,
    referral: {
      issuer: '梅州市信访局',
      reference: 'MZ-2026-0042',
      issuerRegionCode: '441400',
      resultReportDueDate: '2026-04-01',
    },
    receivedAt: '2026-03-01T02:00:00.000Z',
    registeringOffice: office,
    disposeDueDate: '2026-03-17',
  },
  CaseForwarded: {
    ...base,
    fromUnit: office,
    toUnit: bureau,
    coUnits: [township],
    acceptanceDueDate: '2026-03-17',
    letterNumber: '兴信转〔2026〕12号',
    redacted: true,
    ruleId: 'rule-labor',
    note: '请依法办理',
  },
  CaseAssigned: {
    ...base,
    fromUnit: office,
    toUnit: bureau,
    coUnits: [township],
    acceptanceDueDate: '2026-03-17',
    resultReportDueDate: '2026-04-30',
    letterNumber: '兴信交〔2026〕3号',
    requirements: '报送办结报告及答复意见',
    redacted: true,
    ruleId: 'rule-labor',
  },
  CaseDeclined: {
    ...base,
    reason: '属于人民法院受理范围',
    legalChannel: events.LegalChannel.LEGAL_CHANNEL_LITIGATION,
    legalChannelGuidance: '向兴宁市人民法院提起诉讼',
    petitionerNotified: true,
  },
  CaseDisposedDirectly: {
    ...base,
    handlingUnit: office,
    summary: '政策咨询,当场解答',
    answeredOnSpot: true,
  },
  CaseAccepted: {
    ...base,
    unit: bureau,
    unitRole: events.UnitRole.UNIT_ROLE_LEAD,
    handlingDueDate: '2026-05-05',
    petitionerNotified: true,
    late: true,
  },
  CaseNotAccepted: {
    ...base,
    unit: bureau,
    reason: '已进入劳动仲裁程序',
    legalChannel: events.LegalChannel.LEGAL_CHANNEL_LABOR_ARBITRATION,
    legalChannelGuidance: '等待仲裁裁决',
    petitionerNotified: true,
  },
  CaseReturned: {
    ...base,
    unit: bureau,
    toUnit: office,
    reason: '不属于本单位职责',
    suggestedUnit: township,
    withinWindow: true,
  },
  CaseRerouted: {
    ...base,
    fromUnit: bureau,
    toUnit: township,
    coUnits: [bureau],
    mode: events.RouteMode.ROUTE_MODE_ASSIGN,
    reason: '属地管理',
    acceptanceDueDate: '2026-03-24',
    resultReportDueDate: '2026-05-08',
    redacted: true,
  },
  CaseExtensionRequested: {
    ...base,
    unit: bureau,
    requestedDays: 30,
    reason: '需现场核查',
    currentDueDate: '2026-05-05',
  },
  CaseExtended: {
    ...base,
    unit: bureau,
    days: 30,
    reason: '需现场核查',
    approvedBy: { ...clerk, username: 'unit-head.441481', role: 'unit-head' },
    previousDueDate: '2026-05-05',
    newDueDate: '2026-06-04',
    petitionerNotified: true,
  },
  CaseReplied: {
    ...base,
    unit: bureau,
    outcome: events.ReplyOutcome.REPLY_OUTCOME_PARTLY_SUPPORTED,
    opinionSummary: '责令支付工资',
    documentNumber: '兴人社信〔2026〕5号',
    late: true,
    deliveredAt: later,
    deliveryMethod: events.ContactMethod.CONTACT_METHOD_LETTER,
    reviewRequestDueDate: '2026-04-08',
    reviewAuthority: city,
  },
  CaseResultReported: {
    ...base,
    unit: bureau,
    toUnit: office,
    summary: '已督促支付',
    dueDate: '2026-04-30',
    late: true,
    signedBy: { ...clerk, role: 'unit-head' },
  },
  CaseClosed: {
    ...base,
    reason: events.ClosureReason.CLOSURE_REASON_MERGED,
    checklistComplete: true,
    onTime: true,
    daysOpen: 41,
    mergedIntoCaseId: '01JMZZ0000000000000000000A',
  },
  CaseResolved: {
    ...base,
    settlementAgreement: true,
    agreementSignedDate: '2026-04-12',
    summary: '工资已足额支付',
    ledgerEntryId: 'ledger-2026-007',
    caseLeader: { ...clerk, role: 'case-leader' },
  },
  SatisfactionRated: {
    ...base,
    satisfaction: events.Satisfaction.SATISFACTION_BASICALLY_SATISFIED,
    source: events.RatingSource.RATING_SOURCE_PORTAL,
    ratedUnit: bureau,
    stage: events.ReviewStage.REVIEW_STAGE_REVIEW,
  },
  FollowUpRecorded: {
    ...base,
    method: events.ContactMethod.CONTACT_METHOD_PHONE,
    petitionerReached: true,
    summary: '对处理结果表示认可',
    satisfaction: events.Satisfaction.SATISFACTION_SATISFIED,
    stable: true,
  },
  ReviewRequested: {
    ...base,
    reviewId: 'review-1',
    authority: city,
    grounds: '认为补偿标准过低',
    withinWindow: true,
    decisionDueDate: '2026-05-11',
  },
  ReviewDecided: {
    ...base,
    reviewId: 'review-1',
    authority: city,
    outcome: events.ReviewOutcome.REVIEW_OUTCOME_REVISE,
    summary: '变更补偿标准',
    documentNumber: '梅府复〔2026〕8号',
    hearingHeld: true,
    late: true,
    deliveredAt: later,
    reReviewRequestDueDate: '2026-06-10',
  },
  ReReviewRequested: {
    ...base,
    reReviewId: 're-review-1',
    reviewId: 'review-1',
    authority: { unitId: 'unit-440000-xfj', name: '广东省信访局', regionCode: '440000' },
    grounds: '仍不服',
    withinWindow: true,
    decisionDueDate: '2026-07-10',
  },
  ReReviewDecided: {
    ...base,
    reReviewId: 're-review-1',
    authority: { unitId: 'unit-440000-xfj', name: '广东省信访局', regionCode: '440000' },
    outcome: events.ReviewOutcome.REVIEW_OUTCOME_UPHOLD,
    summary: '维持复查意见',
    documentNumber: '粤信核〔2026〕2号',
    hearingHeld: true,
    late: true,
    deliveredAt: later,
  },
  CaseTerminated: {
    ...base,
    reReviewId: 're-review-1',
    authority: { unitId: 'unit-440000-xfj', name: '广东省信访局', regionCode: '440000' },
    subjectCode: 'labor.wages',
    locationRegionCode: '441481001',
    basis: '粤信核〔2026〕2号,《信访工作条例》第三十六条',
  },
  HearingScheduled: {
    ...base,
    hearingId: 'hearing-1',
    stage: events.ReviewStage.REVIEW_STAGE_RE_REVIEW,
    reviewId: 're-review-1',
    scheduledAt: later,
    venue: '梅州市信访局听证室',
    public: true,
    presidingOfficer: 'hearing-officer-7',
    panelSize: 5,
    monitorCount: 2,
  },
  HearingHeld: {
    ...base,
    hearingId: 'hearing-1',
    stage: events.ReviewStage.REVIEW_STAGE_RE_REVIEW,
    reviewId: 're-review-1',
    startedAt: later,
    majorityOpinion: '维持',
    panelSize: 5,
    majorityCount: 4,
    dissentRecorded: true,
    minutesDocumentId: 'doc-minutes-1',
  },
  ClockStarted: {
    ...base,
    actor: system,
    clockId: 'clock-1',
    kind: events.ClockKind.CLOCK_KIND_OBJECTION,
    limitDays: 5,
    counting: events.DayCounting.DAY_COUNTING_WORKING,
    dueDate: '2026-03-09',
    responsibleUnit: bureau,
  },
  ClockPaused: {
    ...base,
    clockId: 'clock-9',
    kind: events.ClockKind.CLOCK_KIND_RE_REVIEW_DECISION,
    reason: 'hearing',
    remainingDays: 12,
    hearingId: 'hearing-1',
  },
  ClockResumed: {
    ...base,
    clockId: 'clock-9',
    kind: events.ClockKind.CLOCK_KIND_RE_REVIEW_DECISION,
    remainingDays: 12,
    dueDate: '2026-07-22',
  },
  ClockStopped: {
    ...base,
    clockId: 'clock-4',
    kind: events.ClockKind.CLOCK_KIND_HANDLING,
    reason: events.ClockStopReason.CLOCK_STOP_REASON_MET_LATE,
    dueDate: '2026-05-05',
    overdueDays: 3,
  },
  DeadlineReminder: {
    ...base,
    actor: system,
    clockId: 'clock-4',
    kind: events.ClockKind.CLOCK_KIND_HANDLING,
    dueDate: '2026-05-05',
    daysLeft: 3,
    responsibleUnit: bureau,
  },
  CaseOverdue: {
    ...base,
    actor: system,
    clockId: 'clock-4',
    kind: events.ClockKind.CLOCK_KIND_HANDLING,
    dueDate: '2026-05-05',
    responsibleUnit: bureau,
  },
  CaseEscalated: {
    ...base,
    actor: system,
    level: 2,
    body: events.EscalationBody.ESCALATION_BODY_INSPECTION_OFFICE,
    clockId: 'clock-4',
    kind: events.ClockKind.CLOCK_KIND_HANDLING,
    overdueSince: '2026-05-06',
    supervisedUnit: bureau,
  },
  SupervisionNoticeIssued: {
    ...base,
    noticeId: 'notice-1',
    kind: events.SupervisionNoticeKind.SUPERVISION_NOTICE_KIND_SUPERVISION,
    documentNumber: '兴信督〔2026〕4号',
    issuer: office,
    targetUnit: bureau,
    reason: '超期未答复',
    responseDueDate: '2026-05-20',
    escalationLevel: 1,
  },
  CaseLeaderAssigned: {
    ...base,
    leaderSubject: 'leader-3',
    leaderName: '李明',
    leaderTitle: '副市长',
    leaderUnit: { unitId: 'unit-441481-gov', name: '兴宁市人民政府', regionCode: '441481' },
    previousLeaderSubject: 'leader-1',
  },
  BacklogFlagged: {
    ...base,
    ledgerEntryId: 'ledger-2026-007',
    reason: 'open 180+ days',
    daysOpen: 190,
    ownerSubject: 'leader-3',
    targetDate: '2026-09-30',
    planSummary: '分期支付,专人跟进',
  },
};

type Fns = events.MessageFns<unknown>;

function isMessageFns(value: unknown): value is Fns {
  const fns = value as Partial<Fns> | undefined;
  return typeof fns?.fromJSON === 'function' && typeof fns.encode === 'function';
}

const generatedMessages = Object.entries(events as Record<string, unknown>)
  .filter((entry): entry is [string, Fns] => isMessageFns(entry[1]))
  .map(([name]) => name)
  .sort();

describe('case event types', () => {
  it('names the topic and its dead letters', () => {
    expect(CASE_EVENTS_TOPIC).toBe('xinfang.case.v1');
    expect(CASE_EVENTS_DLT).toBe('xinfang.case.v1.dlt');
    expect(events.protobufPackage).toBe(CASE_EVENTS_TOPIC);
  });

  it('has a type constant for every event message of the generated module, and no other', () => {
    const eventMessages = generatedMessages.filter((name) => !PARTS.includes(name));
    expect([...CASE_EVENT_NAMES].sort()).toEqual(eventMessages);
    expect(generatedMessages).toEqual(expect.arrayContaining(PARTS));
  });

  it.each(generatedMessages.filter((name) => !PARTS.includes(name)))(
    '%s carries case_ref, actor and occurred_at',
    (name) => {
      const fns = (events as unknown as Record<string, Fns>)[name]!;
      expect(Object.keys(fns.create() as object).slice(0, 3)).toEqual([
        'caseRef',
        'actor',
        'occurredAt',
      ]);
    },
  );

  it.each(CASE_EVENT_NAMES)('%s: ce_type is xinfang.case.v1.<Name>', (name) => {
    expect(CaseEventType[name]).toBe(`xinfang.case.v1.${name}`);
    expect(isCaseEventType(CaseEventType[name])).toBe(true);
    expect(caseEventCodec(CaseEventType[name])?.name).toBe(name);
  });

  it.each(CASE_EVENT_NAMES)('%s: the sample sets every field', (name) => {
    const codec = caseEventCodec(CaseEventType[name])!;
    const defaults = codec.fromPartial({}) as unknown as Record<string, unknown>;
    const sample = samples[name] as unknown as Record<string, unknown>;
    expect(Object.keys(sample).sort()).toEqual(Object.keys(defaults).sort());
    for (const [field, value] of Object.entries(defaults)) {
      const set = sample[field];
      const isDefault = Array.isArray(set) ? set.length === 0 : set === value;
      expect({ field, isDefault }).toEqual({ field, isDefault: false });
    }
  });

  it.each(CASE_EVENT_NAMES)('%s round-trips through proto3 JSON and binary', (name) => {
    const codec = caseEventCodec(CaseEventType[name])!;
    const sample = samples[name];
    const json = JSON.parse(JSON.stringify(codec.toJSON(sample)));
    expect(codec.fromJSON(json)).toEqual(sample);
    expect(codec.decode(codec.encode(sample))).toEqual(sample);
    expect(codec.fromPartial(sample)).toEqual(sample);
  });
});

describe('proto3 JSON of events', () => {
  it('uses camelCase keys, enum names, RFC 3339 instants and YYYY-MM-DD due dates', () => {
    const { type, json } = encodeCaseEvent('CaseRegistered', samples.CaseRegistered);
    expect(type).toBe('xinfang.case.v1.CaseRegistered');
    expect(json).toMatchObject({
      caseRef: { caseId: caseRef.caseId, tenantId: '441481' },
      occurredAt: at,
      channel: 'CHANNEL_VISIT',
      nature: 'NATURE_CLAIM',
      legalChannelKind: 'LEGAL_CHANNEL_LABOR_ARBITRATION',
      petitionerKeys: ['9f2c4a', '17be03'],
      disposeDueDate: '2026-03-17',
    });
  });

  it('leaves default values out and reads them back as defaults', () => {
    const { json } = encodeCaseEvent('CaseOverdue', { caseRef, occurredAt: at });
    expect(json).toEqual({ caseRef, occurredAt: at });
    const decoded = decodeCaseEvent(CaseEventType.CaseOverdue, json);
    expect(decoded?.name).toBe('CaseOverdue');
    if (decoded?.name !== 'CaseOverdue') throw new Error('not narrowed');
    expect(decoded.payload.kind).toBe(events.ClockKind.CLOCK_KIND_UNSPECIFIED);
    expect(decoded.payload.dueDate).toBe('');
    expect(decoded.payload.responsibleUnit).toBeUndefined();
  });

  it('accepts the original snake_case field names', () => {
    const decoded = caseEventCodec(CaseEventType.CaseExtended).fromJSON({
      case_ref: { case_id: 'c1' },
      days: 30,
      new_due_date: '2026-06-04',
    });
    expect(decoded.caseRef?.caseId).toBe('c1');
    expect(decoded.newDueDate).toBe('2026-06-04');
  });

  it('decodes by ce_type into a payload narrowed by name', () => {
    const json = caseEventCodec(CaseEventType.CaseEscalated).toJSON(samples.CaseEscalated);
    const decoded = decodeCaseEvent('xinfang.case.v1.CaseEscalated', json);
    if (decoded?.name !== 'CaseEscalated') throw new Error(`decoded as ${decoded?.name}`);
    expect(decoded.type).toBe('xinfang.case.v1.CaseEscalated');
    expect(decoded.payload.level).toBe(2);
    expect(decoded.payload.body).toBe(events.EscalationBody.ESCALATION_BODY_INSPECTION_OFFICE);
  });

  it('returns undefined for a ce_type this version does not know', () => {
    expect(isCaseEventType('xinfang.case.v1.SomethingNew')).toBe(false);
    expect(isCaseEventType('xinfang.case.v2.CaseRegistered')).toBe(false);
    expect(caseEventCodec('xinfang.case.v1.SomethingNew')).toBeUndefined();
    expect(decodeCaseEvent('xinfang.case.v1.SomethingNew', {})).toBeUndefined();
  });

  it('rejects an enum value this version does not know', () => {
    expect(() =>
      decodeCaseEvent(CaseEventType.CaseRegistered, { channel: 'CHANNEL_CARRIER_PIGEON' }),
    ).toThrow(/Unrecognized enum value/);
  });
});
