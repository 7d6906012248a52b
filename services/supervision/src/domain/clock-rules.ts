import {
  ClockLimit,
  daysBetween,
  isLocalDate,
  StatutoryClockKind,
  toLocalDate,
} from '@xinfang/kernel';
import { CaseFact } from './facts';
import { SupervisionPolicy } from './policy';
import { UnitRef } from './refs';
import { HEARING_PAUSED_CLOCK_KINDS } from './vocabulary';

/** One change an event makes to a case's clocks. Applied in order. */
export type ClockChange =
  | {
      readonly op: 'start';
      readonly kind: StatutoryClockKind;
      readonly at: Date;
      readonly limit: ClockLimit;
      readonly responsibleUnit: UnitRef | null;
    }
  | {
      /** `met`: the act happened (in time or late); `cancelled`: the clock no longer applies. */
      readonly op: 'stop';
      readonly kinds: readonly StatutoryClockKind[];
      readonly outcome: 'met' | 'cancelled';
      readonly at: Date;
    }
  | {
      readonly op: 'pause' | 'resume';
      readonly kinds: readonly StatutoryClockKind[];
      readonly at: Date;
      readonly hearingId: string;
    }
  | {
      readonly op: 'extend';
      readonly kind: StatutoryClockKind;
      readonly days: number;
      readonly at: Date;
    }
  | { readonly op: 'cancelAll'; readonly at: Date };

/**
 * The clock changes of one case event (DESIGN §2): which clocks it starts, stops, pauses,
 * resumes or extends. Limits come from the tenant's policy; the result report's limit is the
 * date the assigning office set. Starting a kind that is already active restarts it (the old
 * clock is cancelled), e.g. when a returned case is re-routed.
 */
export function planClockChanges(fact: CaseFact, policy: SupervisionPolicy): ClockChange[] {
  const limits = policy.clocks.limits;
  const at = fact.occurredAt;
  const start = (
    kind: Exclude<StatutoryClockKind, 'resultReport'>,
    from: Date,
    unit: UnitRef | null,
  ): ClockChange => ({ op: 'start', kind, at: from, limit: limits[kind], responsibleUnit: unit });
  const stop = (outcome: 'met' | 'cancelled', ...kinds: StatutoryClockKind[]): ClockChange => ({
    op: 'stop',
    kinds,
    outcome,
    at,
  });

  switch (fact.name) {
    case 'CaseRegistered': {
      // Art. 22 counts from receipt (a letter's arrival), which may precede registration.
      const received =
        fact.receivedAt && fact.receivedAt.getTime() <= at.getTime() ? fact.receivedAt : at;
      return [start('dispose', received, fact.registeringOffice)];
    }
    case 'CaseForwarded':
      return [
        stop('met', 'dispose'),
        start('acceptance', at, fact.toUnit),
        start('objection', at, fact.toUnit),
      ];
    case 'CaseAssigned':
      return [
        stop('met', 'dispose'),
        start('acceptance', at, fact.toUnit),
        start('objection', at, fact.toUnit),
        ...resultReport(at, fact.resultReportDueDate, fact.toUnit),
      ];
    case 'CaseRerouted':
      return [
        stop('met', 'dispose'),
        stop('cancelled', 'handling', 'resultReport'),
        start('acceptance', at, fact.toUnit),
        start('objection', at, fact.toUnit),
        ...(fact.mode === 'assign' ? resultReport(at, fact.resultReportDueDate, fact.toUnit) : []),
      ];
    case 'CaseDeclined':
    case 'CaseDisposedDirectly':
      return [stop('met', 'dispose')];
    case 'CaseAccepted':
      // Co-units accept their part; the lead's acceptance is what the clocks wait for.
      if (fact.unitRole !== 'lead') return [];
      return [
        stop('met', 'acceptance'),
        stop('cancelled', 'objection'),
        start('handling', at, fact.unit),
      ];
    case 'CaseNotAccepted':
      return [stop('met', 'acceptance'), stop('cancelled', 'objection')];
    case 'CaseReturned':
      // A late objection does not release the unit: its clocks keep running (Art. 23).
      return fact.withinWindow
        ? [stop('met', 'objection'), stop('cancelled', 'acceptance', 'handling', 'resultReport')]
        : [stop('met', 'objection')];
    case 'CaseExtended':
      return [{ op: 'extend', kind: 'handling', days: fact.days, at }];
    case 'CaseReplied':
      return [stop('met', 'handling'), start('reviewRequest', fact.deliveredAt ?? at, null)];
    case 'CaseResultReported':
      return [stop('met', 'resultReport')];
    case 'ReviewRequested':
      return [stop('met', 'reviewRequest'), start('reviewDecision', at, fact.authority)];
    case 'ReviewDecided':
      return [
        stop('met', 'reviewDecision'),
        start('reReviewRequest', fact.deliveredAt ?? at, null),
      ];
    case 'ReReviewRequested':
      return [stop('met', 'reReviewRequest'), start('reReviewDecision', at, fact.authority)];
    case 'ReReviewDecided':
      return [stop('met', 'reReviewDecision')];
    case 'HearingScheduled':
    case 'HearingHeld': {
      const kinds = hearingPausedKinds(fact.stage);
      if (kinds.length === 0) return [];
      const op = fact.name === 'HearingScheduled' ? 'pause' : 'resume';
      return [{ op, kinds, at, hearingId: fact.hearingId }];
    }
    case 'CaseTerminated':
    case 'CaseClosed':
      return [{ op: 'cancelAll', at }];
    case 'SatisfactionRated':
      return [];
  }
}

/** Clocks a hearing of this stage pauses: the re-review decision (Art. 36). */
function hearingPausedKinds(stage: string): StatutoryClockKind[] {
  const kind: StatutoryClockKind | null =
    stage === 'reReview' ? 'reReviewDecision' : stage === 'review' ? 'reviewDecision' : null;
  return kind && HEARING_PAUSED_CLOCK_KINDS.includes(kind) ? [kind] : [];
}

/** The result report is due on the date set when assigning; none when no date was set. */
function resultReport(at: Date, dueDate: string | null, unit: UnitRef): ClockChange[] {
  if (!dueDate || !isLocalDate(dueDate)) return [];
  const days = Math.max(0, daysBetween(toLocalDate(at), dueDate));
  return [
    {
      op: 'start',
      kind: 'resultReport',
      at,
      limit: { days, unit: 'calendar' },
      responsibleUnit: unit,
    },
  ];
}
