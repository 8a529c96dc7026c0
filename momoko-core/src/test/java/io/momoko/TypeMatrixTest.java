package io.momoko;

import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each PostgreSQL type reads back as (README's type table), through both protocols: a statement without
 * parameters (simple protocol, text results) and one with a parameter (extended protocol, binary results).
 */
@ExtendWith(TestDatabaseExtension.class)
class TypeMatrixTest {

    private static Connection conn;

    @BeforeAll
    static void connect() {
        conn = result(Momoko.connect(TestDatabase.get().options()));
        result(conn.execute("DROP TYPE IF EXISTS matrix_mood; CREATE TYPE matrix_mood AS ENUM ('sad', 'happy')"));
        result(conn.execute("DROP TYPE IF EXISTS matrix_pair; CREATE TYPE matrix_pair AS (a int, b text)"));
    }

    @AfterAll
    static void close() {
        result(conn.execute("DROP TYPE matrix_mood; DROP TYPE matrix_pair"));
        result(conn.close());
    }

    /** The value of an expression, read both ways; both must agree. */
    private static Object read(String expression) {
        Object simple = result(conn.execute("SELECT " + expression)).fetchOne().get(0);
        Object extended = result(conn.execute("SELECT " + expression + ", %s", 1)).fetchOne().get(0);
        assertThat(extended).as("%s through both protocols", expression).isEqualTo(simple);
        return simple;
    }

    private static Object simple(String expression) {
        return result(conn.execute("SELECT " + expression)).fetchOne().get(0);
    }

    private static Object extended(String expression) {
        return result(conn.execute("SELECT " + expression + ", %s", 1)).fetchOne().get(0);
    }

    /**
     * Where Vert.x 5.0's decoding is wrong, as README's type table says, with the way around each. Asserted so
     * that the table stays true: when a driver update fixes one, this fails and the table is updated.
     */
    @Test
    void driverLimitsAreAsDocumented() {
        assertThat(extended("'08:00:2b:01:02:03'::macaddr")).as("macaddr, binary").isNull();
        assertThat(extended("'08:00:2b:01:02:03'::macaddr::text")).isEqualTo("08:00:2b:01:02:03");
        assertThat(extended("26::oid")).as("oid, binary").isNull();
        assertThat(extended("26::oid::int8")).isEqualTo(26L);
        assertThat(simple("'3.5 seconds'::interval")).as("interval fraction, text").isEqualTo(Duration.ofNanos(3_000_005_000L));
        assertThat(simple("extract(epoch from '3.5 seconds'::interval)")).isEqualTo(new BigDecimal("3.500000"));
        assertThat(extended("'30 days'::interval")).as("30 days, binary").isEqualTo(Period.ofMonths(1));
        assertThat(extended("ARRAY[[1,2],[3,4]]")).as("2-D array, binary").isNull();
        assertThat(simple("array_to_json(ARRAY[[1,2],[3,4]])")).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
        assertThat(simple("'{[1,2),[5,7)}'::int4multirange")).as("multirange, text")
                .isEqualTo(List.of("[1", "2)", "[5", "7)"));
        assertThat(simple("'{[1,2),[5,7)}'::int4multirange::text")).isEqualTo("{[1,2),[5,7)}");
        assertThat(((LocalDateTime) extended("'-infinity'::timestamp")).getYear()).as("-infinity, binary")
                .isLessThan(-290_000);
    }

    @Test
    void networkAddressesAreTheirTextNeverADriverClass() throws Exception {
        assertThat(read("'192.168.0.1'::inet")).isEqualTo("192.168.0.1");
        assertThat(read("'192.168.0.1/24'::inet")).isEqualTo("192.168.0.1/24");
        assertThat(read("'10.0.0.0/8'::cidr")).isEqualTo("10.0.0.0/8");
        assertThat(read("'2001:db8::1'::inet")).isEqualTo("2001:db8::1");
        assertThat(read("'::1'::inet")).isEqualTo("::1");
        assertThat(read("ARRAY['10.1.2.3'::inet, NULL]")).isEqualTo(Arrays.asList("10.1.2.3", null));
        assertThat(simple("'08:00:2b:01:02:03'::macaddr")).isEqualTo("08:00:2b:01:02:03");
        Row row = result(conn.execute("SELECT '10.1.2.3'::inet, '10.0.0.0/8'::cidr")).fetchOne();
        assertThat(row.get(0, InetAddress.class)).isEqualTo(InetAddress.getByName("10.1.2.3"));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> row.get(1, InetAddress.class)))
                .isInstanceOf(UnsupportedTypeException.class).hasMessageContaining("read it as a String");
    }

    @Test
    void geometricTypesArePostgresText() {
        assertThat(read("'(1,2)'::point")).isEqualTo("(1,2)");
        assertThat(read("'(1.5,-2)'::point")).isEqualTo("(1.5,-2)");
        assertThat(read("'<(0,0),5>'::circle")).isEqualTo("<(0,0),5>");
        assertThat(read("'(2,2),(0,0)'::box")).isEqualTo("(2,2),(0,0)");
        assertThat(read("'[(0,0),(1,1)]'::lseg")).isEqualTo("[(0,0),(1,1)]");
        assertThat(read("'((0,0),(1,1),(1,0))'::polygon")).isEqualTo("((0,0),(1,1),(1,0))");
    }

    @Test
    void numbersMoneyAndSpecialValues() {
        assertThat(read("1::int2")).isEqualTo((short) 1);
        assertThat(read("'NaN'::numeric")).isEqualTo(Double.NaN);
        assertThat(read("'1e-300'::numeric")).isEqualTo(new BigDecimal("1E-300"));
        assertThat(read("'-Infinity'::float8")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(read("'12.34'::money")).isEqualTo(new BigDecimal("12.34"));
        assertThat(read("'infinity'::date")).isEqualTo(LocalDate.MAX);
        assertThat(simple("'-infinity'::timestamp")).isEqualTo(LocalDateTime.MIN);
        assertThat(read("'infinity'::timestamptz")).isEqualTo(OffsetDateTime.MAX);
    }

    @Test
    void javaTimeLimitsAreInfinityBoundAndMogrified() {
        Object[] limits = {LocalDate.MAX, LocalDate.MIN, LocalDateTime.MAX, LocalDateTime.MIN, OffsetDateTime.MAX,
            OffsetDateTime.MIN, java.time.Instant.MAX, java.time.Instant.MIN};
        String[] expected = {"infinity", "-infinity", "infinity", "-infinity", "infinity", "-infinity", "infinity",
            "-infinity"};
        for (int i = 0; i < limits.length; i++) {
            Object limit = limits[i];
            assertThat(result(conn.execute("SELECT (%s)::text", limit)).fetchOne().get(0)).as("bound %s", limit)
                    .isEqualTo(expected[i]);
            assertThat(result(conn.execute("SELECT (" + conn.mogrify("%s", limit) + ")::text")).fetchOne().get(0))
                    .as("mogrified %s", limit).isEqualTo(expected[i]);
        }
    }

    @Test
    void intervalsAreDurationsOrPeriods() {
        assertThat(extended("'25 hours 3.5 seconds'::interval")).isEqualTo(Duration.ofHours(25).plusMillis(3500));
        assertThat(read("'1 year 2 mons'::interval")).isEqualTo(Period.of(1, 2, 0));
        assertThat(result(conn.execute("SELECT '1 year 2 mons 3 days 04:05:06.7'::interval, %s", 1)).fetchOne()
                .get(0)).isEqualTo("P1Y2MT76H5M6.7S");
    }

    @Test
    void enumsCompositesRangesAndTheRestAreText() {
        assertThat(read("'happy'::matrix_mood")).isEqualTo("happy");
        assertThat(read("ARRAY['happy'::matrix_mood]")).isEqualTo(List.of("happy"));
        assertThat(read("ROW(1, 'x y')::matrix_pair")).isEqualTo("(1,\"x y\")");
        assertThat(read("'[1,5)'::int4range")).isEqualTo("[1,5)");
        assertThat(read("'pg_class'::regclass")).isEqualTo("pg_class");
        assertThat(result(conn.execute("SELECT 26::oid")).fetchOne().get(0)).isEqualTo(26L);
        assertThat(read("pg_sleep(0)")).as("void is no value").isNull();
    }

    @Test
    void jsonArraysAndEmptyArrays() {
        assertThat(read("'{\"a\":[1,2,null]}'::jsonb")).isEqualTo(Map.of("a", Arrays.asList(1, 2, null)));
        assertThat(read("ARRAY[1,NULL,3]")).isEqualTo(Arrays.asList(1, null, 3));
        assertThat(read("'{}'::int[]")).isEqualTo(List.of());
        assertThat(read("array_to_json(ARRAY[[1,2],[3,4]])")).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
        assertThat(result(conn.execute("SELECT %s::int[]", List.of())).fetchOne().get(0)).isEqualTo(List.of());
        assertThat(result(conn.execute("SELECT %s::int[]", Arrays.asList(null, null))).fetchOne().get(0))
                .isEqualTo(Arrays.asList(null, null));
    }

    @Test
    void textWhereTheServerWantsANumberSaysHowToConvertIt() {
        assertThat(failure(conn.execute("SELECT %s::int", "42"))).isInstanceOf(UnsupportedTypeException.class)
                .hasMessage("Parameter $1 of \"SELECT %s::int\" is a java.lang.String but the server expects a number "
                        + "(int2, int4, int8, numeric, float4 or float8) there; pass the Java type for it, or convert the "
                        + "text in SQL: %s::text::<type> (a String is sent as text, which PostgreSQL converts implicitly "
                        + "only to text-like types)");
        assertThat(result(conn.execute("SELECT %s::text::int", "42")).fetchOne().get(0)).isEqualTo(42);
        assertThat(failure(conn.execute("SELECT %s::date", "2026-01-01"))).hasMessageContaining("expects a date");
    }

    @Test
    void unsupportedValuesFailTypedNamingWhatToUse() {
        assertThat(failure(conn.execute("SELECT %s", new Object()))).isInstanceOf(UnsupportedTypeException.class)
                .hasMessageContaining("java.lang.Object").hasMessageContaining("supported:");
        assertThat(result(conn.execute("SELECT %s", List.of())).fetchOne().get(0)).as("no type: text")
                .isEqualTo("{}");
        assertThat(failure(conn.execute("SELECT 1 = ANY(%s)", List.of()))).isInstanceOf(DatabaseException.class);
        assertThat(failure(conn.execute("SELECT %s", List.of(List.of(1), List.of("a")))))
                .isInstanceOf(UnsupportedTypeException.class).hasMessageContaining("mix");
    }
}
