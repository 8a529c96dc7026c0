CREATE TABLE ok_table (id int);

INSERT INTO missing_table VALUES (1);
