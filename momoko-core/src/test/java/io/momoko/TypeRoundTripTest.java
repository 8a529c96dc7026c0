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
import java.net.InetAddress;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The type matrix as properties (issue 19): generated values of every Java type Momoko sends come back equal,
 * both bound as a parameter ({@code SELECT %s}) and written by mogrify; one-dimensional lists with NULL elements
 * too, and two-dimensional ones bound (read back through {@code array_to_json}, as the driver reads only
 * one-dimensional arrays).
 */
class TypeRoundTripTest {

    private static Connection conn;

    @BeforeContainer
    static void connect() {
        conn = result(Momoko.connect(TestDatabase.get().options()));
    }

    @AfterContainer
    static void close() {
        result(conn.close());
    }

    private static Object bound(Object value) {
        return result(conn.execute("SELECT %s", value)).fetchOne().get(0);
    }

    /**
     * Whether the server reads mogrify's literal as the same value it receives bound. Compared by the server:
     * reading the literal back through the driver would go through its text decoding (a statement without
     * parameters), which garbles some types (README, type table), and is not what is under test here.
     */
    private static boolean mogrifiedEqualsBound(Object value) {
        return result(conn.execute("SELECT (" + conn.mogrify("%s", value) + ") IS NOT DISTINCT FROM %s", value))
                .fetchOne().get(0, Boolean.class);
    }

    private static void roundTrips(Object value) {
        assertThat(bound(value)).as("bound %s", value).isEqualTo(value);
        assertThat(mogrifiedEqualsBound(value)).as("mogrified %s", value).isTrue();
    }

    @Provide
    Arbitrary<Object> scalars() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.shorts().map(Object.class::cast),
                Arbitraries.integers().map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.bigDecimals().ofScale(6).map(Object.class::cast),
                Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(Double.POSITIVE_INFINITY)
                        .withSpecialValue(Double.NEGATIVE_INFINITY).map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.strings().all().ofMaxLength(20).filter(s -> s.indexOf('\0') < 0
                        && s.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE))
                        .map(Object.class::cast),
                Arbitraries.create(UUID::randomUUID).map(Object.class::cast),
                Arbitraries.longs().between(-100_000, 2_000_000).map(day -> (Object) LocalDate.ofEpochDay(day)),
                Arbitraries.longs().between(0, 86_399_999_999L)
                        .map(micros -> (Object) LocalTime.ofNanoOfDay(micros * 1000)),
                Arbitraries.longs().between(-2_000_000_000_000L, 4_000_000_000_000L)
                        .map(ms -> (Object) LocalDateTime.ofEpochSecond(ms / 1000, 0, ZoneOffset.UTC)
                                .plus(Math.floorMod(ms, 1000), ChronoUnit.MILLIS)),
                Arbitraries.longs().between(-2_000_000_000L, 4_000_000_000L)
                        .map(s -> (Object) OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(s), ZoneOffset.UTC)),
                // Under 30 days: the driver reads 30 days of time as a month (README's type table).
                Arbitraries.longs().between(-2_591_999_999_999L, 2_591_999_999_999L)
                        .map(micros -> (Object) Duration.ofNanos(micros * 1000)),
                // With months (an interval without months reads back as a Duration).
                Arbitraries.integers().between(-1000, 1000).filter(m -> m != 0)
                        .map(m -> (Object) Period.of(m / 12, m % 12, 0)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(16).map(Object.class::cast)));
    }

    @Property(tries = 400)
    void scalarsRoundTripBoundAndMogrified(@ForAll("scalars") Object value) {
        if (value instanceof byte[] bytes) {
            assertThat((byte[]) bound(bytes)).isEqualTo(bytes);
            assertThat(mogrifiedEqualsBound(bytes)).isTrue();
        } else if (value instanceof BigDecimal number) {
            assertThat((BigDecimal) bound(number)).isEqualByComparingTo(number);
            assertThat(mogrifiedEqualsBound(number)).isTrue();
        } else {
            roundTrips(value);
        }
    }

    @Property(tries = 100)
    void listsWithNullsRoundTrip(@ForAll("intLists") List<Integer> list) {
        roundTrips(list);
    }

    @Provide
    Arbitrary<List<Integer>> intLists() {
        // A list of nothing but NULLs has no element type: the statement must cast it (tested elsewhere).
        return Arbitraries.integers().injectNull(0.2).list().ofMinSize(1).ofMaxSize(8)
                .filter(list -> list.stream().anyMatch(java.util.Objects::nonNull));
    }

    @Property(tries = 100)
    void twoDimensionalArraysAreSentWhole(@ForAll("matrices") List<List<Integer>> matrix) {
        // The driver decodes one-dimensional arrays only; array_to_json reads a matrix back whole.
        Object bound = result(conn.execute("SELECT array_to_json(%s)", matrix)).fetchOne().get(0);
        assertThat(bound).isEqualTo(matrix);
        assertThat(mogrifiedEqualsBound(matrix)).isTrue();
    }

    @Provide
    Arbitrary<List<List<Integer>>> matrices() {
        return Arbitraries.integers().between(1, 4).flatMap(width ->
                Arbitraries.integers().injectNull(0.1).list().ofSize(width).list().ofMinSize(1).ofMaxSize(4))
                .filter(matrix -> flatten(matrix).stream().anyMatch(java.util.Objects::nonNull));
    }

    @Property(tries = 50)
    void addressesRoundTrip(@ForAll("addresses") InetAddress address) {
        Row row = result(conn.execute("SELECT %s, %s::text", address, address)).fetchOne();
        assertThat(row.get(0, InetAddress.class)).isEqualTo(address);
        assertThat(mogrifiedEqualsBound(address)).isTrue();
        assertThat(row.get(0)).as("the server's own text form").isEqualTo(((String) row.get(1)).replace("/32", "")
                .replace("/128", ""));
    }

    @Provide
    Arbitrary<InetAddress> addresses() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofSize(4),
                Arbitraries.bytes().array(byte[].class).ofSize(16),
                Arbitraries.of(new byte[16], new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}))
                .map(bytes -> {
                    try {
                        return InetAddress.getByAddress(bytes);
                    } catch (java.net.UnknownHostException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    /** Every element of a generated list, so a failure names the value. */
    static List<Object> flatten(List<?> nested) {
        List<Object> out = new ArrayList<>();
        nested.forEach(element -> {
            if (element instanceof List<?> inner) {
                out.addAll(flatten(inner));
            } else {
                out.add(element);
            }
        });
        return out;
    }
}
