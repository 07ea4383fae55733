DROP TABLE reship_lines;
DROP TABLE reships;
