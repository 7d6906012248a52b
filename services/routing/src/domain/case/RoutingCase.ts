import {
  ConflictError,
  FieldIssue,
  ForbiddenError,
  isLocalDate,
  isRegionCode,
  PreconditionError,
  regionLevel,
  regionPath,
  ValidationError,
} from '@xinfang/kernel';
import { Deadlines } from '../deadlines';
import {
  CaseAccepted,
  CaseAssigned,
  CaseDeclined,
  CaseDisposedDirectly,
  CaseExtended,
  CaseExtensionRequested,
  CaseForwarded,
  CaseNotAccepted,
  CaseReplied,
  CaseRerouted,
  CaseResultReported,
  CaseReturned,
  RoutingEvent,
  RoutingEventType,
} from '../events';
import { JurisdictionProposal } from '../jurisdiction/jurisdiction';
import { Actor, CaseRef, UnitRef } from '../refs';
import { RouteMode, UnitRole } from '../vocabulary';
import { mustRedactFor } from './redaction';
import { assertStep, RoutingStatus } from './status';
import {
  AcceptanceRecord,
  CaseRegistration,
  ExtensionRecord,
  NonAcceptanceRecord,
  OfficeDecline,
  ReplyInput,
  ReplyRecord,
  ReturnRecord,
  RouteDecision,
  RouteRecord,
  RoutingCaseState,
} from './records';

/**
 * One case as routing sees it: from registration through disposal at the petition office,
 * acceptance, objection and re-routing, extension, and reply by the competent unit. Each step
 * checks the status, records its event and advances the status.
 */
export class RoutingCase {
  private events: RoutingEvent[] = [];

  private constructor(private state: RoutingCaseState) {}

