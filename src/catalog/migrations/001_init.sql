-- The catalog is derived from the bucket; no foreign keys so records can be applied in any order.
CREATE TABLE IF NOT EXISTS targets (
  id text PRIMARY KEY,
  spec text NOT NULL,
  platform text NOT NULL,
  key text NOT NULL,
  every_ms double precision NOT NULL,
  tags jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'pending',
  state_reason text,
  state_since timestamptz,
  last_observed_at timestamptz,
  last_ok_at timestamptz,
  channel jsonb
);

CREATE TABLE IF NOT EXISTS posts (
  target_id text NOT NULL,
  id text NOT NULL,
  num integer NOT NULL,
  url text NOT NULL,
  published_at timestamptz,
  text text NOT NULL,
  views double precision,
  edited boolean NOT NULL DEFAULT false,
  deleted boolean NOT NULL DEFAULT false,
  deleted_at timestamptz,
  deleted_by text,
  first_seen_at timestamptz NOT NULL,
  first_observation_id text NOT NULL,
  last_seen_at timestamptz NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED,
  PRIMARY KEY (target_id, id)
);
CREATE INDEX IF NOT EXISTS posts_target_num ON posts (target_id, num DESC);
CREATE INDEX IF NOT EXISTS posts_tsv ON posts USING gin (tsv);

-- One row per observed content change; keyed by observation so re-applying is a no-op.
CREATE TABLE IF NOT EXISTS post_versions (
  target_id text NOT NULL,
  post_id text NOT NULL,
  observation_id text NOT NULL,
  sha256 text NOT NULL,
  content_key text NOT NULL,
  observed_at timestamptz NOT NULL,
  text text NOT NULL,
  edited boolean NOT NULL,
  PRIMARY KEY (target_id, post_id, observation_id)
);
CREATE INDEX IF NOT EXISTS post_versions_time ON post_versions (target_id, post_id, observed_at);

CREATE TABLE IF NOT EXISTS post_artifacts (
  capture_id text NOT NULL,
  name text NOT NULL,
  target_id text NOT NULL,
  post_id text NOT NULL,
  sha256 text NOT NULL,
  size double precision NOT NULL,
  type text NOT NULL,
  PRIMARY KEY (capture_id, name)
);
CREATE INDEX IF NOT EXISTS post_artifacts_post ON post_artifacts (target_id, post_id);

CREATE TABLE IF NOT EXISTS captures (
  id text PRIMARY KEY,
  target_id text,
  post_id text,
  url text NOT NULL,
  kind text NOT NULL,
  status text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  manifest jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS captures_target ON captures (target_id);

-- Any artifact hash -> its type, so /api/blobs can answer with the right content-type.
CREATE TABLE IF NOT EXISTS artifacts (
  sha256 text NOT NULL,
  capture_id text NOT NULL,
  name text NOT NULL,
  type text NOT NULL,
  size double precision NOT NULL,
  PRIMARY KEY (sha256, capture_id, name)
);

CREATE TABLE IF NOT EXISTS events (
  id text PRIMARY KEY,
  type text NOT NULL,
  status text NOT NULL,
  target_id text NOT NULL,
  post_id text,
  detected_at timestamptz NOT NULL,
  confirmed_at timestamptz,
  confidence double precision NOT NULL,
  rule text NOT NULL,
  evidence jsonb NOT NULL,
  time_window jsonb NOT NULL,
  details jsonb
);
CREATE INDEX IF NOT EXISTS events_target ON events (target_id, detected_at DESC);
CREATE INDEX IF NOT EXISTS events_type ON events (type, status);
