-- One row per applied observation record: which record last showed a target (issue 12: the
-- detection state Redis keeps is rebuilt from that record when Redis lost its data). Numbered 12
-- so it never collides with a migration added in parallel; versions are applied in number order.
CREATE TABLE IF NOT EXISTS observations (
  id text PRIMARY KEY,
  target_id text NOT NULL,
  observed_at timestamptz NOT NULL,
  state text NOT NULL
);
CREATE INDEX IF NOT EXISTS observations_target_time ON observations (target_id, observed_at DESC, id DESC);
