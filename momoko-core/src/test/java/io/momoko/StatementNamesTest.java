package io.momoko;

import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prepared-statement names differ between physical connections, so that a pooler sharing server connections
 * between clients (PgBouncer in transaction mode) can never bind one client's values to another's statement.
 */
@ExtendWith(TestDatabaseExtension.class)
class StatementNamesTest {

    @Test
    void noTwoConnectionsPrepareTheSameName(TestDatabase db) {
        Set<String> names = new HashSet<>();
        int prepared = 0;
        for (int i = 0; i < 4; i++) {
            Connection connection = result(Momoko.connect(db.options()));
            try {
                result(connection.execute("SELECT %s::int", i));
                result(connection.execute("SELECT %s::text", "x"));
                List<Row> rows = result(connection.execute("SELECT name FROM pg_prepared_statements")).fetchAll();
                prepared += rows.size();
                rows.forEach(row -> names.add(row.get(0, String.class)));
            } finally {
                result(connection.close());
            }
        }
        assertThat(prepared).as("statements prepared").isGreaterThanOrEqualTo(8);
        assertThat(names).as("names across 4 connections").hasSize(prepared);
    }
}
