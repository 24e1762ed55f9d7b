-- trialkit store, version 1: sites, accounts, subjects, screening, signatures, randomization.
-- Plain PostgreSQL that runs unchanged on PGlite and on a server. Every table that users change has a
-- `version` column: an update names the version it read and fails (HTTP 409) when someone else got
-- there first. Trial data changes only through src/store, which writes an audit_event in the same
-- transaction (0002_audit.sql).

CREATE TABLE protocol (
  id text PRIMARY KEY,
  document jsonb NOT NULL,
  loaded_at timestamptz NOT NULL
);

CREATE TABLE site (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  city text NOT NULL,
  state text NOT NULL,
  country text NOT NULL,
  recruiting_status text NOT NULL CHECK (recruiting_status IN
    ('NOT_YET_RECRUITING', 'RECRUITING', 'ACTIVE_NOT_RECRUITING', 'SUSPENDED', 'COMPLETED', 'WITHDRAWN')),
  next_subject_number integer NOT NULL DEFAULT 1,
  version integer NOT NULL DEFAULT 1
);

CREATE TABLE app_user (
  id uuid PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
  display_name text NOT NULL,
  password_hash text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  totp_secret text,
  -- The last TOTP time step accepted: a code is good once (RFC 6238 §5.2).
  totp_last_step bigint,
  created_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);

-- admin and statistician are study-wide (site_id NULL); coordinator, investigator and monitor are per site.
CREATE TABLE role_assignment (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user (id),
  role text NOT NULL CHECK (role IN ('admin', 'coordinator', 'investigator', 'monitor', 'statistician')),
  site_id text REFERENCES site (id),
  CHECK ((role IN ('admin', 'statistician')) = (site_id IS NULL))
);
CREATE UNIQUE INDEX role_assignment_unique ON role_assignment (user_id, role, coalesce(site_id, ''));

