-- The free-of-charge origin stays allowed: narrowing a CHECK would rebuild the table again.
DELETE FROM po_lines WHERE po_id IN (SELECT id FROM purchase_orders WHERE origin = 'free_of_charge');
DELETE FROM purchase_orders WHERE origin = 'free_of_charge';
DROP TABLE outbox_events;
DROP TABLE swa_allocations;
DROP TABLE swa_assignments;
DROP TABLE swa_pos;
DROP TABLE swa_rates;
