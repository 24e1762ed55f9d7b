-- The audit trail (21 CFR 11.10(e), ICH E6(R3) 4.2.3): one event per change, written in the change's
-- transaction. Append-only: triggers refuse UPDATE, DELETE and TRUNCATE. Hash-chained: each event
-- stores the SHA-256 of its canonical content including the previous event's hash, so an edit made
-- around the triggers (a superuser, a restored backup) is found by `trialkit audit verify`.

CREATE TABLE audit_event (
  seq bigint PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  actor_id uuid,
  actor text NOT NULL,
  role text,
  site_id text,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  subject_id uuid,
  changes jsonb NOT NULL,
  reason text,
  request_id text,
  prev_sha256 text NOT NULL,
  sha256 text NOT NULL
);
CREATE INDEX audit_event_subject ON audit_event (subject_id, seq);
CREATE INDEX audit_event_entity ON audit_event (entity_type, entity_id, seq);

-- The chain's head: its row lock orders concurrent writers, so seq and prev_sha256 form one chain.
CREATE TABLE audit_head (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq bigint NOT NULL,
  sha256 text NOT NULL
);
INSERT INTO audit_head (seq, sha256) VALUES (0, repeat('0', 64));

CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
