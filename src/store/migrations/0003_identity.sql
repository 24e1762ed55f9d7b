-- One subject is one person (issue 12): identity checks of uploads and duplicate detection.
-- Only keyed hashes (HMAC-SHA256) are stored; the key lives outside the database (src/store/identity.ts).

-- A person's confirmation, with its reason, that an upload whose patient differs from the subject's
-- identity is the same patient (NULL when the file agreed with the subject).
ALTER TABLE subject_document ADD COLUMN identity_confirmation text;

-- The keyed hash of the subject's initials + birth date + sex (NULL until the server has hashed it).
ALTER TABLE subject ADD COLUMN demographics_key text;
CREATE INDEX subject_demographics_key ON subject (demographics_key);

-- The keyed hashes of each document's source identifiers (Patient.identifier system + value).
CREATE TABLE subject_identifier_key (
  document_id uuid NOT NULL REFERENCES subject_document (id),
  subject_id uuid NOT NULL REFERENCES subject (id),
  key_hash text NOT NULL,
  PRIMARY KEY (document_id, key_hash)
);
CREATE INDEX subject_identifier_key_hash ON subject_identifier_key (key_hash);
CREATE INDEX subject_identifier_key_subject ON subject_identifier_key (subject_id);

-- Documents uploaded before this migration have not had their identifiers hashed yet.
ALTER TABLE subject_document ADD COLUMN identifiers_hashed boolean NOT NULL DEFAULT false;

-- The identity key's fingerprint (an HMAC of a fixed label): a server started with another key is refused.
CREATE TABLE identity_key_fingerprint (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  fingerprint text NOT NULL,
  created_at timestamptz NOT NULL
);

-- Entry order: two answers (or documents) stored in the same instant are still told apart, the later
-- one in force (the timestamp alone left the order to chance).
ALTER TABLE attestation ADD COLUMN entry_seq bigserial;
ALTER TABLE subject_document ADD COLUMN entry_seq bigserial;
