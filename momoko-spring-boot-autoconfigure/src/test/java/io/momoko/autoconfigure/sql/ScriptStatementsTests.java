package io.momoko.autoconfigure.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Cutting scripts into statements the way PostgreSQL reads them. */
class ScriptStatementsTests {

    @Test
    void separatorsInsideStringsIdentifiersCommentsAndDollarQuotesDoNotEndAStatement() {
        String script = """
                INSERT INTO "a;b" VALUES ('x;y', 'it''s;');
                -- note; here
                CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
                /* outer /* nested; */ still; */ SELECT $1::int;
                SELECT $$;$$
                """;
        assertThat(ScriptStatements.split(script, ";")).extracting(ScriptStatements.Statement::sql).containsExactly(
                "INSERT INTO \"a;b\" VALUES ('x;y', 'it''s;')",
                "-- note; here\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
                "/* outer /* nested; */ still; */ SELECT $1::int",
                "SELECT $$;$$");
    }

    @Test
    void commentOnlyAndEmptyStatementsAreDroppedAndLinesAreCounted() {
        String script = "SELECT 1;\n\n-- only a comment;\n;\n\nSELECT\n2;";
        assertThat(ScriptStatements.split(script, ";")).containsExactly(
                new ScriptStatements.Statement("SELECT 1", 1), new ScriptStatements.Statement("SELECT\n2", 6));
    }

    @Test
    void anyOtherSeparatorSplitsToo() {
        assertThat(ScriptStatements.split("SELECT 1; SELECT 2\n@@\nSELECT 3", "@@"))
                .extracting(ScriptStatements.Statement::sql).containsExactly("SELECT 1; SELECT 2", "SELECT 3");
    }
}
