DROP TABLE deployment_keys;
