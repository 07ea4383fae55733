DROP TABLE swa_reship_lines;
DROP TABLE swa_reships;
DROP INDEX swa_pos_partner_po_key;
CREATE UNIQUE INDEX swa_pos_partner_po_key ON swa_pos (partner_id, po_number);
