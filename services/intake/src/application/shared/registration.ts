import { codeOfPath } from '@xinfang/kernel';
import {
  assertNotTerminated,
  Case,
  CaseLink,
  CaseNumberSequence,
  CaseRepository,
  Clock,
  formatCaseNumber,
  hashQueryCode,
  IdGenerator,
  IntakePolicyProvider,
  LegalChannel,
  LegalChannelSuggestion,
  newQueryCode,
  Office,
  officeScopeCode,
  parsePetition,
  PetitionDraft,
  PetitionerKeyHasher,
  petitionerKeys,
  PriorCaseFinder,
  PriorCaseRef,
  RandomSource,
  Registrar,
  RegionDirectory,
  regionCodesOf,
  shanghaiDay,
  statusLabel,
  SubjectCatalog,
  SubjectTaxonomy,
  TerminatedCaseRef,
  TerminationChecker,
} from '../../domain';

/** The ports registration needs, on every channel. */
export interface RegistrationDeps {
  readonly cases: CaseRepository;
  readonly priorCases: PriorCaseFinder;
  readonly terminations: TerminationChecker;
  readonly caseNumbers: CaseNumberSequence;
  readonly keyHasher: PetitionerKeyHasher;
  readonly regions: RegionDirectory;
  readonly subjects: SubjectCatalog;
  readonly policies: IntakePolicyProvider;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly random: RandomSource;
}

/** Where an earlier case stands, as the petitioner is told (Art. 19). */
export interface DeferredCase {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly tenantId: string | null;
  /** The office handling it, e.g. `441481` 兴宁市. */
  readonly regionCode: string;
  readonly regionName: string | null;
  readonly status: string;
  readonly statusLabel: string;
}

export interface RegistrationResult {
  readonly caseId: string;
  readonly caseNumber: string;
  /** County tenant; null when registered at a city or province office. */
  readonly tenantId: string | null;
  /** Region path of the registering office. */
  readonly regionPath: string;
  readonly registeredAt: Date;
  /** Shown once: only its hash is stored. */
  readonly queryCode: string;
  readonly repeat: { readonly of: CaseLink; readonly count: number } | null;
  readonly deferredTo: DeferredCase | null;
  readonly skipLevel: {
    readonly competentRegionCode: string;
    readonly competentRegionName: string | null;
  } | null;
  readonly legalChannel: LegalChannel | null;
  readonly legalChannelSuggestion: LegalChannelSuggestion | null;
  /** What to tell the petitioner, in Chinese. */
  readonly notices: readonly string[];
}

/** The office's intake rules and the regions a petition names that the deployment knows. */
export async function loadRules(
  deps: Pick<RegistrationDeps, 'policies' | 'subjects' | 'regions'>,
  scopeCode: string,
  codes: string[],
) {
  const [policy, extensions, known] = await Promise.all([
    deps.policies.policyFor(scopeCode),
    deps.subjects.extensionsFor(scopeCode),
    codes.length > 0 ? deps.regions.findMany(codes) : Promise.resolve([]),
  ]);
  return { policy, subjects: SubjectTaxonomy.withExtensions(extensions), known };
}

/** Earlier cases of the same people about the same matter, and whether it was terminated. */
export async function lookUpHistory(
  deps: Pick<RegistrationDeps, 'priorCases' | 'terminations'>,
  keys: readonly string[],
  subjectRoot: string,
  countyCode: string,
): Promise<{ priorCases: PriorCaseRef[]; terminated: TerminatedCaseRef | null }> {
  // Anonymous petitioners leave no key: nothing can be matched.
  if (keys.length === 0) return { priorCases: [], terminated: null };
  const query = { petitionerKeys: keys, subjectRoot, countyCode };
  const priorCases = await deps.priorCases.findPriorCases(query);
  const terminated = await deps.terminations.findTerminated({
    ...query,
    priorCaseIds: priorCases.map((p) => p.caseId),
  });
  return { priorCases, terminated };
}

/**
 * Registers a petition at `office`: checks it, refuses a terminated matter, links repeats,
 * numbers it, issues a query code and saves the case with its CaseRegistered event.
 */
export async function registerAt(
  deps: RegistrationDeps,
  draft: PetitionDraft,
  office: Office,
  registeredBy: Registrar | null,
): Promise<RegistrationResult> {
  const scopeCode = officeScopeCode(office);
  const now = deps.clock.now();
  const rules = await loadRules(deps, scopeCode, regionCodesOf(draft));
  const petition = parsePetition(draft, office, {
    policy: rules.policy,
    subjects: rules.subjects,
    knownRegions: new Set(rules.known.map((r) => r.code)),
    today: now,
  });
  const keys = petitionerKeys(petition.petitioners, deps.keyHasher);
  const { priorCases, terminated } = await lookUpHistory(
    deps,
    keys,
    petition.subjectRoot,
    petition.location.countyCode,
  );
  // Refuse a terminated matter before a case number is spent on it.
  assertNotTerminated(terminated, priorCases);

  const nameCodes = [
    petition.competentRegionCode,
    ...priorCases.map((p) => codeOfPath(p.regionPath)),
  ];
  const regionNames = new Map(
    (await deps.regions.findMany([...new Set(nameCodes)])).map((r) => [r.code, r.name]),
  );
  const facts = {
    id: deps.ids.newId(),
    eventId: deps.ids.newId(),
    registeredAt: now,
    registeredBy,
    petitionerKeys: keys,
    priorCases,
    terminated,
    regionNames,
  };
  const day = shanghaiDay(now);
  const seq = await deps.caseNumbers.next(scopeCode, day);
  const caseNumber = formatCaseNumber(scopeCode, day, seq);
  const queryCode = newQueryCode(deps.random);
  const registered = Case.register(petition, {
    ...facts,
    caseNumber,
    queryCodeHash: hashQueryCode(queryCode),
  });
  await deps.cases.save(registered);

  const state = registered.toState();
  const deferred = state.deferredTo
    ? priorCases.find((p) => p.caseId === state.deferredTo!.caseId)
    : undefined;
  return {
    caseId: state.id,
    caseNumber,
    tenantId: state.tenantId,
    regionPath: state.regionPath,
    registeredAt: now,
    queryCode,
    repeat: state.repeat,
    deferredTo: deferred
      ? {
          caseId: deferred.caseId,
          caseNumber: deferred.caseNumber,
          tenantId: deferred.tenantId,
          regionCode: codeOfPath(deferred.regionPath),
          regionName: regionNames.get(codeOfPath(deferred.regionPath)) ?? null,
          status: deferred.status,
          statusLabel: statusLabel(deferred.status),
        }
      : null,
    skipLevel: state.skipLevel
      ? {
          competentRegionCode: state.competentRegionCode,
          competentRegionName: regionNames.get(state.competentRegionCode) ?? null,
        }
      : null,
    legalChannel: state.legalChannel,
    legalChannelSuggestion: state.legalChannelSuggestion,
    notices: state.notices,
  };
}