  /** Opens routing for a newly registered case; the dispose clock starts at receipt. */
  static open(reg: CaseRegistration, deadlines: Deadlines): RoutingCase {
    const issues: FieldIssue[] = [];
    if (!isRegionCode(reg.regionCode))
      issues.push({ field: 'regionCode', reason: `"${reg.regionCode}" is not a region code` });
    if (!isRegionCode(reg.tenantId) || regionLevel(reg.tenantId) !== 'county') {
      issues.push({ field: 'tenantId', reason: `"${reg.tenantId}" is not a county code` });
    }
    if (!isRegionCode(reg.office.regionCode)) {
      issues.push({
        field: 'office.regionCode',
        reason: `"${reg.office.regionCode}" is not a region code`,
      });
    }
    if (reg.receivedAt.getTime() > reg.registeredAt.getTime()) {
      issues.push({ field: 'receivedAt', reason: 'must not be after registration' });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    return new RoutingCase({
      caseId: reg.caseId,
      caseNumber: reg.caseNumber,
      tenantId: reg.tenantId,
      regionCode: reg.regionCode,
      regionPath: regionPath(reg.regionCode),
      subjectCode: reg.subjectCode,
      nature: reg.nature,
      legalChannel: reg.legalChannel,
      legalChannelKind: reg.legalChannelKind,
      crossJurisdiction: reg.crossJurisdiction,
      competentLevel: reg.competentLevel,
      accusedUnitIds: [...new Set(reg.accusedUnitIds)],
      office: reg.office,
      receivedAt: reg.receivedAt,
      registeredAt: reg.registeredAt,
      disposeDueDate: deadlines.dispose(reg.receivedAt),
      status: 'registered',
      proposal: null,
      routes: [],
      returns: [],
      disposal: null,
      nonAcceptance: null,
      handlingDueDate: null,
      extensions: [],
      reply: null,
      resultReport: null,
      version: 0,
      updatedAt: reg.registeredAt,
    });
  }

  static restore(state: RoutingCaseState): RoutingCase {
    return new RoutingCase(state);
  }

  get id(): string {
    return this.state.caseId;
  }
  get caseNumber(): string {
    return this.state.caseNumber;
  }
  get status(): RoutingStatus {
    return this.state.status;
  }
  get version(): number {
    return this.state.version;
  }
  get regionPath(): string {
    return this.state.regionPath;
  }
  /** The petition office that sends the case out and takes it back on return. */
  get office(): UnitRef {
    return this.state.office;
  }
  get proposal(): JurisdictionProposal | null {
    return this.state.proposal;
  }
  get accusedUnitIds(): readonly string[] {
    return this.state.accusedUnitIds;
  }
  /** The current sending, or null before the case was sent out. */
  get currentRoute(): RouteRecord | null {
    return this.state.routes[this.state.routes.length - 1] ?? null;
  }
  get lastReturn(): ReturnRecord | null {
    return this.state.returns[this.state.returns.length - 1] ?? null;
  }

  /**
   * The unit `unitId` as the case names it, when the case is currently sent to it as lead or
   * co-unit. Throws ConflictError when the case is with no unit, ForbiddenError when it is with
   * other units.
   */
  recipient(unitId: string): UnitRef {
    const route = this.currentRoute;
    const atUnit: readonly RoutingStatus[] = [
      'forwarded',
      'assigned',
      'accepted',
      'notAccepted',
      'replied',
    ];
    if (!route || !atUnit.includes(this.state.status)) {
      throw new ConflictError(
        `case ${this.state.caseNumber} is ${this.state.status} and not with any unit`,
        {
          status: this.state.status,
        },
      );
    }
    const unit = [route.lead, ...route.coUnits].find((u) => u.unitId === unitId);
    if (!unit)
      throw new ForbiddenError(`unit ${unitId} is not handling case ${this.state.caseNumber}`);
    return unit;
  }

  ref(): CaseRef {
    const s = this.state;
    return {
      caseId: s.caseId,
      caseNumber: s.caseNumber,
      tenantId: s.tenantId,
      regionPath: s.regionPath,
      regionCode: s.regionCode,
    };
  }

  /** Every unit the case has been sent to, current first. */
  involvedUnits(): UnitRef[] {
    const all = [...this.state.routes].reverse().flatMap((r) => [r.lead, ...r.coUnits]);
    return all.filter((u, i) => all.findIndex((v) => v.unitId === u.unitId) === i);
  }

  /** Records the jurisdiction proposal the clerk confirms or changes. */
  propose(proposal: JurisdictionProposal, at: Date): void {
    assertStep('propose', this.state.status, this.state.caseNumber);
    this.change({ proposal: { ...proposal, proposedAt: at } }, at);
  }

  /**
   * Names units an accusation accuses (Art. 30), as the clerk finds them in the letter. Names are
   * only ever added: once protected, an informant stays protected from that unit.
   */
  nameAccused(unitIds: readonly string[], at: Date): void {
    assertStep('nameAccused', this.state.status, this.state.caseNumber);
    const accusedUnitIds = [...new Set([...this.state.accusedUnitIds, ...unitIds])];
    if (accusedUnitIds.length === this.state.accusedUnitIds.length) return;
    this.change({ accusedUnitIds }, at);
  }

  /** 转送 / 交办: the petition office sends the case to the competent unit(s). */
  route(decision: RouteDecision, actor: Actor, deadlines: Deadlines, at: Date): void {
    assertStep('route', this.state.status, this.state.caseNumber);
    const route = this.newRoute(decision, actor, deadlines, at, false);
    this.change({ status: statusOf(route.mode), routes: [...this.state.routes, route] }, at);
    const common = {
      caseRef: this.ref(),
      actor,
      occurredAt: at,
      fromUnit: this.state.office,
      toUnit: route.lead,
      coUnits: route.coUnits,
      acceptanceDueDate: route.acceptanceDueDate,
      objectionDueDate: route.objectionDueDate,
      redacted: route.redactedUnitIds.length > 0,
      redactedUnitIds: route.redactedUnitIds,
      letterNumber: route.letterNumber,
      ruleId: route.ruleId,
    };
    if (route.mode === 'forward') {
      this.record<CaseForwarded>({
        type: RoutingEventType.CaseForwarded,
        ...common,
        note: route.note,
      });
    } else {
      this.record<CaseAssigned>({
        type: RoutingEventType.CaseAssigned,
        ...common,
        resultReportDueDate: route.resultReportDueDate!,
        requirements: route.requirements,
      });
    }
  }

  /** 改派: after a return, the office sends the case to another (or the same) unit. */
  reroute(
    decision: RouteDecision,
    reason: string,
    actor: Actor,
    deadlines: Deadlines,
    at: Date,
  ): void {
    assertStep('reroute', this.state.status, this.state.caseNumber);
    requireText(reason, 'reason');
    const returned = this.lastReturn!;
    const route = this.newRoute(decision, actor, deadlines, at, true);
    this.change({ status: statusOf(route.mode), routes: [...this.state.routes, route] }, at);
    this.record<CaseRerouted>({
      type: RoutingEventType.CaseRerouted,
      caseRef: this.ref(),
      actor,
      occurredAt: at,
      fromUnit: returned.unit,
      office: this.state.office,
      toUnit: route.lead,
      coUnits: route.coUnits,
      mode: route.mode,
      reason: reason.trim(),
      acceptanceDueDate: route.acceptanceDueDate,
      objectionDueDate: route.objectionDueDate,
      resultReportDueDate: route.resultReportDueDate,
      redacted: route.redactedUnitIds.length > 0,
      redactedUnitIds: route.redactedUnitIds,
    });
  }

  /** 不予受理 at the office: not a petition matter; a legal-channel matter is told where to go. */
  decline(input: OfficeDecline, actor: Actor, at: Date): void {
    assertStep('decline', this.state.status, this.state.caseNumber);
    this.checkDeclineInput(input);
    this.change(
      {
        status: 'declined',
        disposal: {
          kind: 'declined',
          reason: input.reason.trim(),
          legalChannel: input.legalChannel,
          legalChannelGuidance: input.legalChannelGuidance?.trim() || null,
          petitionerNotified: input.petitionerNotified,
          at,
          by: actor,
        },
      },
      at,
    );
    this.record<CaseDeclined>({
      type: RoutingEventType.CaseDeclined,
      caseRef: this.ref(),
      actor,
      occurredAt: at,
      office: this.state.office,
      reason: input.reason.trim(),
      legalChannel: input.legalChannel,
      legalChannelGuidance: input.legalChannelGuidance?.trim() || null,
      petitionerNotified: input.petitionerNotified,
    });
  }

  /** The office answers the matter itself (e.g. on the spot) instead of sending it. */
  handleDirectly(
    input: { summary: string; answeredOnSpot: boolean },
    actor: Actor,
    at: Date,
  ): void {
    assertStep('handleDirectly', this.state.status, this.state.caseNumber);
    requireText(input.summary, 'summary');
    const summary = input.summary.trim();
    this.change(
      {
        status: 'disposedDirectly',
        disposal: {
          kind: 'handledDirectly',
          summary,
          answeredOnSpot: input.answeredOnSpot,
          at,
          by: actor,
        },
      },
      at,
    );
    this.record<CaseDisposedDirectly>({
      type: RoutingEventType.CaseDisposedDirectly,
      caseRef: this.ref(),
      actor,
      occurredAt: at,
      handlingUnit: this.state.office,
      summary,
      answeredOnSpot: input.answeredOnSpot,
    });
  }

  /**
   * 受理 by a unit the case was sent to. The lead unit's acceptance starts the handling clock; a
   * co-unit's is recorded alongside and may come while the lead handles the case.
   */
  accept(
    unit: UnitRef,
    petitionerNotified: boolean,
    actor: Actor,
    deadlines: Deadlines,
    at: Date,
  ): void {
    const route = this.currentRoute;
    const role = route ? this.roleOf(unit.unitId, route) : null;
    assertStep(role === 'co' ? 'coAccept' : 'accept', this.state.status, this.state.caseNumber);
    if (!route || !role) throw this.notRecipient(unit);
    if (route.acceptances.some((a) => a.unit.unitId === unit.unitId)) {
      throw new ConflictError(`${unit.name} has already accepted case ${this.state.caseNumber}`);
    }
    const late = deadlines.today(at) > route.acceptanceDueDate;
    const acceptance: AcceptanceRecord = {
      unit,
      role,
      acceptedAt: at,
      by: actor,
      late,
      petitionerNotified,
    };
    const updatedRoute = { ...route, acceptances: [...route.acceptances, acceptance] };
    // A co-unit accepting before the lead works to its own limit until the lead's is known.
    const handlingDueDate =
      role === 'lead'
        ? deadlines.handling(at)
        : (this.state.handlingDueDate ?? deadlines.handling(at));
    this.change(
      {
        routes: [...this.state.routes.slice(0, -1), updatedRoute],
        ...(role === 'lead' ? { status: 'accepted' as const, handlingDueDate } : {}),
      },
      at,
    );
    this.record<CaseAccepted>({
      type: RoutingEventType.CaseAccepted,
      caseRef: this.ref(),
      actor,
      occurredAt: at,
      unit,
      unitRole: role,
      handlingDueDate,
      petitionerNotified,
      late,
    });
  }

  /** 不予受理 by the lead unit, with the written reason given to the petitioner. */
  notAccept(unit: UnitRef, input: OfficeDecline, actor: Actor, at: Date): void {
    assertStep('notAccept', this.state.status, this.state.caseNumber);
    this.assertLead(unit);
    this.checkDeclineInput(input);
    const record: NonAcceptanceRecord = {
      unit,
      reason: input.reason.trim(),
      legalChannel: input.legalChannel,
      legalChannelGuidance: input.legalChannelGuidance?.trim() || null,
      petitionerNotified: input.petitionerNotified,
      at,
      by: actor,
    };
    this.change({ status: 'notAccepted', nonAcceptance: record }, at);
    this.record<CaseNotAccepted>({
      type: RoutingEventType.CaseNotAccepted,
      caseRef: this.ref(),
      actor,
      occurredAt: at,
      unit,
      reason: record.reason,
      legalChannel: record.legalChannel,
      legalChannelGuidance: record.legalChannelGuidance,
      petitionerNotified: record.petitionerNotified,
    });
  }

  /**
   * 退回: the lead unit objects that the case is not theirs (Art. 23). Only within the objection
   * window; afterwards the unit must handle the case.
   */
  returnToOffice(
    unit: UnitRef,
    input: { reason: string; suggestedUnit: UnitRef | null },
    actor: Actor,
    deadlines: Deadlines,
    at: Date,
  ): void {
    assertStep('return', this.state.status, this.state.caseNumber);
    const route = this.assertLead(unit);
    requireText(input.reason, 'reason');
    if (deadlines.today(at) > route.objectionDueDate) {
      throw new PreconditionError(
        `the objection period for case ${this.state.caseNumber} ended on ${route.objectionDueDate}; ${unit.name} must handle the case`,
        { objectionDueDate: route.objectionDueDate },
      );
    }
    if (input.suggestedUnit?.unitId === unit.unitId) {
      throw new ValidationError('suggestedUnitId', 'must be another unit than the returning one');
    }
    const record: ReturnRecord = {
      unit,
      reason: input.reason.trim(),
      suggestedUnit: input.suggestedUnit,
      returnedAt: at,
      by: actor,
    };
    this.change(
      { status: 'returned', returns: [...this.state.returns, record], proposal: null },
      at,
    );
    this.record<CaseReturned>({
      type: RoutingEventType.CaseReturned,
      caseRef: this.ref(),
      actor,
      occurredAt: at,
      unit,
      toUnit: this.state.office,
      reason: record.reason,
      suggestedUnit: record.suggestedUnit,
      objectionDueDate: route.objectionDueDate,
    });
  }

  /** A handler asks the unit head for the one extension of the handling limit (Art. 34). */
  requestExtension(
    unit: UnitRef,
    input: { days: number; reason: string },
    actor: Actor,
    deadlines: Deadlines,
    at: Date,
  ): void {
    assertStep('requestExtension', this.state.status, this.state.caseNumber);
    this.assertLead(unit);
    const { maxDays, maxCount } = deadlines.policy.extension;
    const issues: FieldIssue[] = [];
    if (!Number.isInteger(input.days) || input.days < 1 || input.days > maxDays) {
      issues.push({ field: 'days', reason: `must be a whole number from 1 to ${maxDays}` });
    }
    if (input.reason.trim() === '') issues.push({ field: 'reason', reason: 'is required' });
    if (issues.length > 0) throw new ValidationError(issues);
    if (this.state.extensions.some((e) => e.status === 'pending')) {
      throw new ConflictError(
        `an extension of case ${this.state.caseNumber} is already awaiting the unit head's approval`,
      );
    }
    this.assertExtensionAllowed(maxCount);
    const due = this.state.handlingDueDate!;
    if (deadlines.today(at) > due) {
      throw new PreconditionError(
        `the handling time limit of case ${this.state.caseNumber} ended on ${due}; an extension must be asked for before it ends`,
        { handlingDueDate: due },
      );
    }
    const request: ExtensionRecord = {
      requestedDays: input.days,
      reason: input.reason.trim(),
      requestedAt: at,
      requestedBy: actor,
      status: 'pending',
      approval: null,
    };
    this.change({ extensions: [...this.state.extensions, request] }, at);
    this.record<CaseExtensionRequested>({
      type: RoutingEventType.CaseExtensionRequested,
      caseRef: this.ref(),
      actor,
      occurredAt: at,
      unit,
      requestedDays: input.days,
      reason: request.reason,
      currentDueDate: due,
    });
  }

  /** 延期: the unit head approves the pending request, for its days or fewer. */
  approveExtension(
    unit: UnitRef,
    input: { days: number | null; petitionerNotified: boolean },
    actor: Actor,
    deadlines: Deadlines,
    at: Date,
  ): void {
    assertStep('approveExtension', this.state.status, this.state.caseNumber);
    const route = this.assertLead(unit);
    const index = this.state.extensions.findIndex((e) => e.status === 'pending');
    if (index < 0) {
      this.assertExtensionAllowed(deadlines.policy.extension.maxCount);
      throw new ConflictError(`no extension of case ${this.state.caseNumber} is awaiting approval`);
    }
    const request = this.state.extensions[index]!;
    const days = input.days ?? request.requestedDays;
    if (!Number.isInteger(days) || days < 1 || days > request.requestedDays) {
      throw new ValidationError(
        'days',
        `must be a whole number from 1 to the ${request.requestedDays} days asked for`,
      );
    }
    const granted = this.grantedExtensionDays() + days;
    const acceptedAt = route.acceptances.find((a) => a.role === 'lead')!.acceptedAt;
    const previousDueDate = this.state.handlingDueDate!;
    const newDueDate = deadlines.handling(acceptedAt, granted);
    const approved: ExtensionRecord = {
      ...request,
      status: 'approved',
      approval: {
        days,
        approvedAt: at,
        approvedBy: actor,
        previousDueDate,
        newDueDate,
        petitionerNotified: input.petitionerNotified,
      },
    };
    const extensions = this.state.extensions.map((e, i) => (i === index ? approved : e));
    this.change({ extensions, handlingDueDate: newDueDate }, at);
    this.record<CaseExtended>({
      type: RoutingEventType.CaseExtended,
      caseRef: this.ref(),
      actor,
      occurredAt: at,
      unit,
      days,
      reason: request.reason,
      requestedBy: request.requestedBy,
      approvedBy: actor,
      previousDueDate,
      newDueDate,
      petitionerNotified: input.petitionerNotified,
    });
  }

  /** 答复: the lead unit's written opinion (处理意见书) with its outcome. */
  reply(unit: UnitRef, input: ReplyInput, actor: Actor, deadlines: Deadlines, at: Date): void {
    assertStep('reply', this.state.status, this.state.caseNumber);
    this.assertLead(unit);
    requireText(input.opinionSummary, 'opinionSummary');
    if (input.deliveredAt && input.deliveredAt.getTime() > at.getTime()) {
      throw new ValidationError('deliveredAt', 'must not be in the future');
    }
    const handlingDueDate = this.state.handlingDueDate!;
    const late = deadlines.today(at) > handlingDueDate;
    const record: ReplyRecord = {
      unit,
      outcome: input.outcome,
      opinionSummary: input.opinionSummary.trim(),
      documentNumber: input.documentNumber?.trim() || null,
      repliedAt: at,
      by: actor,
      late,
      deliveredAt: input.deliveredAt,
      deliveryMethod: input.deliveryMethod,
      reviewRequestDueDate: input.deliveredAt ? deadlines.reviewRequest(input.deliveredAt) : null,
      reviewAuthority: input.reviewAuthority,
    };
    // A request still undecided when the unit replies is moot.
    const extensions = this.state.extensions.map((e) =>
      e.status === 'pending' ? { ...e, status: 'lapsed' as const } : e,
    );
    this.change({ status: 'replied', reply: record, extensions }, at);
    this.record<CaseReplied>({
      type: RoutingEventType.CaseReplied,
      caseRef: this.ref(),
      actor,
      occurredAt: at,
      unit,
      outcome: record.outcome,
      opinionSummary: record.opinionSummary,
      documentNumber: record.documentNumber,
      handlingDueDate,
      late,
      deliveredAt: record.deliveredAt,
      deliveryMethod: record.deliveryMethod,
      reviewRequestDueDate: record.reviewRequestDueDate,
      reviewAuthority: record.reviewAuthority,
    });
  }

  /** 办结报告: the lead unit reports the result of an assigned case to the assigning office. */
  reportResult(
    unit: UnitRef,
    summary: string,
    signedBy: Actor | null,
    actor: Actor,
    deadlines: Deadlines,
    at: Date,
  ): void {
    const route = this.currentRoute;
    if (route && route.mode !== 'assign') {
      throw new ConflictError(
        `case ${this.state.caseNumber} was forwarded, not assigned; no result report is due`,
      );
    }
    assertStep('reportResult', this.state.status, this.state.caseNumber);
    this.assertLead(unit);
    if (this.state.resultReport) {
      throw new ConflictError(`the result of case ${this.state.caseNumber} was already reported`);
    }
    requireText(summary, 'summary');
    const dueDate = route!.resultReportDueDate!;
    const late = deadlines.today(at) > dueDate;
    this.change(
      { resultReport: { summary: summary.trim(), reportedAt: at, by: actor, signedBy, late } },
      at,
    );
    this.record<CaseResultReported>({
      type: RoutingEventType.CaseResultReported,
      caseRef: this.ref(),
      actor,
      occurredAt: at,
      unit,
      toUnit: this.state.office,
      summary: summary.trim(),
      dueDate,
      late,
      signedBy,
    });
  }

  /** The events recorded since the last pull, oldest first; the list is emptied. */
  pullEvents(): RoutingEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }

