-- The time of the last audit event, kept by the head (src/store/audit.ts, recordAudits): a writer reads
-- it with the head's lock, in the head row's newest version, and never records an earlier time — so audit
-- times never run backwards against seq (issue 14 item 5), whatever time a writer read before it waited.
ALTER TABLE audit_head ADD COLUMN occurred_at timestamptz;
UPDATE audit_head SET occurred_at = (SELECT e.occurred_at FROM audit_event e WHERE e.seq = audit_head.seq);
