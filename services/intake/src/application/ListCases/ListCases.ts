import { ValidationError } from '@xinfang/kernel';
import { Principal } from '@xinfang/principal';
import { z } from 'zod';
import { CASE_STATUSES, CaseRepository, CHANNELS, NATURES } from '../../domain';
import { assertCaseReader } from '../shared/access';
import { parseInput } from '../shared/input';
import { caseSummary, CaseSummary } from '../shared/views';

export const ListCasesInput = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  channel: z.enum(CHANNELS).optional(),
  nature: z.enum(NATURES).optional(),
  subjectCode: z.string().max(100).optional(),
  registeredFrom: z.coerce.date().optional(),
  registeredTo: z.coerce.date().optional(),
  repeatOnly: z.boolean().optional(),
  limit: z.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).nullish(),
});
export type ListCasesInput = z.input<typeof ListCasesInput>;

export interface CaseList {
  readonly items: readonly CaseSummary[];
  readonly nextCursor: string | null;
}

/** Staff list the cases of their scope, newest first, one page at a time. */
export class ListCases {
  constructor(private readonly deps: { readonly cases: CaseRepository }) {}

  async execute(principal: Principal, input: unknown = {}): Promise<CaseList> {
    assertCaseReader(principal);
    const { cursor, ...filter } = parseInput(ListCasesInput, input);
    if (
      filter.registeredFrom &&
      filter.registeredTo &&
      filter.registeredFrom >= filter.registeredTo
    ) {
      throw new ValidationError('registeredTo', 'must be after registeredFrom');
    }
    const scopePaths = principal.kind === 'system' ? ['/'] : principal.scopePaths;
    const page = await this.deps.cases.list({ ...filter, scopePaths, cursor: cursor ?? null });
    return { items: page.cases.map(caseSummary), nextCursor: page.nextCursor };
  }
}
