SET lock_timeout = '1s';
SET statement_timeout = '5s';
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_name ON users (name);
DROP INDEX CONCURRENTLY IF EXISTS idx_users_email;
ALTER TABLE orders ADD CONSTRAINT positive_amount CHECK (amount > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT positive_amount;
ALTER TABLE users ADD COLUMN IF NOT EXISTS token uuid;
