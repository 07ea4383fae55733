-- When each user last changed something, kept only while a read replica is configured: that
-- user's list and search reads stay on the primary for a while after their own write, so
-- they never miss it on a lagging replica — whichever process they reach.
CREATE TABLE recent_writes (
    user_id     TEXT PRIMARY KEY NOT NULL,
    written_at  TIMESTAMP NOT NULL
);
