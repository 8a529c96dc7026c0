package io.momoko;

import io.momoko.test.TestDatabase;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Property tests of mogrify against the server: for arbitrary values, the literal reads back as the value; for
 * statements built of pieces whose rendering is known (placeholders, quoted strings, comments, {@code %%}),
 * mogrify writes exactly the expected statement, which the server reads back as the expected row, or a misplaced
 * placeholder fails with its exact message and index; and for arbitrary text with {@code %}, quotes and
 * backslashes, only the documented errors occur, naming the index of a placeholder.
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

    /** One piece of a select list: its SQL, what mogrify must write for it, and the value the server returns. */
    record Piece(String sql, String rendered, Object column, boolean placeholder) {
    }

    /** A statement of pieces, with what mogrify must write and the row the server must return. */
    record Template(String sql, String rendered, List<Object> params, List<Object> row) {
        static Template of(List<Piece> pieces) {
            List<String> sql = new ArrayList<>();
            List<String> rendered = new ArrayList<>();
            List<Object> params = new ArrayList<>();
            List<Object> row = new ArrayList<>();
            for (Piece piece : pieces) {
                sql.add(piece.sql());
                rendered.add(piece.rendered());
                row.add(piece.column());
                if (piece.placeholder()) {
                    params.add(piece.column());
                }
            }
            return new Template("SELECT " + String.join(", ", sql), "SELECT " + String.join(", ", rendered), params, row);
        }
    }

    /** A string literal as the documentation says mogrify writes one: {@code E''} when it holds a backslash. */
    private static String literal(String text) {
        String body = text.replace("\\", "\\\\").replace("'", "''");
        return (text.indexOf('\\') >= 0 ? "E'" : "'") + body + "'";
    }

    private static String escapePercent(String text) {
        return text.replace("%", "%%");
    }

    @Provide
    Arbitrary<Piece> pieces() {
        Arbitrary<String> text = hostileStrings();
        return Arbitraries.oneOf(
                text.map(value -> new Piece("%s", literal(value), value, true)),
                // Inside quotes and comments %% still stands for %, as in psycopg2.
                text.map(value -> new Piece("'" + escapePercent(value.replace("'", "''")) + "'",
                        "'" + value.replace("'", "''") + "'", value, false)),
                text.filter(value -> !value.contains("*/") && !value.contains("/*") && !value.endsWith("/"))
                        .map(value -> new Piece("/* " + escapePercent(value) + " */ 1", "/* " + value + " */ 1", 1, false)),
                text.filter(value -> value.indexOf('\n') < 0 && value.indexOf('\r') < 0)
                        .map(value -> new Piece("-- " + escapePercent(value) + "\n2", "-- " + value + "\n2", 2, false)),
                Arbitraries.just(new Piece("7 %% 4", "7 % 4", 3, false)));
    }

    @Provide
    Arbitrary<Template> templates() {
        return piecesWithAPlaceholder().map(Template::of);
    }

    /** Pieces, at least one a placeholder: without parameters mogrify returns the SQL as written, %% and all. */
    private Arbitrary<List<Piece>> piecesWithAPlaceholder() {
        Arbitrary<Piece> placeholder = hostileStrings().map(value -> new Piece("%s", literal(value), value, true));
        return Combinators.combine(pieces().list().ofMaxSize(6), placeholder, Arbitraries.integers().between(0, 6))
                .as((others, first, at) -> {
                    List<Piece> all = new ArrayList<>(others);
                    all.add(Math.min(at, all.size()), first);
                    return all;
                });
    }

    @Property(tries = 200)
    void templatesOfKnownPiecesAreWrittenExactlyAndReadBack(@ForAll("templates") Template template) {
        String written = conn.mogrify(template.sql(), template.params().toArray());
        assertThat(written).isEqualTo(template.rendered());
        Row row = result(conn.execute(written)).fetchOne();
        for (int i = 0; i < template.row().size(); i++) {
            assertThat(row.get(i)).as("column %d of %s", i, written).isEqualTo(template.row().get(i));
        }
    }

    /** A statement with one placeholder where none can be, and the exact error it must raise. */
    record Misplaced(String sql, List<Object> params, int index, String message) {
    }

    @Provide
    Arbitrary<Misplaced> misplaced() {
        return Combinators.combine(piecesWithAPlaceholder(), Arbitraries.of("'%s'", "/* %s */ 1", "%d"),
                Arbitraries.integers().between(0, 7)).as((pieces, wrong, at) -> {
                    int position = Math.min(at, pieces.size());
                    List<Piece> all = new ArrayList<>(pieces);
                    all.add(position, new Piece(wrong, null, null, false));
                    Template template = Template.of(all);
                    int index = "SELECT ".length();
                    for (int i = 0; i < position; i++) {
                        index += all.get(i).sql().length() + ", ".length();
                    }
                    index += wrong.indexOf('%');
                    String message = wrong.equals("%d")
                            ? "Unsupported placeholder '%d' at index " + index + " (use %s, %(name)s, or %% for a literal %)"
                            : "Placeholder at index " + index + " is inside a quoted string, dollar-quoted body or comment, where it cannot be "
                                    + "bound; write it unquoted (or %% for a literal %)";
                    return new Misplaced(template.sql(), template.params(), index, message);
                });
    }

    @Property(tries = 200)
    void aMisplacedPlaceholderIsReportedWithItsExactIndex(@ForAll("misplaced") Misplaced statement) {
        assertThatThrownBy(() -> conn.mogrify(statement.sql(), statement.params().toArray()))
                .isInstanceOfSatisfying(ProgrammingException.class,
                        e -> assertThat(e.position()).isEqualTo(statement.index()))
                .hasMessage(statement.message());
    }

    private static final List<Pattern> AT_AN_INDEX = List.of(
            Pattern.compile("Malformed named placeholder at index (\\d+): '%\\(' without a closing '\\)s'"),
            Pattern.compile("Malformed named placeholder at index (\\d+): expected 's' after '\\)'"),
            Pattern.compile("Unsupported placeholder '%.' at index (\\d+) \\(use %s, %\\(name\\)s, or %% for a literal %\\)",
                    Pattern.DOTALL),
            Pattern.compile("Incomplete placeholder at index (\\d+): a lone '%' ends the statement \\(write %% for a "
                    + "literal %\\)"),
            Pattern.compile("Placeholder at index (\\d+) is inside a quoted string, dollar-quoted body or comment, where it cannot be "
                    + "bound; write it unquoted \\(or %% for a literal %\\)"),
            Pattern.compile("Statement mixes named and positional placeholders at index (\\d+)"),
            Pattern.compile("Statement mixes %-style and \\$n placeholders \\(first at index (\\d+)\\); use one style"),
            Pattern.compile("Parameter number out of range at index (\\d+)"),
            Pattern.compile("Parameter \\$0 at index (\\d+): numbering starts at \\$1"));

    private static final List<Pattern> COUNTS = List.of(
            Pattern.compile("Statement has (\\d+) %s placeholder\\(s\\) but 1 parameter\\(s\\) were given"),
            Pattern.compile("Statement refers to parameters up to \\$(\\d+) but 1 parameter\\(s\\) were given"),
            Pattern.compile("Statement has no placeholders but 1 parameter\\(s\\) were given"),
            Pattern.compile("Statement uses named placeholders \\(%\\(name\\)s\\) but 1 positional parameter\\(s\\) "
                    + "were given; pass a Map"));

    /** Asserts that an error of mogrify(sql, one value) is a documented one, at a placeholder when it names one. */
    private static void assertDocumented(String sql, ProgrammingException error) {
        String message = error.getMessage();
        for (Pattern pattern : AT_AN_INDEX) {
            Matcher matcher = pattern.matcher(message);
            if (matcher.matches()) {
                int index = Integer.parseInt(matcher.group(1));
                assertThat(sql.charAt(index)).as("the character at the index %s names in %s", message, sql)
                        .isIn('%', '$');
                assertThat(sql.charAt(error.position())).as("the character at position() in %s", sql).isIn('%', '$');
                if (!message.startsWith("Statement mixes %-style")) {
                    assertThat(error.position()).isEqualTo(index);
                }
                return;
            }
        }
        for (Pattern pattern : COUNTS) {
            Matcher matcher = pattern.matcher(message);
            if (matcher.matches()) {
                if (matcher.groupCount() == 1) {
                    assertThat(Integer.parseInt(matcher.group(1))).as(message).isNotEqualTo(1);
                }
                return;
            }
        }
        throw new AssertionError("Undocumented error for " + sql + ": " + message, error);
    }

    @Property(tries = 300)
    void arbitraryTextIsWrittenOrFailsWithADocumentedError(@ForAll("hostileStrings") String sql) {
        try {
            assertThat(conn.mogrify(sql, "value")).contains("'value'");
        } catch (ProgrammingException error) {
            assertDocumented(sql, error);
        }
        String twoPlaceholders = sql + " %s %s";
        ProgrammingException error = catchThrowableOfType(ProgrammingException.class,
                () -> conn.mogrify(twoPlaceholders, 1));
        assertThat(error).as("two more placeholders than values").isNotNull();
        assertDocumented(twoPlaceholders, error);
    }
}
