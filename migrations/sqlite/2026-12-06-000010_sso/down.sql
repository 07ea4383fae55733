DROP TABLE sso_assertions;
