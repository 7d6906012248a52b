/** 六有: what a closing file must hold before a case may close. */
export const CLOSING_CHECKLIST_ITEMS = [
  'caseFacts',
  'ledgerEntryAndAssignmentLetter',
  'leaderDecision',
  'signedReport',
  'replyAndFollowUp',
  'stabilisationMeasures',
] as const;
export type ChecklistItem = (typeof CLOSING_CHECKLIST_ITEMS)[number];

export const CHECKLIST_LABELS: Readonly<Record<ChecklistItem, string>> = {
  caseFacts: '有案件事实',
  ledgerEntryAndAssignmentLetter: '有登记台账和交办函',
  leaderDecision: '有领导（包案人）批示意见',
  signedReport: '有领导签字的报告',
  replyAndFollowUp: '有书面答复意见和回访记录',
  stabilisationMeasures: '有当前稳控措施',
};

/** A document placed in the closing file for one item (the document itself lives in storage). */
export interface ClosingDocument {
  readonly item: ChecklistItem;
  readonly documentId: string;
  readonly title: string;
  readonly recordedAt: Date;
  readonly recordedBy: { readonly subject: string; readonly username: string };
}

export interface ChecklistEntry {
  readonly item: ChecklistItem;
  readonly label: string;
  readonly complete: boolean;
  /** What is missing, when incomplete. */
  readonly missing: string | null;
}

/** What the case file knows that counts toward the checklist. */
export interface ChecklistEvidence {
  readonly registered: boolean;
  readonly letterNumbers: readonly string[];
  readonly resultReportSigned: boolean;
  readonly replied: boolean;
  readonly followUpCount: number;
  /** Stabilisation measures currently in the backlog ledger plan, if the case is in the ledger. */
  readonly ledgerMeasures: readonly string[];
  readonly documents: readonly ClosingDocument[];
}

export function evaluateChecklist(e: ChecklistEvidence): ChecklistEntry[] {
  const has = (item: ChecklistItem) => e.documents.some((d) => d.item === item);
  const entry = (item: ChecklistItem, missing: string | null): ChecklistEntry => ({
    item,
    label: CHECKLIST_LABELS[item],
    complete: missing === null,
    missing,
  });
  return [
    entry('caseFacts', e.registered || has('caseFacts') ? null : 'no registration or fact sheet'),
    entry(
      'ledgerEntryAndAssignmentLetter',
      !e.registered
        ? 'no registration ledger entry'
        : e.letterNumbers.length > 0 || has('ledgerEntryAndAssignmentLetter')
          ? null
          : 'no forwarding or assignment letter',
    ),
    entry('leaderDecision', has('leaderDecision') ? null : 'no decision by the leader or owner'),
    entry(
      'signedReport',
      e.resultReportSigned || has('signedReport') ? null : 'no report signed by the leader',
    ),
    entry(
      'replyAndFollowUp',
      !(e.replied || has('replyAndFollowUp'))
        ? 'no written reply'
        : e.followUpCount === 0
          ? 'no follow-up record'
          : null,
    ),
    entry(
      'stabilisationMeasures',
      e.ledgerMeasures.length > 0 || has('stabilisationMeasures')
        ? null
        : 'no current stabilisation measures',
    ),
  ];
}
