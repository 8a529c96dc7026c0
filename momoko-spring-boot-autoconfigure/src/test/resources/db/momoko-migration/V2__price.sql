ALTER TABLE products ADD COLUMN price numeric(10, 2) NOT NULL DEFAULT 0;
INSERT INTO products (id, name, price) VALUES (1, 'tea', 3.50);
