-- Search in the languages the archive holds (README: "Search").
-- Each post's text is indexed under a text-search configuration chosen from its script:
--   Kazakh Cyrillic (ә ғ қ ң ө ұ ү һ і make up at least 5% of the Cyrillic letters: about 8-14%
--   in Kazakh prose, under 3% in a Russian post naming Қазақстан or a person), words that
--   mix Latin and Cyrillic letters (homoglyph spellings), Kazakh Latin letters, or no letters
--   at all -> 'simple' (no stemmer fits) and trigram substring matching (pg_trgm);
--   other Cyrillic -> 'russian' (its Latin words get the English stemmer);
--   Latin -> 'english'.
-- The Cyrillic letters are counted as octet_length - length (each takes two bytes in UTF-8;
-- the odd «» or — adds a little), because counting them with a regular expression costs ~20x
-- more per post. regexp_count needs PostgreSQL 15 or later (PGlite is 18).
-- A generated column cannot take its configuration from another generated column, so the
-- columns call the same IMMUTABLE function. Changing the rule is a new migration (the function
-- is replaced and the columns regenerated), never an edit of this one.
-- Numbered 004 (not 003) so a 003 from parallel work on posts runs before it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE OR REPLACE FUNCTION vigil_search_config(t text) RETURNS regconfig
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE
    WHEN t ~ '[A-Za-z][А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]|[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі][A-Za-z]' THEN 'simple'::regconfig
    WHEN regexp_count(t, '[ӘәҒғҚқҢңӨөҰұҮүҺһІі]') * 20 >= greatest(1, octet_length(t) - length(t)) THEN 'simple'::regconfig
    WHEN t ~ '[А-Яа-яЁё]' THEN 'russian'::regconfig
    WHEN t ~ '[ĞğÑñŞşŪūı]' THEN 'simple'::regconfig
    WHEN t ~ '[A-Za-z]' THEN 'english'::regconfig
    ELSE 'simple'::regconfig
  END;

ALTER TABLE posts ADD COLUMN search_config regconfig GENERATED ALWAYS AS (vigil_search_config(text)) STORED;

-- The old vector was to_tsvector('simple', text): no word forms.
DROP INDEX IF EXISTS posts_tsv;
ALTER TABLE posts DROP COLUMN tsv;
ALTER TABLE posts ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector(vigil_search_config(text), text)) STORED;
CREATE INDEX posts_tsv ON posts USING gin (tsv);

-- Substring matching for the 'simple' rows: Kazakh is agglutinative (Қазақстан, Қазақстанда,
-- Қазақстанның), so a word's forms share its beginning, not a stem a dictionary knows. The text
-- is kept lower-cased for those rows only: a case-insensitive match then is a plain LIKE on it
-- (lower-casing every candidate row at query time costs ~10 µs each).
ALTER TABLE posts ADD COLUMN search_lower text GENERATED ALWAYS AS (CASE WHEN vigil_search_config(text) = 'simple'::regconfig THEN lower(text) END) STORED;
CREATE INDEX posts_trgm ON posts USING gin (search_lower gin_trgm_ops) WHERE search_lower IS NOT NULL;

-- Search results are newest first: published time, or first seen when the platform gives none.
ALTER TABLE posts ADD COLUMN sort_at timestamptz GENERATED ALWAYS AS (coalesce(published_at, first_seen_at)) STORED;
CREATE INDEX posts_sort ON posts (sort_at, target_id, id);
-- Within one target, newest first (search with target=).
CREATE INDEX posts_target_sort ON posts (target_id, sort_at, id);
-- "Which posts that said X were deleted": deleted posts are few, so these indexes are small.
CREATE INDEX posts_tsv_deleted ON posts USING gin (tsv) WHERE deleted;
CREATE INDEX posts_trgm_deleted ON posts USING gin (search_lower gin_trgm_ops) WHERE search_lower IS NOT NULL AND deleted;
