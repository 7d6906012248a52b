import { caseEvents, type DecodedCaseEvent } from '@xinfang/contracts';
import type { TemplateCode } from './templates';

/** A petitioner notice an event calls for: the template and the variables from the event. */
export interface PlannedNotice {
  readonly template: TemplateCode;
  readonly variables: Readonly<Record<string, string>>;
  /** Unit named as issuer when the event has one. */
  readonly issuer: string;
}

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2026-03-05` → `2026年3月5日`; empty stays empty. */
export function chineseDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : day;
}

function shanghaiParts(instant: string | Date): Record<string, string> {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return Object.fromEntries(SHANGHAI.formatToParts(date).map((p) => [p.type, p.value]));
}

/** The calendar day of an instant in Asia/Shanghai, in Chinese. */
export function chineseDay(instant: string | Date | undefined): string {
  if (!instant) return '';
  const p = shanghaiParts(instant);
  return chineseDate(`${p.year}-${p.month}-${p.day}`);
}

/** Day and time of an instant in Asia/Shanghai, e.g. `2026年3月5日 09:30`. */
export function chineseDateTime(instant: string | undefined): string {
  if (!instant) return '';
  const p = shanghaiParts(instant);
  return `${chineseDate(`${p.year}-${p.month}-${p.day}`)} ${p.hour}:${p.minute}`;
}

const REPLY_OUTCOME: Record<number, string> = {
  [caseEvents.ReplyOutcome.REPLY_OUTCOME_SUPPORTED]: '支持',
  [caseEvents.ReplyOutcome.REPLY_OUTCOME_PARTLY_SUPPORTED]: '部分支持',
  [caseEvents.ReplyOutcome.REPLY_OUTCOME_NOT_SUPPORTED]: '不支持',
};

const REVIEW_OUTCOME: Record<number, string> = {
  [caseEvents.ReviewOutcome.REVIEW_OUTCOME_UPHOLD]: '维持原处理意见',
  [caseEvents.ReviewOutcome.REVIEW_OUTCOME_REVISE]: '变更原处理意见',
  [caseEvents.ReviewOutcome.REVIEW_OUTCOME_REVOKE]: '撤销原处理意见，责成重新办理',
};

const LEGAL_ROUTE: Record<number, string> = {
  [caseEvents.LegalChannel.LEGAL_CHANNEL_LITIGATION]: '请依法向人民法院提起诉讼。',
  [caseEvents.LegalChannel.LEGAL_CHANNEL_ARBITRATION]: '请依法向仲裁机构申请仲裁。',
  [caseEvents.LegalChannel.LEGAL_CHANNEL_LABOR_ARBITRATION]:
    '请依法向劳动人事争议仲裁委员会申请仲裁。',
  [caseEvents.LegalChannel.LEGAL_CHANNEL_ADMINISTRATIVE_RECONSIDERATION]:
    '请依法向行政复议机关申请行政复议。',
};

/** Where to go after a decline: the guidance given, or the standard sentence of the route. */
function guidanceOf(route: caseEvents.LegalChannel, guidance: string): string {
  if (guidance) return guidance.endsWith('。') ? guidance : `${guidance}。`;
  return LEGAL_ROUTE[route] ?? '如有异议，可向上一级信访工作机构反映。';
}

/** The petitioner notice an event calls for, or undefined when it calls for none. */
export function plannedNotice(event: DecodedCaseEvent): PlannedNotice | undefined {
  const caseNumber = event.payload.caseRef?.caseNumber ?? '';
  const issuedDate = chineseDay(event.payload.occurredAt);
  const plan = (
    template: TemplateCode,
    issuer: string,
    variables: Record<string, string>,
  ): PlannedNotice => ({
    template,
    issuer,
    variables: { caseNumber, issuedDate, issuer, unitName: issuer, ...variables },
  });
  switch (event.name) {
    case 'CaseAccepted': {
      const p = event.payload;
      return plan('acceptance-notice', p.unit?.name ?? '', {
        acceptedDate: issuedDate,
        handlingDueDate: chineseDate(p.handlingDueDate),
      });
    }
    case 'CaseDeclined': {
      const p = event.payload;
      return plan('decline-notice', '信访工作机构', {
        reason: p.reason,
        guidance: guidanceOf(p.legalChannel, p.legalChannelGuidance),
      });
    }
    case 'CaseNotAccepted': {
      const p = event.payload;
      return plan('decline-notice', p.unit?.name ?? '', {
        reason: p.reason,
        guidance: guidanceOf(p.legalChannel, p.legalChannelGuidance),
      });
    }
    case 'CaseForwarded':
    case 'CaseAssigned': {
      const p = event.payload;
      return {
        ...plan('forwarding-notice', p.fromUnit?.name ?? '', {
          forwardedDate: issuedDate,
          acceptanceDueDate: chineseDate(p.acceptanceDueDate),
        }),
        // the letter is from the office, about the unit it went to
        variables: {
          caseNumber,
          issuedDate,
          issuer: p.fromUnit?.name ?? '',
          unitName: p.toUnit?.name ?? '',
          forwardedDate: issuedDate,
          acceptanceDueDate: chineseDate(p.acceptanceDueDate),
        },
      };
    }
    case 'CaseExtended': {
      const p = event.payload;
      return plan('extension-notice', p.unit?.name ?? '', {
        reason: p.reason,
        days: String(p.days),
        newDueDate: chineseDate(p.newDueDate),
      });
    }
    case 'CaseReplied': {
      const p = event.payload;
      return plan('reply-notice', p.unit?.name ?? '', {
        outcome: REPLY_OUTCOME[p.outcome] ?? '',
        opinionSummary: p.opinionSummary,
        documentNumber: p.documentNumber,
        reviewAuthority: p.reviewAuthority?.name || '上一级行政机关',
      });
    }
    case 'ReviewDecided': {
      const p = event.payload;
      return plan('review-decision-notice', p.authority?.name ?? '', {
        outcome: REVIEW_OUTCOME[p.outcome] ?? '',
        summary: p.summary,
        documentNumber: p.documentNumber,
      });
    }
    case 'ReReviewDecided': {
      const p = event.payload;
      return plan('re-review-decision-notice', p.authority?.name ?? '', {
        outcome: REVIEW_OUTCOME[p.outcome] ?? '',
        summary: p.summary,
        documentNumber: p.documentNumber,
      });
    }
    case 'HearingScheduled': {
      const p = event.payload;
      return plan('hearing-notice', '听证机关', {
        hearingTime: chineseDateTime(p.scheduledAt),
        venue: p.venue,
      });
    }
    default:
      return undefined;
  }
}
