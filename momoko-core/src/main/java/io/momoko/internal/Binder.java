package io.momoko.internal;

import io.momoko.internal.sql.SqlTemplate;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a template and the caller's values into the SQL and bind parameters the Vert.x client sends.
 *
 * <p>The Vert.x client leaves parameter types to the server and then insists that each value's Java class
 * matches what the server inferred; an uncast {@code SELECT $1} is inferred as {@code text} and an Integer
 * bound to it fails. So every non-null parameter gets an explicit cast to the type its Java class stands for
 * ({@code $1::int4}), as a psycopg2 literal would carry it. Plain strings are the exception: like psycopg2's
 * quoted literals they stay untyped, so the server can read them as the column's type (text, varchar, an enum).
 */
final class Binder {

    /**
     * A statement ready for the Vert.x client.
     *
     * @param sql the SQL with {@code $n} placeholders
     * @param params the bind values, in Vert.x's types
     */
    public record Bound(String sql, Tuple params) {
    }

    private Binder() {
    }

    /**
     * Binds values to a template.
     *
     * @param template the parsed statement
     * @param positional positional values, or {@code null}
     * @param named named values, or {@code null}
     * @param hstore whether string maps are hstore on this connection
     * @return the statement to send
     */
    /**
     * Binds a statement that travels with bind parameters (the extended protocol), where it runs nothing:
     * on the caller's thread, before any connection is taken, as pgjdbc does.
     *
     * @return the bound statement, or {@code null} for one without parameters or one PostgreSQL will not
     *         bind ({@link UtilityStatements}), which the connection sends as a simple query
     * @throws io.momoko.MomokoException a typed error for a value that cannot be bound (never a raw Error)
     */
    static Bound bindIfBound(io.momoko.Statement statement, boolean hstore) {
        if (statement.positionalParams() == null && statement.namedParams() == null
                || UtilityStatements.bindClientSide(statement.sql())) {
            return null;
        }
        try {
            return bind(SqlTemplate.parse(statement.sql()), statement.positionalParams(), statement.namedParams(),
                    hstore);
        } catch (RuntimeException e) {
            throw Errors.translate(e, Errors.describe(statement.sql()));
        } catch (StackOverflowError e) {
            // Converting a value that contains itself, or is nested tens of thousands deep, recurses without end.
            throw new io.momoko.ProgrammingException("A parameter of " + Errors.describe(statement.sql())
                    + " refers to itself or is nested too deeply to be bound");
        }
    }

    public static Bound bind(SqlTemplate template, List<?> positional, Map<String, ?> named, boolean hstore) {
        Object[] values = Parameters.resolve(template, positional, named);
        Object[] encoded = new Object[values.length];
        String[] casts = new String[values.length];
        for (int k = 0; k < values.length; k++) {
            String where = template.parameterDescription(k);
            Object value = PgType.normalize(values[k]);
            if (value == null) {
                continue;
            }
            if (value instanceof List) {
                List<?> list = (List<?>) value;
                PgType elementType = PgType.ofElements(list, hstore, where);
                if (elementType == null) {
                    // Empty, or NULLs only: no element tells the type, and the driver wants an array of the
                    // server's element type. As text ('{}', '{NULL}') the statement's own cast decides it.
                    encoded[k] = Literals.arrayText(list, null);
                    casts[k] = "::text";
                } else if (PgType.nested(list) || elementType.sentAsText()
                        || elementType.hasInfinity() && PgType.holdsInfinity(list)) {
                    // The driver sends one-dimensional arrays only: the array goes as its text form, which the
                    // server parses into the element type's multidimensional array.
                    encoded[k] = Literals.arrayText(list, elementType);
                    casts[k] = "::text" + elementType.arrayCast();
                } else {
                    encoded[k] = array(list, elementType);
                    casts[k] = elementType == null ? "" : elementType.arrayCast();
                }
            } else {
                PgType type = PgType.of(value, hstore, where);
                boolean asText = type.sentAsText() || type.hasInfinity() && PgType.infinity(value) != null;
                encoded[k] = asText ? Literals.text(value, type) : scalar(value, type);
                casts[k] = asText ? "::text" + type.cast() : type.cast();
            }
        }
        return new Bound(template.renderWithCasts(casts), Tuple.wrap(encoded));
    }

    private static Object scalar(Object value, PgType type) {
        switch (type) {
            case NUMERIC:
                return Numeric.create((BigDecimal) value);
            case BYTEA:
                return Buffer.buffer((byte[]) value);
            case JSON:
                return Json.toVertx(value);
            case HSTORE:
                return Hstore.format((Map<?, ?>) value);
            case INET:
                return new io.vertx.pgclient.data.Inet().setAddress((java.net.InetAddress) value);
            default:
                return value;
        }
    }

    private static Object array(List<?> list, PgType elementType) {
        Object[] array = newArray(elementType, list.size());
        for (int i = 0; i < array.length; i++) {
            Object element = PgType.normalize(list.get(i));
            array[i] = element == null ? null : scalar(widen(element, elementType), elementType);
        }
        return array;
    }

    private static Object widen(Object element, PgType elementType) {
        switch (elementType) {
            case INT4:
                return ((Number) element).intValue();
            case INT8:
                return ((Number) element).longValue();
            case FLOAT8:
                return ((Number) element).doubleValue();
            default:
                return element;
        }
    }

    private static Object[] newArray(PgType elementType, int length) {
        if (elementType == null) {
            // No element tells the type: let the server infer it from the statement.
            return new Object[length];
        }
        switch (elementType) {
            case BOOL: return new Boolean[length];
            case INT2: return new Short[length];
            case INT4: return new Integer[length];
            case INT8: return new Long[length];
            case NUMERIC: return new Numeric[length];
            case FLOAT4: return new Float[length];
            case FLOAT8: return new Double[length];
            case TEXT: return new String[length];
            case BYTEA: return new Buffer[length];
            case UUID: return new UUID[length];
            case DATE: return new java.time.LocalDate[length];
            case TIME: return new java.time.LocalTime[length];
            case TIMETZ: return new java.time.OffsetTime[length];
            case TIMESTAMP: return new java.time.LocalDateTime[length];
            case TIMESTAMPTZ: return new java.time.OffsetDateTime[length];
            case JSON: return new JsonObject[length];
            case HSTORE: return new String[length];
            case INET: return new io.vertx.pgclient.data.Inet[length];
            default: throw new IllegalStateException(elementType.name());
        }
    }
}
