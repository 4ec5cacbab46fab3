import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/**
 * Migration 004: search.
 *
 * - `bo_catalog_version`: one counter, bumped in the writing transaction by a statement trigger
 *   on performers, venues and events, so it becomes visible exactly with the change it counts
 *   (the lunr adapter compares it with the version its index was built from).
 * - `event_search`: one row per event, written by triggers in the same transaction as the event
 *   (so catalog text is searchable at commit): a stored `tsvector` (title and performers weight
 *   A, venue and city B, description C) under GIN, the filter and sort columns, and the
 *   availability columns (exact at creation, from the venue's seat map and the event's prices;
 *   afterwards refreshed by the search adapter, never by a trigger on tickets: holds stay a
 *   single conditional write).
 * - `search_words` (the folded vocabulary) and `search_suggestions` with their word-start keys:
 *   pg_trgm (GiST, nearest-neighbour `<->`) proposes spellings for typo tolerance.
 *
 * pg_trgm is created in schema `public` if missing (PGlite: load `@electric-sql/pglite/contrib/pg_trgm`);
 * its objects are referenced through the schema it lives in. Without it, the trigram indexes are
 * skipped and the PostgreSQL search adapter refuses to start (the store itself works).
 */
const FOLD_FROM =
  'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïðñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłŃńŅņŇňŉŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻǾǿȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳ';
const FOLD_TO =
  'aaaaaaceeeeiiiidnoooooouuuuyaaaaaaceeeeiiiidnoooooouuuuyyaaaaaaccccccccddddeeeeeeeeeegggggggghhiiiiiiiiiijjkkllllllllllnnnnnnnoooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzsoouuaaiioouuuuuuuuuuaaaaggkkoooojggnnaaooaaaaeeeeiiiioooorrrruuuusstthhaaeeooooooooyy';

