ALTER TABLE shipping_allowances DROP CONSTRAINT shipping_allowances_pair_key;
ALTER TABLE shipping_allowances DROP CONSTRAINT shipping_allowances_pkey;
ALTER TABLE shipping_allowances ADD PRIMARY KEY (distributor_id, dealer_id);
ALTER TABLE shipping_allowances DROP COLUMN id;
