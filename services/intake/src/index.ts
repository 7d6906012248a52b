export {
  createService,
  INTAKE_EVENT_SOURCE,
  type GrpcRegistration,
  type ServiceDeps,
  type ServiceParts,
  type Worker,
} from './app';
export { intakeConfigSchema, loadIntakeConfig, type IntakeConfig } from './infrastructure/config';
export {
  AesGcmPiiCipher,
  piiKeyRing,
  type PiiKeyRing,
} from './infrastructure/crypto/AesGcmPiiCipher';
export { HmacPetitionerKeyHasher } from './infrastructure/crypto/HmacPetitionerKeyHasher';
export type {
  CaseView,
  CaseSummary,
  CaseList,
  RegistrationResult,
  OnlineSubmissionReceipt,
  RatingReceipt,
  TerminationCheck,
  SubjectList,
} from './application';
export type { PetitionerTimeline, CaseStatus, Channel, Nature, SatisfactionRating } from './domain';
