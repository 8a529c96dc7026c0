package io.momoko;

import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** Every bad-input path ends in a typed exception from the catalogue, never a driver's bare exception. */
@ExtendWith(TestDatabaseExtension.class)
class TypedErrorTest {

    private Pool pool;

    @BeforeEach
    void setUp(TestDatabase db) {
        pool = Pool.builder().connectOptions(db.options()).size(1).build();
        result(pool.connect());
    }

    @AfterEach
    void tearDown() {
        result(pool.close());
    }

    @Test
    void aMapHoldingAnObjectWithoutAJsonFormIsAnUnsupportedType() {
        Throwable error = failure(pool.execute("SELECT %s::jsonb", (Object) Map.of("thread", Thread.currentThread())));
        assertThat(error).isInstanceOf(UnsupportedTypeException.class).hasMessageContaining("java.lang.Thread");
        assertThat(result(pool.execute("SELECT 1")).fetchOne().get(0, Integer.class)).isEqualTo(1);
    }

    @Test
    void aLoneSurrogateIsRefusedRatherThanSentAsAQuestionMark() {
        assertThat(failure(pool.execute("SELECT %s::text", "a\uD800b"))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("surrogate");
        assertThat(failure(pool.execute("SELECT 'a\uDC00b'"))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("surrogate");
    }

    @Test
    void mogrifyWritesHugeExponentsInExponentForm() {
        String sql = pool.mogrify("SELECT %s", new BigDecimal("1E+100000000"));
        assertThat(sql.length()).isLessThan(100);
        assertThat(sql).isEqualTo("SELECT '1E+100000000'::numeric");
    }

    @Test
    void mogrifyTakesMoreThan65535PlaceholdersSinceItBindsNothing() {
        Object[] values = Collections.nCopies(70_000, 1).toArray();
        String sql = pool.mogrify("SELECT " + String.join(", ", Collections.nCopies(70_000, "%s")), values);
        assertThat(sql).startsWith("SELECT 1, 1").hasSize("SELECT ".length() + 70_000 * 3 - 2);
    }
}
