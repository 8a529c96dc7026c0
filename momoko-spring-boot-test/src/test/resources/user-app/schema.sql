CREATE TABLE IF NOT EXISTS greetings (id int PRIMARY KEY, text text NOT NULL);
INSERT INTO greetings VALUES (1, 'hello from the embedded database') ON CONFLICT DO NOTHING;
