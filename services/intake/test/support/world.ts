import {
  CheckTerminated,
  GetCase,
  ListCases,
  RatePetition,
  RecordCaseProgress,
  RegisterPetition,
  RegistrationDeps,
  SubmitOnlinePetition,
  TrackCase,
} from '../../src/application';
import { IntakePolicy, Subject } from '../../src/domain';
import {
  cryptoRandom,
  FixedClock,
  HmacKeyHasher,
  InMemoryCaseNumberSequence,
  InMemoryCaseRepository,
  InMemoryPolicyProvider,
  InMemoryRegionDirectory,
  InMemorySubjectCatalog,
  InMemoryTerminationChecker,
  RepositoryPriorCaseFinder,
  SequentialIds,
} from './doubles';

/** 2026-03-14 10:00 in Asia/Shanghai. */
export const NOW = new Date('2026-03-14T02:00:00Z');

/** Every use case wired to in-memory doubles of the ports. */
export function intakeWorld(
  options: { subjects?: Record<string, Subject[]>; policies?: Record<string, IntakePolicy> } = {},
) {
  const cases = new InMemoryCaseRepository();
  const clock = new FixedClock(NOW);
  const terminations = new InMemoryTerminationChecker();
  const priorCases = new RepositoryPriorCaseFinder(cases);
  const keyHasher = new HmacKeyHasher();
  const deps: RegistrationDeps = {
    cases,
    priorCases,
    terminations,
    caseNumbers: new InMemoryCaseNumberSequence(),
    keyHasher,
    regions: new InMemoryRegionDirectory(),
    subjects: new InMemorySubjectCatalog(options.subjects),
    policies: new InMemoryPolicyProvider(options.policies),
    clock,
    ids: new SequentialIds(),
    random: cryptoRandom,
  };
  return {
    deps,
    cases,
    clock,
    terminations,
    priorCases,
    keyHasher,
    registerPetition: new RegisterPetition(deps),
    submitOnline: new SubmitOnlinePetition(deps),
    trackCase: new TrackCase(deps),
    ratePetition: new RatePetition(deps),
    getCase: new GetCase(deps),
    listCases: new ListCases(deps),
    checkTerminated: new CheckTerminated(deps),
    recordProgress: new RecordCaseProgress(deps),
  };
}

export type IntakeWorld = ReturnType<typeof intakeWorld>;
