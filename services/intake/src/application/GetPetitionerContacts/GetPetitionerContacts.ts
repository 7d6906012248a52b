import { ForbiddenError, NotFoundError } from '@xinfang/kernel';
import { canSee, hasRole, Principal, ROLES } from '@xinfang/principal';
import { CaseRepository } from '../../domain';

/** How to reach one petitioner for a notice. */
export interface PetitionerContactView {
  readonly name: string;
  readonly phone: string | null;
  readonly postalAddress: string | null;
}

export interface PetitionerContacts {
  /** The case read, for the audit log. */
  readonly case: { readonly id: string; readonly regionPath: string };
  readonly contacts: readonly PetitionerContactView[];
}

/**
 * Petitioners' contacts in clear for the notification service, which sends the notices the
 * petitioner is owed (acceptance, decline, reply). Only allow-listed service clients may read
 * them; everyone else, staff included, uses GetCase with its masking. Anonymous petitioners
 * have no contacts; an accusation's informant does, since the notices go to them.
 */
export class GetPetitionerContacts {
  private readonly readers: ReadonlySet<string>;

  constructor(
    private readonly deps: { readonly cases: CaseRepository },
    readerClients: readonly string[],
  ) {
    this.readers = new Set(readerClients);
  }

  async execute(principal: Principal, caseId: string): Promise<PetitionerContacts> {
    // checked before the lookup so that a refused caller learns nothing about the case
    if (
      principal.kind !== 'client' ||
      !hasRole(principal, ROLES.service) ||
      !this.readers.has(principal.username)
    ) {
      throw new ForbiddenError('petitioner contacts are only for the notification service');
    }
    const found = await this.deps.cases.findById(caseId);
    if (!found || !canSee(principal, found.regionPath)) throw new NotFoundError('case', caseId);
    const state = found.toState();
    const contacts = state.anonymous
      ? []
      : state.petitioners.flatMap((p) =>
          p.kind === 'realName' ? [{ name: p.name, phone: p.phone, postalAddress: p.address }] : [],
        );
    return { case: { id: found.id, regionPath: found.regionPath }, contacts };
  }
}
