package io.momoko;

import io.momoko.test.TestDatabase;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.math.BigDecimal;
import java.util.List;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Property tests of mogrify against the server: for arbitrary values, the literal reads back as the value,
 * and for arbitrary text with {@code %}, quotes and backslashes only documented exceptions occur.
 */
class MogrifyPropertiesTest {

    private static Connection conn;

    @BeforeContainer
    static void connect() {
        conn = result(Momoko.connect(TestDatabase.get().options()));
    }

    @AfterContainer
    static void close() {
        result(conn.close());
    }

    private static Object roundTrip(Object value) {
        return result(conn.execute("SELECT " + conn.mogrify("%s", value))).fetchOne().get(0);
    }

    @Provide
    Arbitrary<String> hostileStrings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars('\'', '\\', '%', '"', '$', ';', '-', '/', '*', 'E', 'x', ' ', '\n')
                        .ofMaxLength(30),
                Arbitraries.strings().all().ofMaxLength(30).filter(s -> s.indexOf('\0') < 0
                        && s.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE)));
    }

    @Property(tries = 300)
    void stringsRoundTrip(@ForAll("hostileStrings") String value) {
        assertThat(roundTrip(value)).isEqualTo(value);
    }

    @Property(tries = 200)
    void numbersRoundTrip(@ForAll long integer, @ForAll int small, @ForAll double floating,
                          @ForAll BigDecimal decimal) {
        assertThat(roundTrip(integer)).isEqualTo(integer);
        assertThat(roundTrip(small)).isEqualTo(small);
        assertThat(roundTrip(floating)).isEqualTo(floating);
        assertThat((BigDecimal) roundTrip(decimal)).isEqualByComparingTo(decimal);
    }

    @Property(tries = 100)
    void arraysRoundTrip(@ForAll("hostileStrings") String a, @ForAll("hostileStrings") String b, @ForAll int n) {
        assertThat(roundTrip(List.of(a, b))).isEqualTo(List.of(a, b));
        assertThat(roundTrip(new Integer[] {n, -n})).isEqualTo(List.of(n, -n));
    }

    @Property(tries = 300)
    void arbitraryTemplatesFailOnlyWithProgrammingErrors(@ForAll("hostileStrings") String sql) {
        try {
            conn.mogrify(sql, "value");
        } catch (ProgrammingException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        assertThatThrownBy(() -> conn.mogrify(sql + " %s %s", 1)).isInstanceOf(ProgrammingException.class);
    }
}
