-- The audit trail's anchor (issue 14, docs/decisions/0011): each event's MAC under a key kept outside
-- the database (HMAC-SHA256 of its seq and hash, src/store/audit-key.ts), and the head's copy of the
-- last one, so a writer can tell a signed trail (which refuses writes without the key, or with
-- another) from an unsigned one. NULL: written without a key (tests, or before this version; the first
-- signed event vouches for those before it through the chain).
ALTER TABLE audit_event ADD COLUMN mac text;
ALTER TABLE audit_head ADD COLUMN mac text;

-- Nobody but the owner and the roles granted by `trialkit db migrate` (src/store/migrate.ts,
-- grantApplicationRole) reaches the audit tables; the application's role may append and read events
-- and move the head, never change or remove an event, and it cannot disable the triggers (only the
-- table's owner can).
REVOKE ALL ON audit_event, audit_head, schema_migration FROM PUBLIC;
