-- A function body full of separators: the script must not be cut inside it.
CREATE TABLE stock (id bigint PRIMARY KEY, qty int NOT NULL);

CREATE FUNCTION take(item bigint, n int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
    UPDATE stock SET qty = qty - n WHERE id = item;
    RETURN (SELECT qty FROM stock WHERE id = item);
END;
$$;
/* a comment; with a separator */
