INSERT INTO stock (id, qty) VALUES (1, 10);
-- A separator inside a string literal is text.
INSERT INTO stock (id, qty) VALUES (2, length('it''s; 7'));
