import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { ChecklistEntry, CLOSING_CHECKLIST_ITEMS } from '../../domain';
import { assertRole, loadVisibleFile } from '../shared/access';
import { SupervisionDeps } from '../shared/deps';
import { id, parseInput, text } from '../shared/input';

export const RecordClosingDocumentInput = z.object({
  caseId: id,
  item: z.enum(CLOSING_CHECKLIST_ITEMS),
  /** Id of the stored document (attachment store). */
  documentId: id,
  title: text(500),
});
export type RecordClosingDocumentInput = z.input<typeof RecordClosingDocumentInput>;

const ROLES_ALLOWED = [ROLES.clerk, ROLES.supervisor, ROLES.caseLeader, ROLES.unitHead];

/** Places a document in the closing file for one 六有 item; returns the checklist after it. */
export class RecordClosingDocument {
  constructor(private readonly deps: Pick<SupervisionDeps, 'files' | 'ledger' | 'clock'>) {}

  async execute(principal: Principal, input: unknown): Promise<ChecklistEntry[]> {
    assertRole(principal, ROLES_ALLOWED, 'recording closing documents');
    const cmd = parseInput(RecordClosingDocumentInput, input);
    const file = await loadVisibleFile(this.deps.files, principal, cmd.caseId);
    file.recordDocument({
      item: cmd.item,
      documentId: cmd.documentId,
      title: cmd.title,
      recordedAt: this.deps.clock.now(),
      recordedBy: { subject: principal.subject, username: principal.username },
    });
    await this.deps.files.save(file);
    const entry = await this.deps.ledger.findOpenByCase(cmd.caseId);
    return file.checklist(entry?.measures ?? []);
  }
}
