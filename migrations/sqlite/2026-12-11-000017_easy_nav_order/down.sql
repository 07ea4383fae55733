DROP INDEX locations_partner_name;
CREATE INDEX locations_partner_name ON locations (partner_id, name, id);
