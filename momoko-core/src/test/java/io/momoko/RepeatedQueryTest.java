package io.momoko;

import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements without parameters: prepared once they repeat (pgjdbc's prepareThreshold, 5 runs), so the server
 * stops parsing and planning them; strings of several statements, utility statements and results of types
 * the driver decodes differently in binary stay on the simple protocol.
 */
@ExtendWith(TestDatabaseExtension.class)
class RepeatedQueryTest {

    private Connection conn;

    @BeforeEach
    void setUp(TestDatabase db) {
        conn = result(Momoko.connect(db.options()));
    }

    @AfterEach
    void tearDown() {
        result(conn.close());
    }

    /** Whether this session holds a prepared statement with exactly this text. */
    private boolean preparedOnTheServer(String sql) {
        return result(conn.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement = %s", sql))
                .fetchOne().get(0, Long.class) > 0;
    }

    private Object runTimes(String sql, int times) {
        Object last = null;
        for (int i = 0; i < times; i++) {
            last = result(conn.execute(sql)).fetchOne().get(0);
        }
        return last;
    }

    @Test
    void aRepeatedQueryIsPreparedAfterFiveRunsAndAnswersTheSame() {
        String sql = "SELECT 41 + 1 AS answer, 'x'::text AS label";
        assertThat(runTimes(sql, 5)).isEqualTo(42);
        assertThat(preparedOnTheServer(sql)).isFalse();
        assertThat(runTimes(sql, 2)).isEqualTo(42);
        assertThat(preparedOnTheServer(sql)).isTrue();
        assertThat(result(conn.execute(sql)).fetchOne().get(1)).isEqualTo("x");
    }

    @Test
    void severalStatementsInOneStringStayOnTheSimpleProtocol() {
        String sql = "SELECT 1; SELECT 2";
        assertThat(runTimes(sql, 10)).isEqualTo(2);
        assertThat(preparedOnTheServer(sql)).isFalse();
    }

    @Test
    void aTypeDecodedDifferentlyInBinaryKeepsItsValue() {
        String sql = "SELECT '08:00:2b:01:02:03'::macaddr";
        assertThat(runTimes(sql, 10)).isEqualTo("08:00:2b:01:02:03");
        assertThat(preparedOnTheServer(sql)).isFalse();
    }

    @Test
    void utilityStatementsAreNeverPrepared() {
        String sql = "SHOW server_version_num";
        runTimes(sql, 10);
        assertThat(preparedOnTheServer(sql)).isFalse();
    }
}
