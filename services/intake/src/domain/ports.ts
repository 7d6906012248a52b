import type { Case } from './case';
import type { CaseStatus } from './progress';
import type { IntakePolicy } from './policy';
import type { Subject } from './subject';
import type { Channel, Nature } from './vocabulary';

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new unique, sortable id (ULID in infrastructure). */
  newId(): string;
}

/** Issues the daily per-county sequence behind case numbers; never repeats a number. */
export interface CaseNumberSequence {
  /** The next number (from 1) for `scopeCode` (the tenant) on `day` (`yyyymmdd`, Asia/Shanghai). */
  next(scopeCode: string, day: string): Promise<number>;
}

/**
 * What the province knows of an earlier case, as any office may see it: never its content or
 * its petitioners.
 */
export interface PriorCaseRef {
  readonly caseId: string;
  readonly caseNumber: string;
  /** County tenant; null when a city or province office holds the case. */
  readonly tenantId: string | null;
  /** Region path of the office holding the case. */
  readonly regionPath: string;
  readonly status: CaseStatus | string;
  /** Still being handled and not yet past its time limit. */
  readonly handlingWithinLimit: boolean;
}

export interface PriorCaseQuery {
  /** Keyed hashes of the petitioners' ID numbers and phones; a case matching any one counts. */
  readonly petitionerKeys: readonly string[];
  /** The base subject (tenant refinements compare as their parent). */
  readonly subjectRoot: string;
  /** The county the matter lies in. */
  readonly countyCode: string;
}

/** Finds earlier cases of the same people about the same subject and place, province-wide. */
export interface PriorCaseFinder {
  /** Matching cases, oldest first. */
  findPriorCases(query: PriorCaseQuery): Promise<PriorCaseRef[]>;
}

export interface TerminatedCaseRef {
  readonly caseId: string;
  readonly caseNumber: string;
}

export interface TerminationQuery extends PriorCaseQuery {
  /** The earlier cases found for the same matter; any of them may have been terminated. */
  readonly priorCaseIds: readonly string[];
}

/** Asks the hearing service whether the matter was terminated after re-review (终结). */
export interface TerminationChecker {
  findTerminated(query: TerminationQuery): Promise<TerminatedCaseRef | null>;
}

export interface KnownRegion {
  readonly code: string;
  /** e.g. 兴宁市 */
  readonly name: string;
}

/** The deployment's region tree (the Keycloak group tree in infrastructure). */
export interface RegionDirectory {
  /** The regions among `codes` that exist; unknown codes are left out. */
  findMany(codes: readonly string[]): Promise<KnownRegion[]>;
}

/** A tenant's own subjects, refining the base taxonomy. */
export interface SubjectCatalog {
  /** `scopeCode`: the county tenant, or a city / province office's own code (`officeScopeCode`). */
  extensionsFor(scopeCode: string): Promise<readonly Subject[]>;
}

/** Where a tenant admin's new subjects are kept; one code per scope, first writer wins. */
export interface SubjectRegistry {
  /** Adds `subject` for `scopeCode`; ConflictError when the code exists there already. */
  add(scopeCode: string, subject: Subject, addedBy: string): Promise<void>;
}

/** The intake policy in force for a tenant (deployment defaults with the tenant's overrides). */
export interface IntakePolicyProvider {
  /** `scopeCode`: the county tenant, or a city / province office's own code (`officeScopeCode`). */
  policyFor(scopeCode: string): Promise<IntakePolicy>;
}

export interface CaseListFilter {
  /** Only cases whose regionPath lies within one of these subtrees (`/` for all). */
  readonly scopePaths: readonly string[];
  readonly status?: CaseStatus;
  readonly channel?: Channel;
  readonly nature?: Nature;
  readonly subjectCode?: string;
  readonly registeredFrom?: Date;
  /** Exclusive upper bound. */
  readonly registeredTo?: Date;
  readonly repeatOnly?: boolean;
}

export interface CaseListQuery extends CaseListFilter {
  readonly limit: number;
  /** Opaque position returned by the previous page. */
  readonly cursor: string | null;
}

export interface CasePage {
  /** Newest registration first. */
  readonly cases: Case[];
  readonly nextCursor: string | null;
}

/**
 * Stores cases. `save` takes the events the case recorded (`pullEvents()`) and writes them with
 * the state in one atomic write (outbox inside the case document), only if the stored version
 * still equals `toState().version` (else ConflictError), then calls `markPersisted()`.
 */
export interface CaseRepository {
  save(aggregate: Case): Promise<void>;
  findById(id: string): Promise<Case | null>;
  findByCaseNumber(caseNumber: string): Promise<Case | null>;
  list(query: CaseListQuery): Promise<CasePage>;
}

/** Where an uploaded file is put: its case and the case's region (the tenant scope). */
export interface AttachmentPlacement {
  readonly attachmentId: string;
  readonly caseId: string;
  readonly regionPath: string;
}

/** Keeps the bytes of uploaded files in their case's tenant scope. */
export interface AttachmentStore {
  put(placement: AttachmentPlacement, bytes: Uint8Array): Promise<void>;
  /** The bytes, or null when none are stored within the caller's scope. */
  get(attachmentId: string): Promise<Buffer | null>;
  /** Removes the bytes of an upload that could not be linked to its case. */
  remove(attachmentId: string): Promise<void>;
}
