-- Each shipping allowance gets an id of its own, so an administrator can remove it
-- (`DELETE /admin/shipping-allowances/{id}`); the pair stays unique. Existing allowances get
-- a random UUID.
ALTER TABLE shipping_allowances ADD COLUMN id TEXT;
UPDATE shipping_allowances SET id = gen_random_uuid()::text;
ALTER TABLE shipping_allowances ALTER COLUMN id SET NOT NULL;
ALTER TABLE shipping_allowances DROP CONSTRAINT shipping_allowances_pkey;
ALTER TABLE shipping_allowances ADD PRIMARY KEY (id);
ALTER TABLE shipping_allowances
    ADD CONSTRAINT shipping_allowances_pair_key UNIQUE (distributor_id, dealer_id);
