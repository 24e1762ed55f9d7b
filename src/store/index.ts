/**
 * The trial operations store: PostgreSQL (PGlite embedded, or a server), plain numbered SQL
 * migrations, repositories that write trial data and their audit events in one transaction, and the
 * audit trail's verification and export. Every function takes the acting principal and the time.
 *
 * Grouped by area: accounts/ (users, sessions, passwords, TOTP), subjects/ (subjects, identity and
 * duplicates, screening, signatures), randomization/ (allocation lists, randomizing); the trial-wide
 * pieces (database, migrations, audit trail, access, sites, dashboard) beside this file. Only what the
 * server, the CLI and the tests use is exported here.
 */
export {
  actorOf,
  CLINICAL_ROLES,
  countScope,
  hasRole,
  type Principal,
  type RoleAssignment,
  readsClinicalData,
  requireClinicalRole,
  requireRole,
  visibleSites,
} from './access.ts';
export {
  checkPasswordRule,
  decoyHash,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from './accounts/passwords.ts';
export { SecretBox } from './accounts/secret-box.ts';
export {
  type ActiveSession,
  createSession,
  resumeSession,
  revokeOtherSessions,
  revokeSession,
} from './accounts/sessions.ts';
export {
  decidePasswordAgain,
  decideSignIn,
  LOGIN_LIMITS,
  PASSWORD_LIMITS,
  type PasswordAgainPurpose,
  releaseAttempt,
  reserveAttempt,
  type SignInDecision,
} from './accounts/sign-in.ts';
export { matchTotp, newTotpSecret, otpauthUri, totpAt, verifyTotp } from './accounts/totp.ts';
export {
  checkSecretsKey,
  enableTotp,
  sealPlaintextTotpSecrets,
  startTotpEnrolment,
  totpSeedOf,
} from './accounts/totp-secrets.ts';
export {
  createUser,
  listUsers,
  principalOf,
  setPassword,
  type UserView,
  updateUser,
  userByUsername,
} from './accounts/users.ts';
export {
  type Actor,
  type AuditEvent,
  type AuditFilter,
  auditEvents,
  canonicalJson,
  fieldChanges,
  recordAudit,
  recordAudits,
  SYSTEM_ACTOR,
  sha256,
} from './audit.ts';
export { AuditKey } from './audit-key.ts';
export {
  type AuditCheckpoint,
  type AuditVerification,
  type CheckpointSource,
  checkpointFileName,
  createCheckpoint,
  parseCheckpoint,
  verifyAudit,
} from './audit-verify.ts';
export {
  BACKUP_FORMAT,
  type BackupManifest,
  backupStore,
  manifestPathOf,
  readBackupManifest,
  restoreStore,
} from './backup.ts';
export { dashboard } from './dashboard.ts';
export {
  type Db,
  dumpPglite,
  type OpenOptions,
  openDatabase,
  type Sql,
  withAuditKey,
} from './database.ts';
export {
  auditKeyFromEnv,
  configuredAuditKey,
  identityKeyFromEnv,
  migrateStore,
  parseIdentityKey,
  secretsKeyFromEnv,
  storeOptionsFromEnv,
} from './environment.ts';
export { notFound, staleVersion, TrialError, type TrialErrorKind } from './errors.ts';
export { appliedMigrations, grantApplicationRole, listMigrations, migrate } from './migrate.ts';
export {
  correctStudyEvent,
  enrolmentOf,
  listStudyEvents,
  recordStudyEvent,
  removeStudyEvent,
  subjectCalendar,
  type Trial,
  worklist,
} from './on-study/index.ts';
export { RandomizationQueue } from './randomization/queue.ts';
export {
  allocationOf,
  allocationRecord,
  type Receipt,
  randomizationReadiness,
  randomize,
  randomizedCount,
} from './randomization/randomization.ts';
export {
  createList,
  type ExportedEntry,
  exportList,
  isTrialSeed,
  listLists,
} from './randomization/randomization-lists.ts';
export { listSites, seedProtocol, setRecruitingStatus } from './sites.ts';
export { duplicatesOfSubject, hashUnhashedIdentities } from './subjects/duplicates.ts';
export { checkIdentityKey, IdentityKeys } from './subjects/identity.ts';
export { currentEpisode, episodes, rescreen } from './subjects/screening.ts';
export {
  addDocument,
  attest,
  enterLabPanel,
  enterLabResult,
  removeDocument,
} from './subjects/screening-changes.ts';
export { screeningLog } from './subjects/screening-log.ts';
export { subjectAnswers, subjectDocuments } from './subjects/screening-records.ts';
export { ELIGIBILITY_MEANING, signEligibility } from './subjects/signatures.ts';
export {
  createSubject,
  duplicatesOfNewSubjectFacts,
  listSubjects,
  type SubjectRow,
  subjectFor,
  updateSubject,
  withdrawSubject,
} from './subjects/subjects.ts';
