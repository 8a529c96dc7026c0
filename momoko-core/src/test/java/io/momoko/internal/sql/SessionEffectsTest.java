package io.momoko.internal.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionEffectsTest {

    private static SessionEffects of(String sql) {
        return SessionEffects.of(sql);
    }

    @Test
    void plainStatementsAreClean() {
        assertThat(of("SELECT 1").clean()).isTrue();
        assertThat(of("INSERT INTO t VALUES ('BEGIN; SET x = 1')").clean()).isTrue();
        assertThat(of("SELECT $$ LISTEN x $$, \"begin\" FROM t -- RESET ALL").clean()).isTrue();
        assertThat(of("SET LOCAL statement_timeout = 10").clean()).isTrue();
        assertThat(of("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE").clean()).isTrue();
        // A DO block can change the session in ways its text does not show: it counts as dirty.
        assertThat(of("DO $body$ BEGIN PERFORM set_config('search_path', 'x', false); END $body$").session)
                .isTrue();
        assertThat(of("SELECT pg_advisory_xact_lock(1)").clean()).isTrue();
    }

    @Test
    void transactionControlIsRecognised() {
        assertThat(of("BEGIN").transaction).isEqualTo(SessionEffects.Transaction.OPENED);
        assertThat(of("start transaction read only").transaction).isEqualTo(SessionEffects.Transaction.OPENED);
        assertThat(of("BEGIN; INSERT INTO t VALUES (1); COMMIT").transaction)
                .isEqualTo(SessionEffects.Transaction.CLOSED);
        assertThat(of("COMMIT AND CHAIN").transaction).isEqualTo(SessionEffects.Transaction.OPENED);
        assertThat(of("ROLLBACK TO SAVEPOINT a").transaction).isEqualTo(SessionEffects.Transaction.UNCHANGED);
    }

    @Test
    void sessionStateIsRecognised() {
        for (String sql : new String[] {"SET search_path TO x", "set statement_timeout = 5", "RESET ALL",
            "LISTEN orders", "CREATE TEMP TABLE t (i int)", "create local temporary table t (i int)",
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", "SET ROLE app", "SET SESSION AUTHORIZATION app",
            "SELECT pg_advisory_lock(42)", "SELECT set_config('search_path', 'x', false)",
            "DECLARE c CURSOR WITH HOLD FOR SELECT 1", "SELECT * INTO TEMP t FROM generate_series(1, 3)"}) {
            assertThat(of(sql).session).as(sql).isTrue();
        }
        assertThat(of("PREPARE p AS SELECT 1").retire).isTrue();
    }
}
