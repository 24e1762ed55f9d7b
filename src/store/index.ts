/**
 * The trial operations store: PostgreSQL (PGlite embedded, or a server), plain numbered SQL
 * migrations, repositories that write trial data and their audit events in one transaction, and the
 * audit trail's verification and export. Every function takes the acting principal and the time.
 */
export * from './access.ts';
export {
  type Actor,
  type AuditEvent,
  type AuditFilter,
  type AuditVerification,
  auditEvents,
  canonicalJson,
  fieldChanges,
  recordAudit,
  recordAudits,
  SYSTEM_ACTOR,
  sha256,
  verifyAudit,
} from './audit.ts';
export * from './dashboard.ts';
export { type Db, type OpenOptions, openDatabase, type Sql } from './database.ts';
export * from './duplicates.ts';
export { identityKeyFromEnv, parseIdentityKey, storeOptionsFromEnv } from './environment.ts';
export { notFound, staleVersion, TrialError, type TrialErrorKind } from './errors.ts';
export {
  checkIdentityKey,
  describeMismatches,
  type IdentityField,
  IdentityKeys,
  type IdentityMismatch,
  identityMismatches,
} from './identity.ts';
export { questionnaireLinkIds } from './linkids.ts';
export { appliedMigrations, listMigrations, migrate } from './migrate.ts';
export {
  checkPasswordRule,
  decoyHash,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from './passwords.ts';
export * from './randomization.ts';
export * from './randomization-lists.ts';
export * from './screening.ts';
export * from './screening-changes.ts';
export { resourcesOf } from './screening-inputs.ts';
export * from './screening-log.ts';
export * from './screening-records.ts';
export * from './sessions.ts';
export * from './signatures.ts';
export * from './sites.ts';
export * from './subjects.ts';
export { matchTotp, newTotpSecret, otpauthUri, totpAt, verifyTotp } from './totp.ts';
export * from './users.ts';
