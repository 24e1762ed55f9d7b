-- On-study conduct (issue 15): every fact a site records after randomization is one study_event row —
-- cycle starts, doses, visits, missed visits, tumor responses, end of treatment, follow-up contacts,
-- death, withdrawal, off study, specimens — its fields in `data` as the contracts shape them (src/contracts
-- on-study.ts). Corrections bump `version` (the audit event keeps before and after); an entry made in
-- error is removed with a reason, never deleted. The calendar (src/schedule) is computed from these.
CREATE TABLE study_event (
  id uuid PRIMARY KEY,
  subject_id uuid NOT NULL REFERENCES subject (id),
  kind text NOT NULL CHECK (kind IN ('cycle-start', 'dose', 'visit', 'missed-visit', 'tumor-assessment',
    'end-of-treatment', 'follow-up', 'death', 'withdrawal', 'off-study', 'specimen')),
  event_date date,
  data jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  recorded_at timestamptz NOT NULL,
  recorded_by uuid NOT NULL REFERENCES app_user (id),
  removed_at timestamptz,
  removed_by uuid REFERENCES app_user (id),
  removal_reason text
);
CREATE INDEX study_event_subject ON study_event (subject_id, event_date);

-- The calendar's visits (and the specimens due, kind 'specimen', visit_id '<specimen>@<time point>') as last computed (src/store/on-study/visits.ts): a cache of the schedule engine's
-- answer, replaced in the transaction of every write to the subject's study events and computed through
-- `computed_through`, so that a site's worklist is one indexed query. Not trial data: never audited,
-- always recomputable from study_event and allocation.
CREATE TABLE scheduled_visit (
  subject_id uuid NOT NULL REFERENCES subject (id),
  site_id text NOT NULL,
  visit_id text NOT NULL,
  kind text NOT NULL,
  planned date NOT NULL,
  window_start date NOT NULL,
  window_end date NOT NULL,
  -- open: neither done, missed nor cancelled (its status as of a day follows from the window).
  state text NOT NULL CHECK (state IN ('open', 'done', 'missed', 'cancelled')),
  actual date,
  PRIMARY KEY (subject_id, visit_id)
);
CREATE INDEX scheduled_visit_open ON scheduled_visit (site_id, window_start) WHERE state = 'open';
CREATE TABLE scheduled_visit_horizon (
  subject_id uuid PRIMARY KEY REFERENCES subject (id),
  computed_through date NOT NULL
);
