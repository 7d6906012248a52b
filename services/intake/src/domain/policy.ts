import { LegalRoute } from './vocabulary';

/**
 * Intake rules that are policy data: a deployment default, overridable per tenant. Nothing here
 * may appear as a literal in the rules themselves.
 */
export interface IntakePolicy {
  readonly attachments: {
    /** MIME types accepted for attachments. */
    readonly allowedContentTypes: readonly string[];
    readonly maxSizeBytes: number;
    readonly maxCount: number;
  };
  readonly collective: {
    /** Headcount from which a visit is a collective visit (Art. 20). */
    readonly minHeadcount: number;
    /** Representatives recorded as speakers of a collective visit (Art. 20). */
    readonly maxRepresentatives: number;
  };
  readonly text: {
    readonly titleMaxLength: number;
    readonly narrativeMaxLength: number;
    readonly nameMaxLength: number;
    readonly addressMaxLength: number;
    readonly reasonMaxLength: number;
    readonly commentMaxLength: number;
  };
  /** Upper bound of petitioners named on one non-collective case (joint letters). */
  readonly maxPetitioners: number;
  /** Words in a narrative that suggest a legal procedure (诉访分离), by route. */
  readonly legalChannelKeywords: Readonly<Record<LegalRoute, readonly string[]>>;
}

export const DEFAULT_INTAKE_POLICY: IntakePolicy = {
  attachments: {
    allowedContentTypes: [
      'application/pdf',
      'image/jpeg',
      'image/png',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    maxSizeBytes: 20 * 1024 * 1024,
    maxCount: 20,
  },
  collective: { minHeadcount: 5, maxRepresentatives: 5 },
  text: {
    titleMaxLength: 100,
    narrativeMaxLength: 20000,
    nameMaxLength: 50,
    addressMaxLength: 200,
    reasonMaxLength: 1000,
    commentMaxLength: 500,
  },
  maxPetitioners: 50,
  legalChannelKeywords: {
    litigation: ['起诉', '诉讼', '法院', '判决', '裁定书', '上诉', '再审', '申请执行'],
    arbitration: ['仲裁', '劳动争议仲裁', '仲裁裁决', '仲裁委'],
    administrativeReconsideration: ['行政复议', '复议申请', '行政处罚决定', '行政许可决定'],
  },
};
