-- posts.num was `integer` (32 bits): every rss:/web: item's num is a 48-bit hash of its id, so
-- indexing a statement failed ("out of range for type integer") and statements never reached
-- the catalog. `bigint` holds every num exactly: 48-bit hashes, Telegram message ids, and the
-- 63-bit snowflake ids of X/Instagram. The post key stays `id text`; num only orders and pages.
-- Existing rows convert in place (integer -> bigint is lossless); the index is rebuilt with it.
ALTER TABLE posts ALTER COLUMN num TYPE bigint;
