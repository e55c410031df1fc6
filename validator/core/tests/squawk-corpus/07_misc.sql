CREATE DOMAIN positive_amount AS bigint CHECK (VALUE > 0);
ALTER DOMAIN small_amount ADD CONSTRAINT small CHECK (VALUE < 100);
ALTER TYPE plan_tier ADD VALUE 'team';
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email_name_plan_created_at_and_many_more_words_to_pass_the_limit ON users (email);
ALTER TABLE measurements DETACH PARTITION measurements_2020;
REINDEX INDEX idx_users_email;
VACUUM FULL orders;
UPDATE orders SET amount = 1, amount = 2;
