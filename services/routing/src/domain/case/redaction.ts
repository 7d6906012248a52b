import { Nature } from '../vocabulary';

/** A petitioner as the receiving unit sees them. */
export interface PetitionerView {
  readonly name: string;
  readonly idNumber: string | null;
  readonly phone: string | null;
  readonly address: string | null;
}

/** An attached material (letter scan, photo, evidence). */
export interface MaterialView {
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
}

/**
 * What a receiving unit is given of a case: the dossier intake keeps, as sent with the
 * forwarding (or assignment) letter.
 */
export interface CaseView {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly nature: Nature;
  readonly subjectCode: string;
  /** Short title without personal data. */
  readonly title: string;
  /** The petition's content; null when withheld. */
  readonly content: string | null;
  readonly anonymous: boolean;
  readonly petitioners: readonly PetitionerView[];
  readonly materials: readonly MaterialView[];
  /** Units the accusation names as accused (检举控告); empty for other kinds. */
  readonly accusedUnitIds: readonly string[];
  /** Set when the informant's identity and materials were withheld from this recipient. */
  readonly redaction: Redaction | null;
}

export interface Redaction {
  readonly reason: 'accusedUnit';
  /** The notice shown in place of what was withheld. */
  readonly notice: string;
}

export const ACCUSED_UNIT_NOTICE =
  '依据《信访工作条例》第三十条，检举控告人的身份信息及检举控告材料不向被检举控告单位提供。';

/** True when `recipientUnitId` must not see the informant or the materials of `view`. */
export function mustRedactFor(
  view: Pick<CaseView, 'accusedUnitIds'>,
  recipientUnitId: string,
): boolean {
  return view.accusedUnitIds.includes(recipientUnitId);
}

/**
 * The case as `recipientUnitId` may receive it. For a unit named as accused (Art. 30) the
 * informant's identity (petitioners, anonymity flag) and the materials (content, attachments)
 * are withheld and the accused list itself is not disclosed; every other recipient gets the view
 * unchanged. Named units are redacted whatever the recorded nature, so a misclassified
 * accusation still protects its informant.
 */
export function redactForRecipient(view: CaseView, recipientUnitId: string): CaseView {
  if (!mustRedactFor(view, recipientUnitId)) return view;
  return {
    caseId: view.caseId,
    caseNumber: view.caseNumber,
    nature: view.nature,
    subjectCode: view.subjectCode,
    title: view.title,
    content: null,
    anonymous: true,
    petitioners: [],
    materials: [],
    accusedUnitIds: [],
    redaction: { reason: 'accusedUnit', notice: ACCUSED_UNIT_NOTICE },
  };
}
