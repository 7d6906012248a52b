import { caseEvents, type DecodedCaseEvent } from '@xinfang/contracts';
import type { Role } from '@xinfang/principal';
import { chineseDate } from './notices';

export type StaffAlertKind = 'deadline-reminder' | 'overdue' | 'escalated';

/** An alert for staff, addressed to named users and to roles of the case's region. */
export interface PlannedAlert {
  readonly kind: StaffAlertKind;
  readonly message: string;
  /** Roles whose holders in the case's tenant see the alert. */
  readonly roles: readonly Role[];
  readonly unitId: string;
  readonly unitName: string;
  readonly dueDate: string;
}

const CLOCK: Record<number, string> = {
  [caseEvents.ClockKind.CLOCK_KIND_DISPOSE]: '交转办',
  [caseEvents.ClockKind.CLOCK_KIND_ACCEPTANCE]: '受理',
  [caseEvents.ClockKind.CLOCK_KIND_OBJECTION]: '异议',
  [caseEvents.ClockKind.CLOCK_KIND_HANDLING]: '办理',
  [caseEvents.ClockKind.CLOCK_KIND_RESULT_REPORT]: '办结报告',
  [caseEvents.ClockKind.CLOCK_KIND_REVIEW_DECISION]: '复查',
  [caseEvents.ClockKind.CLOCK_KIND_RE_REVIEW_DECISION]: '复核',
};

const BODY: Record<number, string> = {
  1: '信访部门督办',
  2: '党委政府督查室督查',
  3: '纪检监察机关问责',
};

/** The staff alert an event calls for, or undefined. */
export function plannedAlert(event: DecodedCaseEvent): PlannedAlert | undefined {
  const caseNumber = event.payload.caseRef?.caseNumber ?? '';
  switch (event.name) {
    case 'DeadlineReminder': {
      const p = event.payload;
      return {
        kind: 'deadline-reminder',
        message:
          `信访事项${caseNumber}的${CLOCK[p.kind] ?? ''}期限将于${chineseDate(p.dueDate)}届满，` +
          `剩余${p.daysLeft}日。`,
        roles: ['handler', 'unit-head'],
        unitId: p.responsibleUnit?.unitId ?? '',
        unitName: p.responsibleUnit?.name ?? '',
        dueDate: p.dueDate,
      };
    }
    case 'CaseOverdue': {
      const p = event.payload;
      return {
        kind: 'overdue',
        message: `信访事项${caseNumber}的${CLOCK[p.kind] ?? ''}期限已于${chineseDate(p.dueDate)}届满，现已超期。`,
        roles: ['handler', 'unit-head', 'supervisor'],
        unitId: p.responsibleUnit?.unitId ?? '',
        unitName: p.responsibleUnit?.name ?? '',
        dueDate: p.dueDate,
      };
    }
    case 'CaseEscalated': {
      const p = event.payload;
      return {
        kind: 'escalated',
        message:
          `信访事项${caseNumber}自${chineseDate(p.overdueSince)}超期，` +
          `已升级为第${p.level}级督办(${BODY[p.level] ?? ''})。`,
        roles: ['unit-head', 'supervisor', 'case-leader'],
        unitId: p.supervisedUnit?.unitId ?? '',
        unitName: p.supervisedUnit?.name ?? '',
        dueDate: p.overdueSince,
      };
    }
    default:
      return undefined;
  }
}
