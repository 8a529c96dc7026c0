package io.momoko;

import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import io.momoko.test.TestPools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** executeMany against a real server (issue 19). */
@ExtendWith(TestDatabaseExtension.class)
class ExecuteManyTest {

    private Pool pool;
    private String table;

    @BeforeEach
    void setUp(TestDatabase db) {
        pool = result(TestPools.builder("momoko-many", db.options()).size(1).maxSize(2).build().connect());
        table = "many_" + Long.toHexString(System.nanoTime());
        result(pool.execute("CREATE TABLE " + table + " (id int CHECK (id > 0), note text, at timestamptz)"));
    }

    @AfterEach
    void tearDown() {
        result(pool.execute("DROP TABLE IF EXISTS " + table));
        result(pool.close());
    }

    private long rows() {
        return result(pool.execute("SELECT count(*) FROM " + table)).fetchOne().get(0, Long.class);
    }

    @Test
    void runsEveryParameterSetAndCountsTheRowsAffected() {
        OffsetDateTime at = OffsetDateTime.of(2026, 11, 28, 12, 0, 0, 0, ZoneOffset.UTC);
        List<Object[]> sets = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            sets.add(new Object[] {i, "note " + i + " ' \" %s $1", at.plusSeconds(i)});
        }
        assertThat(result(pool.executeMany("INSERT INTO " + table + " VALUES (%s, %s, %s)", sets))).isEqualTo(1000L);
        assertThat(rows()).isEqualTo(1000L);
        Row last = result(pool.execute("SELECT note, at FROM " + table + " WHERE id = 1000")).fetchOne();
        assertThat(last.get(0)).isEqualTo("note 1000 ' \" %s $1");
        assertThat(last.get(1, OffsetDateTime.class)).isEqualTo(at.plusSeconds(1000));

        assertThat(result(pool.executeMany("UPDATE " + table + " SET note = %(note)s WHERE id <= %(upto)s",
                List.of(Map.of("note", "a", "upto", 10), Map.of("note", "b", "upto", 5))))).isEqualTo(15L);
        assertThat(result(pool.executeMany("DELETE FROM " + table + " WHERE id = $1",
                List.of(List.of(1), List.of(2), List.of(99_999))))).isEqualTo(2L);
    }

    @Test
    void valuesThatNeedDifferentCastsStillAllRun() {
        List<Object[]> sets = List.of(new Object[] {1, "a", null}, new Object[] {2, null, null},
                new Object[] {3, "c", OffsetDateTime.now()}, new Object[] {4, "d", null});
        assertThat(result(pool.executeMany("INSERT INTO " + table + " VALUES (%s, %s, %s)", sets))).isEqualTo(4L);
        assertThat(rows()).isEqualTo(4L);
    }

    @Test
    void aPoolLevelBatchIsAllOrNothing() {
        List<Object[]> sets = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            sets.add(new Object[] {i == 50 ? -1 : i, "x", null});
        }
        Throwable error = failure(pool.executeMany("INSERT INTO " + table + " VALUES (%s, %s, %s)", sets));
        assertThat(error).isInstanceOf(DatabaseException.class);
        assertThat(((DatabaseException) error).sqlState()).isEqualTo("23514");
        assertThat(rows()).isZero();
        assertThat(pool.stats().busy()).isZero();
        assertThat(result(pool.execute("SELECT 1")).fetchOne().get(0)).isEqualTo(1);
    }

    @Test
    void onAConnectionItJoinsTheTransaction() {
        Throwable error = failure(pool.inTransaction(connection -> connection.executeMany(
                "INSERT INTO " + table + " VALUES (%s, 'x', NULL)", List.of(new Object[] {1}, new Object[] {2}))
                .thenCompose(count -> {
                    assertThat(count).isEqualTo(2L);
                    return connection.execute("SELECT 1/0");
                })));
        assertThat(error).isInstanceOf(DatabaseException.class);
        assertThat(rows()).as("rolled back with the transaction").isZero();
    }

    @Test
    void badInputFailsTheFutureTyped() {
        assertThat(failure(pool.executeMany(null, List.of()))).isInstanceOf(ProgrammingException.class);
        assertThat(failure(pool.executeMany("SELECT %s", null))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("must not be null");
        assertThat(failure(pool.executeMany("SELECT %s", Arrays.asList(new Object[] {1}, "two"))))
                .isInstanceOf(ProgrammingException.class)
                .hasMessageStartingWith("executeMany takes one parameter set per run (an Object[], a List or a Map); "
                        + "set 1 is a java.lang.String (List.of(new Object[] {...}) spreads");
        assertThat(failure(pool.executeMany("SELECT %s, %s", List.<Object>of(new Object[] {1}))))
                .isInstanceOf(ProgrammingException.class);
        assertThat(result(pool.executeMany("INSERT INTO " + table + " VALUES (%s)", List.of()))).isZero();
        assertThat(pool.stats().busy()).isZero();
    }
}
