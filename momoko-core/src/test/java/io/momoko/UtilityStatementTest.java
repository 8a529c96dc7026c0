package io.momoko;

import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Momoko code passes parameters to statements PostgreSQL will not bind (psycopg2 interpolates on the
 * client): Momoko's own server-side cursor example, {@code FETCH %s FROM c}, works unchanged.
 */
@ExtendWith(TestDatabaseExtension.class)
class UtilityStatementTest {

    @Test
    void fetchMoveSetShowAndNotifyTakeTheirParametersClientSide(TestDatabase db) {
        Connection conn = result(Momoko.connect(db.options()));
        try {
            result(conn.execute("BEGIN"));
            result(conn.execute("DECLARE c CURSOR FOR SELECT g FROM generate_series(1, %s) g", 10));
            assertThat(result(conn.execute("FETCH %s FROM c", 3)).fetchAll()).hasSize(3);
            result(conn.execute("MOVE %(n)s FROM c", Map.of("n", 2)));
            assertThat(result(conn.execute("FETCH 1 FROM c")).fetchOne().get(0, Integer.class)).isEqualTo(6);
            result(conn.execute("SET LOCAL application_name = %s", "it's fine"));
            assertThat(result(conn.execute("SHOW application_name")).fetchOne().get(0, String.class))
                    .isEqualTo("it's fine");
            result(conn.execute("NOTIFY momoko_test, %s", "payload'; DROP TABLE x; --"));
            result(conn.execute("COMMIT"));
            List<Row> rows = result(conn.execute("SELECT %s::int + 1", 41)).fetchAll();
            assertThat(rows.get(0).get(0, Integer.class)).isEqualTo(42);
        } finally {
            result(conn.close());
        }
    }
}
