-- Easy Nav: the trigram index's own document counts, so a search can tell a query that
-- fills a page at once (walk the partner's locations in name order) from a rare one (ask the
-- trigram index).
CREATE VIRTUAL TABLE locations_fts_terms USING fts5vocab(locations_fts, 'row');

-- The partner's locations in name order with the HWKC alongside: that walk tests name and
-- HWKC in the index alone, without reading each row.
DROP INDEX locations_partner_name;
CREATE INDEX locations_partner_name ON locations (partner_id, name, id, hwkc);
