package io.momoko;

import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Client-side interpolation: exact literals, and every literal reads back as the value it came from. */
@ExtendWith(TestDatabaseExtension.class)
class MogrifyTest {

    private static Connection conn;

    @BeforeAll
    static void connect(TestDatabase db) {
        conn = result(Momoko.connect(db.options()));
    }

    @AfterAll
    static void close() {
        result(conn.close());
    }

    private static Object roundTrip(Object value) {
        return result(conn.execute("SELECT " + conn.mogrify("%s", value))).fetchOne().get(0);
    }

    @Test
    void writesExactLiterals() {
        assertThat(conn.mogrify("SELECT %s, %s, %s, %s", null, true, 42, "it's")).isEqualTo("SELECT NULL, true, 42, 'it''s'");
        assertThat(conn.mogrify("SELECT %s", "back\\slash")).isEqualTo("SELECT E'back\\\\slash'");
        assertThat(conn.mogrify("SELECT 1-%s", -1)).isEqualTo("SELECT 1-'-1'::int4");
        assertThat(conn.mogrify("SELECT %s, %s", 5L, (short) 3)).isEqualTo("SELECT 5::int8, 3::int2");
        assertThat(conn.mogrify("SELECT %s", new BigDecimal("1.50"))).isEqualTo("SELECT '1.50'::numeric");
        assertThat(conn.mogrify("SELECT %s", Double.NaN)).isEqualTo("SELECT 'NaN'::float8");
        assertThat(conn.mogrify("SELECT %s", new byte[] {1, (byte) 0xab})).isEqualTo("SELECT E'\\\\x01ab'::bytea");
        assertThat(conn.mogrify("SELECT %s", List.of(1, 2))).isEqualTo("SELECT ARRAY[1,2]::int4[]");
        assertThat(conn.mogrify("SELECT %s", List.of())).isEqualTo("SELECT '{}'::text[]");
        assertThat(conn.mogrify("SELECT %s", LocalDate.of(-43, 3, 15))).isEqualTo("SELECT '0044-03-15 BC'::date");
        assertThat(conn.mogrify("SELECT %(a)s + %(a)s", Map.of("a", 2))).isEqualTo("SELECT 2 + 2");
        assertThat(conn.mogrify("SELECT '%%' || $1 || $2", "a", "b")).isEqualTo("SELECT '%%' || 'a' || 'b'");
        assertThat(conn.mogrify("SELECT 100 %% 7")).isEqualTo("SELECT 100 %% 7");
    }

    @Test
    void readsBackEveryType() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("a", List.of(1, "b", Map.of("c", false)));
        json.put("quote", "it's \\ \"quoted\"");
        List<Object> values = Arrays.asList(true, false, (short) -32768, Integer.MIN_VALUE, Integer.MAX_VALUE,
                Long.MIN_VALUE, new BigDecimal("-123456789012345678901234567890.000001"), 3.4028235e38f, -0.0d,
                Double.POSITIVE_INFINITY, "", "日本語 ✓ 'x' \\n \\\\", UUID.randomUUID(), LocalDate.of(1999, 12, 31),
                LocalTime.of(23, 59, 59, 999_999_000), LocalDateTime.of(1, 1, 1, 0, 0), json,
                List.of("a", "b'", "c\\"), Arrays.asList(1L, null, 3L));
        for (Object value : values) {
            assertThat(roundTrip(value)).as("round trip of %s", value).isEqualTo(value);
        }
        assertThat((byte[]) roundTrip(new byte[] {0, 39, 92, -1})).containsExactly(0, 39, 92, -1);
        OffsetDateTime odt = OffsetDateTime.of(2024, 6, 1, 12, 0, 0, 0, ZoneOffset.ofHoursMinutes(-3, -30));
        assertThat(((OffsetDateTime) roundTrip(odt)).toInstant()).isEqualTo(odt.toInstant());
        Instant instant = Instant.parse("1970-01-01T00:00:00.000001Z");
        assertThat(((OffsetDateTime) roundTrip(instant)).toInstant()).isEqualTo(instant);
        assertThat(roundTrip(null)).isNull();
    }

    @Test
    void rejectsWhatItCannotQuote() {
        assertThatThrownBy(() -> conn.mogrify("SELECT %(foos;", Map.of("foos", 1)))
                .isInstanceOfSatisfying(ProgrammingException.class, e -> assertThat(e.position()).isEqualTo(7))
                .hasMessageContaining("index 7");
        assertThatThrownBy(() -> conn.mogrify("SELECT %s", "a\0b")).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("NUL character");
        assertThatThrownBy(() -> conn.mogrify("SELECT %s", new StringBuilder("x")))
                .isInstanceOf(UnsupportedTypeException.class).hasMessageContaining("StringBuilder");
        assertThat(conn.mogrify("SELECT %s", List.of(List.of(1), List.of(2)))).as("a two-dimensional array")
                .isEqualTo("SELECT ARRAY[ARRAY[1],ARRAY[2]]::int4[]");
        assertThatThrownBy(() -> conn.mogrify("SELECT %s", List.of(List.of(1), List.of("a"))))
                .isInstanceOf(UnsupportedTypeException.class).hasMessageContaining("mix int4 and text");
        assertThatThrownBy(() -> conn.mogrify("SELECT %s", List.of(1, "a")))
                .isInstanceOf(UnsupportedTypeException.class).hasMessageContaining("mix int4 and text");
    }
}
