INSERT INTO accounts (id, owner, balance) VALUES (1, 'alice', 100), (2, 'bob', 0) ON CONFLICT (id) DO NOTHING;
