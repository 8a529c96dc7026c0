package io.momoko.test;

import io.momoko.ConnectOptions;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TestDatabaseTest {

    @Test
    void prefersTheUrlVariable() {
        TestDatabase db = TestDatabase.resolve(Map.of(
                "MOMOKO_TEST_URL", "postgresql://u:p@db.test:6000/x",
                "MOMOKO_TEST_HOST", "ignored"));
        assertThat(db.isEmbedded()).isFalse();
        assertThat(db.options()).isEqualTo(ConnectOptions.parse("postgresql://u:p@db.test:6000/x"));
    }

    @Test
    void readsMomokosOwnVariablesWithItsDefaults() {
        TestDatabase db = TestDatabase.resolve(Map.of("MOMOKO_TEST_HOST", "db.test", "MOMOKO_TEST_PASSWORD", "pw"));
        assertThat(db.options().host()).isEqualTo("db.test");
        assertThat(db.options().port()).isEqualTo(5432);
        assertThat(db.options().database()).isEqualTo("momoko_test");
        assertThat(db.options().user()).isEqualTo("postgres");
        assertThat(db.options().password()).isEqualTo("pw");
        assertThat(db.url()).isEqualTo("postgresql://postgres:pw@db.test:5432/momoko_test?sslmode=prefer");
    }
}