  toState(): RoutingCaseState {
    return this.state;
  }

  private newRoute(
    decision: RouteDecision,
    actor: Actor,
    deadlines: Deadlines,
    at: Date,
    rerouted: boolean,
  ): RouteRecord {
    const issues: FieldIssue[] = [];
    const coUnits = decision.coUnits.filter(
      (u, i) => decision.coUnits.findIndex((v) => v.unitId === u.unitId) === i,
    );
    if (decision.lead.unitId === this.state.office.unitId) {
      issues.push({
        field: 'leadUnitId',
        reason: 'is the sending office itself; handle the case directly instead',
      });
    }
    coUnits.forEach((u, i) => {
      if (u.unitId === decision.lead.unitId)
        issues.push({ field: `coUnitIds.${i}`, reason: 'is the lead unit' });
    });
    const today = deadlines.today(at);
    const handlingLimit = deadlines.handling(at);
    let resultReportDueDate: string | null = null;
    if (decision.mode === 'assign') {
      const due = decision.resultReportDueDate;
      if (due === null)
        issues.push({ field: 'resultReportDueDate', reason: 'is required to assign a case' });
      else if (!isLocalDate(due))
        issues.push({
          field: 'resultReportDueDate',
          reason: `"${due}" is not a date (YYYY-MM-DD)`,
        });
      else if (due <= today)
        issues.push({ field: 'resultReportDueDate', reason: `must be after today (${today})` });
      else if (due > handlingLimit) {
        issues.push({
          field: 'resultReportDueDate',
          reason: `must be on or before ${handlingLimit}, the end of the handling time limit`,
        });
      } else resultReportDueDate = due;
    } else if (decision.resultReportDueDate !== null || decision.requirements !== null) {
      issues.push({ field: 'resultReportDueDate', reason: 'applies only to an assigned case' });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    const recipients = [decision.lead, ...coUnits];
    return {
      mode: decision.mode,
      lead: decision.lead,
      coUnits,
      routedAt: at,
      routedBy: actor,
      rerouted,
      acceptanceDueDate: deadlines.acceptance(at),
      objectionDueDate: deadlines.objection(at),
      resultReportDueDate,
      requirements: decision.requirements?.trim() || null,
      letterNumber: decision.letterNumber?.trim() || null,
      note: decision.note?.trim() || null,
      ruleId: decision.ruleId,
      redactedUnitIds: recipients
        .filter((u) => mustRedactFor(this.state, u.unitId))
        .map((u) => u.unitId),
      acceptances: [],
    };
  }

  private checkDeclineInput(input: OfficeDecline): void {
    const issues: FieldIssue[] = [];
    if (input.reason.trim() === '') issues.push({ field: 'reason', reason: 'is required' });
    if (this.state.legalChannel && input.legalChannel === null) {
      issues.push({
        field: 'legalChannel',
        reason: 'is required for a matter that belongs to a legal channel',
      });
    }
    if (input.legalChannel !== null && !input.legalChannelGuidance?.trim()) {
      issues.push({
        field: 'legalChannelGuidance',
        reason: 'must tell the petitioner where to go',
      });
    }
    if (issues.length > 0) throw new ValidationError(issues);
  }

  private roleOf(unitId: string, route: RouteRecord): UnitRole | null {
    if (route.lead.unitId === unitId) return 'lead';
    return route.coUnits.some((u) => u.unitId === unitId) ? 'co' : null;
  }

  private assertLead(unit: UnitRef): RouteRecord {
    const route = this.currentRoute;
    if (!route || route.lead.unitId !== unit.unitId) throw this.notRecipient(unit, 'lead ');
    return route;
  }

  private notRecipient(unit: UnitRef, what = ''): ForbiddenError {
    return new ForbiddenError(
      `${unit.name} is not the ${what}unit handling case ${this.state.caseNumber}`,
    );
  }

  private grantedExtensionDays(): number {
    return this.state.extensions.reduce((sum, e) => sum + (e.approval?.days ?? 0), 0);
  }

  private assertExtensionAllowed(maxCount: number): void {
    const approved = this.state.extensions.filter((e) => e.status === 'approved');
    if (approved.length < maxCount) return;
    const last = approved[approved.length - 1]?.approval;
    const allowed =
      maxCount === 0
        ? 'the policy allows no extension'
        : maxCount === 1
          ? 'it may be extended only once'
          : `it may be extended at most ${maxCount} times`;
    throw new PreconditionError(
      last
        ? `the handling time limit of case ${this.state.caseNumber} was already extended to ${last.newDueDate}; ${allowed}`
        : `the handling time limit of case ${this.state.caseNumber} cannot be extended; ${allowed}`,
      { handlingDueDate: this.state.handlingDueDate },
    );
  }

  private change(patch: Partial<RoutingCaseState>, at: Date): void {
    this.state = { ...this.state, ...patch, updatedAt: at };
  }

  private record<E extends RoutingEvent>(event: E): void {
    this.events.push(event);
  }
}

function statusOf(mode: RouteMode): RoutingStatus {
  return mode === 'assign' ? 'assigned' : 'forwarded';
}

function requireText(value: string, field: string): void {
  if (value.trim() === '') throw new ValidationError(field, 'is required');
}
