DROP TABLE location_hwkc_history;
DROP TABLE locations;
DROP TABLE customers;
DROP TABLE shipping_allowances;
DROP TABLE users;
DROP TABLE partners;
