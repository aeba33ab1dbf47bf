-- Posts are addressed by a string key within their target (Telegram "523", an X post id, a YouTube
-- video id, a statement's hash) and ordered by `num` (the post's order, a 64-bit integer). Every row
-- written before this migration had key = num (message ids and statement hashes alike), so the
-- backfill is exact. The key finds a post again after a rename changed its id.
ALTER TABLE posts ADD COLUMN IF NOT EXISTS post_key text;
UPDATE posts SET post_key = num::text WHERE post_key IS NULL;
CREATE INDEX IF NOT EXISTS posts_target_key ON posts (target_id, post_key);