const statements = (trgm: string | null): string[] => [
  `CREATE TABLE bo_catalog_version (
     id boolean PRIMARY KEY DEFAULT true CHECK (id),
     version bigint NOT NULL DEFAULT 0)`,
  `INSERT INTO bo_catalog_version DEFAULT VALUES`,
  `CREATE FUNCTION bo_bump_catalog_version() RETURNS trigger
     LANGUAGE plpgsql SET search_path FROM CURRENT
     AS $$ BEGIN UPDATE bo_catalog_version SET version = version + 1; RETURN NULL; END $$`,
  ...['performers', 'venues', 'events'].map(
    (t) => `CREATE TRIGGER ${t}_catalog_version AFTER INSERT OR UPDATE OR DELETE ON ${t}
              FOR EACH STATEMENT EXECUTE FUNCTION bo_bump_catalog_version()`,
  ),

  // The same folding as foldText() in domain/search-text.ts.
  `CREATE FUNCTION bo_search_fold(t text) RETURNS text
     LANGUAGE sql IMMUTABLE PARALLEL SAFE
     AS $$ SELECT btrim(regexp_replace(
       CASE WHEN octet_length(t) = char_length(t) THEN lower(coalesce(t, ''))  -- ASCII: skip the accent table
       ELSE replace(replace(replace(replace(replace(replace(replace(
         lower(translate(t, '${FOLD_FROM}', '${FOLD_TO}')),
         'ß', 'ss'), 'æ', 'ae'), 'Æ', 'ae'), 'œ', 'oe'), 'Œ', 'oe'), 'þ', 'th'), 'Þ', 'th') END,
       '[^a-z0-9]+', ' ', 'g')) $$`,

  `CREATE TABLE event_search (
     event_id text PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
     document tsvector NOT NULL,
     title_key text NOT NULL,
     performer_keys text[] NOT NULL,
     performer_ids text[] NOT NULL,
     type text NOT NULL,
     venue_id text NOT NULL,
     city text NOT NULL,
     city_key text NOT NULL,
     lat double precision NOT NULL,
     lon double precision NOT NULL,
     starts_at timestamptz NOT NULL,
     ends_at timestamptz NOT NULL,
     popularity double precision NOT NULL,
     available integer NOT NULL DEFAULT 0,
     min_price bigint,
     availability_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE INDEX event_search_document_idx ON event_search USING gin (document)`,
  `CREATE INDEX event_search_starts_idx ON event_search (starts_at, (event_id COLLATE "C"))`,
  `CREATE INDEX event_search_popularity_idx ON event_search (popularity DESC, starts_at, (event_id COLLATE "C"))`,
  `CREATE INDEX event_search_city_idx ON event_search (city_key, starts_at)`,
  `CREATE INDEX event_search_venue_idx ON event_search (venue_id, starts_at)`,
  `CREATE INDEX event_search_type_idx ON event_search (type, starts_at)`,
  `CREATE INDEX event_search_performers_idx ON event_search USING gin (performer_ids)`,
  `CREATE INDEX event_search_geo_idx ON event_search (lat, lon)`,
  `CREATE INDEX event_search_price_idx ON event_search (min_price, starts_at)`,
  `CREATE INDEX event_search_availability_at_idx ON event_search (availability_at)`,

  `CREATE TABLE search_words (word text COLLATE "C" PRIMARY KEY)`,
  `CREATE TABLE search_suggestions (
     kind text NOT NULL,
     key text COLLATE "C" NOT NULL,
     label text NOT NULL,
     ref_id text,
     weight double precision NOT NULL DEFAULT 0,
     best double precision NOT NULL DEFAULT -1,
     PRIMARY KEY (kind, key))`,
  `CREATE TABLE search_suggestion_keys (
     suffix text COLLATE "C" NOT NULL,
     kind text NOT NULL,
     key text COLLATE "C" NOT NULL,
     at_start boolean NOT NULL,
     PRIMARY KEY (suffix, kind, key))`,
  ...(trgm === null ? [] : [`CREATE INDEX search_words_trgm_idx ON search_words USING gist (word "${trgm}".gist_trgm_ops)`]),

  // (Re)indexes events by id: text, filters, vocabulary, suggestions. Availability is kept.
  // Each text is folded once (the *_f columns), then reused by every statement below.
  `CREATE FUNCTION bo_search_index_events(ids text[], fresh boolean) RETURNS void
     LANGUAGE plpgsql SET search_path FROM CURRENT
     AS $$
     BEGIN
       CREATE TEMP TABLE IF NOT EXISTS bo_search_src (
         event_id text, title text, type text, venue_id text, venue text, city text,
         lat double precision, lon double precision, starts_at timestamptz, ends_at timestamptz,
         popularity double precision, performer_ids text[], performer_names text[],
         title_f text, desc_f text, venue_f text, city_f text, performers_f text[],
         capacity integer, min_price bigint) ON COMMIT DROP;
       TRUNCATE bo_search_src;
       INSERT INTO bo_search_src
       SELECT e.id, e.title, e.type, e.venue_id, v.name, v.city, v.lat, v.lon, e.starts_at, e.ends_at, e.popularity,
              e.performer_ids, coalesce(p.names, '{}'), bo_search_fold(e.title), bo_search_fold(e.description),
              bo_search_fold(v.name), bo_search_fold(v.city), coalesce(p.folded, '{}'), v.capacity,
              (SELECT min((e.prices ->> (sec ->> 'tier'))::bigint) FROM jsonb_array_elements(v.seat_map -> 'sections') sec)
         FROM events e
         JOIN venues v ON v.id = e.venue_id
         LEFT JOIN LATERAL (SELECT array_agg(p.name ORDER BY p.id) AS names, array_agg(bo_search_fold(p.name) ORDER BY p.id) AS folded
                              FROM performers p WHERE p.id = ANY (e.performer_ids)) p ON true
        WHERE e.id = ANY (ids);

       -- A new event's tickets are all AVAILABLE: its availability is known from the venue.
       INSERT INTO event_search AS s (event_id, document, title_key, performer_keys, performer_ids, type, venue_id,
                                      city, city_key, lat, lon, starts_at, ends_at, popularity, available, min_price)
       SELECT event_id,
              setweight(to_tsvector('english', title_f || ' ' || array_to_string(performers_f, ' ')), 'A')
                || setweight(to_tsvector('english', venue_f || ' ' || city_f), 'B')
                || setweight(to_tsvector('english', desc_f), 'C'),
              title_f, performers_f, performer_ids, type, venue_id, city, city_f, lat, lon, starts_at, ends_at, popularity,
              capacity, min_price
         FROM bo_search_src
       ON CONFLICT (event_id) DO UPDATE SET
         document = excluded.document, title_key = excluded.title_key, performer_keys = excluded.performer_keys,
         performer_ids = excluded.performer_ids, type = excluded.type, venue_id = excluded.venue_id,
         city = excluded.city, city_key = excluded.city_key, lat = excluded.lat, lon = excluded.lon,
         starts_at = excluded.starts_at, ends_at = excluded.ends_at, popularity = excluded.popularity;

       INSERT INTO search_words (word)
       SELECT DISTINCT w
         FROM (SELECT DISTINCT title_f || ' ' || desc_f || ' ' || venue_f || ' ' || city_f || ' '
                               || array_to_string(performers_f, ' ') AS t FROM bo_search_src) d,
              regexp_split_to_table(d.t, ' ') w
        WHERE length(w) BETWEEN 2 AND 40
        ORDER BY w
       ON CONFLICT DO NOTHING;

       CREATE TEMP TABLE IF NOT EXISTS bo_search_sugg (kind text, key text, label text, ref_id text, pop double precision) ON COMMIT DROP;
       TRUNCATE bo_search_sugg;
       INSERT INTO bo_search_sugg
       SELECT 'event', title_f, title, event_id, popularity FROM bo_search_src
       UNION ALL SELECT 'venue', venue_f, venue, venue_id, popularity FROM bo_search_src
       UNION ALL SELECT 'city', city_f, city, NULL, popularity FROM bo_search_src
       UNION ALL SELECT 'performer', f, n, pid, popularity FROM bo_search_src, unnest(performers_f, performer_names, performer_ids) AS u(f, n, pid);

       INSERT INTO search_suggestions AS g (kind, key, label, ref_id, weight, best)
       SELECT kind, key, min(label), (array_agg(ref_id ORDER BY pop DESC))[1], CASE WHEN fresh THEN sum(1 + pop) ELSE 0 END, max(pop)
         FROM bo_search_sugg
        WHERE key <> ''
        GROUP BY kind, key
        ORDER BY kind, key
       ON CONFLICT (kind, key) DO UPDATE SET
         weight = g.weight + excluded.weight,
         ref_id = CASE WHEN excluded.best > g.best AND g.kind = 'event' THEN excluded.ref_id ELSE g.ref_id END,
         best = greatest(g.best, excluded.best);

       INSERT INTO search_suggestion_keys (suffix, kind, key, at_start)
       SELECT DISTINCT array_to_string(w[i:], ' '), kind, key, i = 1
         FROM (SELECT DISTINCT kind, key, string_to_array(key, ' ') w FROM bo_search_sugg WHERE key <> '') s,
              generate_subscripts(w, 1) i
        ORDER BY 1, 2, 3
       ON CONFLICT DO NOTHING;
     END $$`,

  `CREATE FUNCTION bo_search_events_changed() RETURNS trigger
     LANGUAGE plpgsql SET search_path FROM CURRENT
     AS $$ BEGIN PERFORM bo_search_index_events(ARRAY(SELECT id FROM changed), TG_OP = 'INSERT'); RETURN NULL; END $$`,
  `CREATE TRIGGER events_search_insert AFTER INSERT ON events REFERENCING NEW TABLE AS changed
     FOR EACH STATEMENT EXECUTE FUNCTION bo_search_events_changed()`,
  `CREATE TRIGGER events_search_update AFTER UPDATE ON events REFERENCING NEW TABLE AS changed
     FOR EACH STATEMENT EXECUTE FUNCTION bo_search_events_changed()`,
  `CREATE FUNCTION bo_search_venues_changed() RETURNS trigger
     LANGUAGE plpgsql SET search_path FROM CURRENT
     AS $$ BEGIN
       PERFORM bo_search_index_events(ARRAY(SELECT e.id FROM events e WHERE e.venue_id IN (SELECT id FROM changed)), false);
       RETURN NULL; END $$`,
  `CREATE TRIGGER venues_search_update AFTER UPDATE ON venues REFERENCING NEW TABLE AS changed
     FOR EACH STATEMENT EXECUTE FUNCTION bo_search_venues_changed()`,
  `CREATE FUNCTION bo_search_performers_changed() RETURNS trigger
     LANGUAGE plpgsql SET search_path FROM CURRENT
     AS $$ BEGIN
       PERFORM bo_search_index_events(ARRAY(SELECT e.id FROM events e WHERE e.performer_ids && ARRAY(SELECT id FROM changed)), false);
       RETURN NULL; END $$`,
  `CREATE TRIGGER performers_search_update AFTER UPDATE ON performers REFERENCING NEW TABLE AS changed
     FOR EACH STATEMENT EXECUTE FUNCTION bo_search_performers_changed()`,

];

/** The schema pg_trgm lives in (creating it in `public` when it can be), or null without it. */
async function ensureTrigram(db: Kysely<unknown>): Promise<string | null> {
  // Test schemas migrate concurrently: serialise extension creation across the database.
  await sql`SELECT pg_advisory_xact_lock(hashtext('boxoffice:extensions'))`.execute(db);
  const found = async () =>
    (await sql<{ schema: string }>`SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`.execute(db)).rows[0]?.schema ?? null;
  const existing = await found();
  if (existing !== null) return existing;
  const available = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'pg_trgm'`.execute(db);
  if ((available.rows[0]?.n ?? 0) === 0) return null;
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`.execute(db);
  return found();
}

export const migration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const trgm = await ensureTrigram(db);
    if (trgm !== null && !/^[a-z_][a-z0-9_]*$/.test(trgm)) throw new Error(`unexpected pg_trgm schema name ${trgm}`);
    for (const statement of statements(trgm)) await sql.raw(statement).execute(db);
  },
};
