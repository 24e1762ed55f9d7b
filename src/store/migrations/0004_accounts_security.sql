-- Accounts' security (issue 14): sign-in attempts counted before their password is checked, TOTP
-- enrolment shared by every server process, TOTP seeds encrypted at rest.

-- A sign-in takes its place in its address's count before the password is checked (so that concurrent
-- attempts cannot all pass a count that none of them has added to yet) and a good sign-in takes its
-- row back: `attempt` names the row. Rows of failures from before this migration have none.
ALTER TABLE login_failure ADD COLUMN attempt uuid;

-- TOTP enrolment between setup and enable: the pending seed, encrypted like app_user.totp_secret
-- (AES-256-GCM under the secrets key, which is not in the database: src/store/accounts/secret-box.ts),
-- so that enable may reach another server process than setup did; until `expires_at` only.
CREATE TABLE totp_enrolment (
  user_id uuid PRIMARY KEY REFERENCES app_user (id),
  secret text NOT NULL,
  expires_at timestamptz NOT NULL
);

-- The fingerprints of keys kept outside the database (an HMAC of a fixed label under a key derived
-- from them): a server started with another key is refused instead of failing to open what was sealed.
-- app_user.totp_secret values stored in plaintext before this migration are encrypted by the server at
-- its next start (src/server/bootstrap.ts): SQL cannot, the key is not here.
CREATE TABLE key_fingerprint (
  purpose text PRIMARY KEY,
  fingerprint text NOT NULL,
  created_at timestamptz NOT NULL
);
