-- Locking and rewrites on tables that already exist.
CREATE INDEX idx_users_name ON users (name);
DROP INDEX idx_users_email;
ALTER TABLE orders ADD CONSTRAINT positive_amount CHECK (amount > 0);
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id);
ALTER TABLE orders ALTER COLUMN amount TYPE numeric;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE orders ADD PRIMARY KEY (id);
ALTER TABLE users ADD CONSTRAINT users_name_key UNIQUE (name);
