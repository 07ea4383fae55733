DELETE FROM po_lines WHERE po_id IN (SELECT id FROM purchase_orders WHERE origin = 'free_of_charge');
DELETE FROM purchase_orders WHERE origin = 'free_of_charge';
ALTER TABLE purchase_orders DROP CONSTRAINT purchase_orders_origin_check;
ALTER TABLE purchase_orders ADD CONSTRAINT purchase_orders_origin_check
    CHECK (origin IN ('shipment', 'reship', 'migration', 'dect_upload'));
DROP TABLE outbox_events;
DROP TABLE swa_allocations;
DROP TABLE swa_assignments;
DROP TABLE swa_pos;
DROP TABLE swa_rates;
