-- Easy Nav: a partner's query common enough to fill a page at once walks the partner's
-- locations in name order; with the HWKC in the index, that walk tests name and HWKC in the
-- index alone, without reading each row.
DROP INDEX locations_partner_name;
CREATE INDEX locations_partner_name ON locations (partner_id, name, id, hwkc);
