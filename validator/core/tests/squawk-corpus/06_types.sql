SET lock_timeout = '1s';
SET statement_timeout = '5s';
CREATE TABLE IF NOT EXISTS tags (
    id int PRIMARY KEY,
    rank smallint,
    code char(2),
    label varchar(100),
    created_at timestamp,
    serial_id serial
);
