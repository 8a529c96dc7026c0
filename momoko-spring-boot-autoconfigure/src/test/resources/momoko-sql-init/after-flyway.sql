INSERT INTO products (id, name, price) VALUES (2, 'coffee', 4.20);