-- The cookie carries a random token; only its SHA-256 is stored, so a copy of the table opens no session.
CREATE TABLE session (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user (id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  totp_verified boolean NOT NULL DEFAULT false
);
CREATE INDEX session_by_user ON session (user_id);

-- Failed sign-ins per client address, for throttling across server processes.
CREATE TABLE login_failure (
  client text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX login_failure_client ON login_failure (client, at);

CREATE TABLE subject (
  id uuid PRIMARY KEY,
  study_id text NOT NULL UNIQUE,
  site_id text NOT NULL REFERENCES site (id),
  initials text NOT NULL,
  birth_date date NOT NULL,
  sex text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  status text NOT NULL CHECK (status IN ('screening', 'eligible', 'screen_failed', 'randomized', 'withdrawn')),
  stratification jsonb NOT NULL DEFAULT '{}',
  withdrawal_reason text,
  created_at timestamptz NOT NULL,
  created_by uuid NOT NULL REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX subject_site ON subject (site_id);

-- Clinical data as uploaded (a FHIR Bundle, or NDJSON as an array of resources), kept verbatim.
CREATE TABLE subject_document (
  id uuid PRIMARY KEY,
  subject_id uuid NOT NULL REFERENCES subject (id),
  file_name text NOT NULL,
  media_type text NOT NULL,
  sha256 text NOT NULL,
  resources jsonb NOT NULL,
  resource_count integer NOT NULL,
  uploaded_at timestamptz NOT NULL,
  uploaded_by uuid NOT NULL REFERENCES app_user (id),
  removed_at timestamptz,
  removed_by uuid REFERENCES app_user (id),
  removal_reason text
);
CREATE INDEX subject_document_subject ON subject_document (subject_id);

-- A person's answer to a screening question (criteria catalog, "The screening questionnaire").
-- Rows are never changed: a new answer for the same link ID supersedes the older one.
CREATE TABLE attestation (
  id uuid PRIMARY KEY,
  subject_id uuid NOT NULL REFERENCES subject (id),
  link_id text NOT NULL,
  value jsonb NOT NULL,
  comment text,
  attested_at timestamptz NOT NULL,
  attested_by uuid NOT NULL REFERENCES app_user (id)
);
CREATE INDEX attestation_subject ON attestation (subject_id, link_id, attested_at);

-- One run of the eligibility engine: its inputs' hash, its result and the result's hash. The newest
-- episode of a subject is the current one.
CREATE TABLE screening_episode (
  id uuid PRIMARY KEY,
  subject_id uuid NOT NULL REFERENCES subject (id),
  number integer NOT NULL,
  as_of date NOT NULL,
  overall text NOT NULL CHECK (overall IN ('eligible', 'ineligible', 'incomplete')),
  failing jsonb NOT NULL,
  result jsonb NOT NULL,
  result_sha256 text NOT NULL,
  inputs_sha256 text NOT NULL,
  -- Answers the screening used that are also stratification factors (planned-mki): randomization checks them.
  stratification jsonb NOT NULL,
  screened_at timestamptz NOT NULL,
  screened_by uuid NOT NULL REFERENCES app_user (id),
  UNIQUE (subject_id, number)
);

-- 21 CFR 11.50/11.70: who signed, when, what it means, bound to the hash of what was signed.
CREATE TABLE signature (
  id uuid PRIMARY KEY,
  subject_id uuid NOT NULL REFERENCES subject (id),
  episode_id uuid NOT NULL REFERENCES screening_episode (id),
  signer_id uuid NOT NULL REFERENCES app_user (id),
  signer_name text NOT NULL,
  meaning text NOT NULL,
  result_sha256 text NOT NULL,
  signed_at timestamptz NOT NULL
);
CREATE INDEX signature_subject ON signature (subject_id);
CREATE INDEX signature_episode ON signature (episode_id, signed_at);

CREATE TABLE randomization_list (
  id uuid PRIMARY KEY,
  protocol_id text NOT NULL REFERENCES protocol (id),
  config jsonb NOT NULL,
  -- The generator (src/randomization ALGORITHM): a list can be regenerated from its seed only by the same one.
  algorithm text NOT NULL,
  seed_sha256 text NOT NULL,
  -- Minimization draws at each allocation, so it needs the seed; a permuted-block list is generated
  -- once and its seed stays with the statistician (only its hash is kept, to check a regeneration).
  minimization_seed text,
  rehearsal boolean NOT NULL,
  active boolean NOT NULL,
  created_at timestamptz NOT NULL,
  created_by uuid NOT NULL REFERENCES app_user (id)
);
CREATE UNIQUE INDEX randomization_list_one_active ON randomization_list (protocol_id) WHERE active AND NOT rehearsal;

CREATE TABLE allocation_list_entry (
  list_id uuid NOT NULL REFERENCES randomization_list (id),
  stratum text NOT NULL,
  sequence integer NOT NULL,
  arm text NOT NULL,
  block integer NOT NULL,
  block_size integer NOT NULL,
  PRIMARY KEY (list_id, stratum, sequence)
);

-- The next unused entry per stratum; its row lock serializes allocations within a stratum.
CREATE TABLE stratum_cursor (
  list_id uuid NOT NULL REFERENCES randomization_list (id),
  stratum text NOT NULL,
  next_sequence integer NOT NULL,
  PRIMARY KEY (list_id, stratum)
);

CREATE TABLE allocation (
  id uuid PRIMARY KEY,
  subject_id uuid NOT NULL UNIQUE REFERENCES subject (id),
  list_id uuid NOT NULL REFERENCES randomization_list (id),
  stratum text NOT NULL,
  sequence integer NOT NULL,
  arm text NOT NULL,
  factors jsonb NOT NULL,
  -- Minimization: the scores, preferred arm and probability that explain the allocation.
  details jsonb,
  episode_id uuid NOT NULL REFERENCES screening_episode (id),
  signature_id uuid NOT NULL REFERENCES signature (id),
  randomized_at timestamptz NOT NULL,
  randomized_by uuid NOT NULL REFERENCES app_user (id),
  UNIQUE (list_id, stratum, sequence)
);
