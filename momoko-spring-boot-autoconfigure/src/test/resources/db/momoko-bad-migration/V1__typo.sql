CREATE TABEL products (id bigint PRIMARY KEY);
