CREATE TABLE IF NOT EXISTS accounts (
    id int PRIMARY KEY,
    owner text NOT NULL,
    balance int NOT NULL CHECK (balance >= 0)
);
