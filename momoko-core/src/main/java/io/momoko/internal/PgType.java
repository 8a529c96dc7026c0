package io.momoko.internal;

import io.momoko.internal.sql.SendableText;

import io.momoko.ProgrammingException;
import io.momoko.UnsupportedTypeException;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The PostgreSQL type a Java parameter value is sent as. Binding ({@link Binder}) and client-side quoting
 * ({@link Literals}) both decide types here, so a value means the same thing whichever way it travels.
 */
enum PgType {
    BOOL, INT2, INT4, INT8, NUMERIC, FLOAT4, FLOAT8, TEXT, BYTEA, UUID, DATE, TIME, TIMETZ, TIMESTAMP, TIMESTAMPTZ,
    JSON, HSTORE, INET, INTERVAL;

    private final String sqlName = name().toLowerCase(Locale.ROOT);
    /** Text strings stay uncast, so the server can read them as the column's type (text, varchar, an enum). */
    private final String cast = "TEXT".equals(name()) ? "" : "::" + sqlName;
    private final String arrayCast = "::" + sqlName + "[]";

    /** The SQL name used in casts. */
    String sqlName() {
        return sqlName;
    }

    /** What follows a placeholder bound to a value of this type: {@code ::int4}, nothing for text. */
    String cast() {
        return cast;
    }

    /** What follows a placeholder bound to an array of this type: {@code ::int4[]}. */
    String arrayCast() {
        return arrayCast;
    }

    static final String SUPPORTED = "null, Boolean, Short, Integer, Long, BigInteger, BigDecimal, Float, Double, "
            + "String, Character, Enum, byte[], UUID, LocalDate, LocalTime, OffsetTime, LocalDateTime, OffsetDateTime, "
            + "ZonedDateTime, Instant, Duration and Period (interval), InetAddress (inet), Map (json, or hstore after "
            + "registerHstore), and Lists or arrays of these, nested for multidimensional arrays";

    /**
     * Brings a value to the canonical Java form of its PostgreSQL type: Byte to Short, BigInteger to
     * BigDecimal, Instant and ZonedDateTime to OffsetDateTime, Character and Enum to String, arrays to Lists.
     */
    static Object normalize(Object value) {
        if (value instanceof Byte) {
            return ((Byte) value).shortValue();
        }
        if (value instanceof BigInteger) {
            return new BigDecimal((BigInteger) value);
        }
        if (value instanceof Instant instant) {
            // Instant's limits lie beyond OffsetDateTime's; they are the infinities as the other types' are.
            return instant.equals(Instant.MAX) ? OffsetDateTime.MAX : instant.equals(Instant.MIN) ? OffsetDateTime.MIN
                    : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        if (value instanceof ZonedDateTime) {
            return ((ZonedDateTime) value).toOffsetDateTime();
        }
        if (value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Enum<?>) {
            return ((Enum<?>) value).name();
        }
        if (value instanceof Object[]) {
            return Arrays.asList((Object[]) value);
        }
        if (value != null && value.getClass().isArray() && !(value instanceof byte[])) {
            int length = Array.getLength(value);
            List<Object> list = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                list.add(Array.get(value, i));
            }
            return list;
        }
        return value;
    }

    /**
     * Decides the type of a normalized, non-null scalar value.
     *
     * @param value the value, not a List
     * @param hstore whether string-to-string maps are hstore on this connection
     * @param where the parameter's description, for error messages
     */
    static PgType of(Object value, boolean hstore, String where) {
        return of(value, hstore, "", where);
    }

    /** {@code prefix + where} names the value in errors; built only when one is thrown. */
    private static PgType of(Object value, boolean hstore, String prefix, String where) {
        if (value instanceof Boolean) {
            return BOOL;
        } else if (value instanceof Short) {
            return INT2;
        } else if (value instanceof Integer) {
            return INT4;
        } else if (value instanceof Long) {
            return INT8;
        } else if (value instanceof BigDecimal) {
            return NUMERIC;
        } else if (value instanceof Float) {
            return FLOAT4;
        } else if (value instanceof Double) {
            return FLOAT8;
        } else if (value instanceof String) {
            requireNoNul((String) value, prefix, where);
            return TEXT;
        } else if (value instanceof byte[]) {
            return BYTEA;
        } else if (value instanceof UUID) {
            return UUID;
        } else if (value instanceof LocalDate) {
            return DATE;
        } else if (value instanceof LocalTime) {
            return TIME;
        } else if (value instanceof OffsetTime) {
            return TIMETZ;
        } else if (value instanceof LocalDateTime) {
            return TIMESTAMP;
        } else if (value instanceof OffsetDateTime) {
            return TIMESTAMPTZ;
        } else if (value instanceof Map) {
            return hstore && isStringMap((Map<?, ?>) value, prefix, where) ? HSTORE : JSON;
        } else if (value instanceof java.net.InetAddress) {
            return INET;
        } else if (value instanceof java.time.Duration || value instanceof java.time.Period) {
            return INTERVAL;
        }
        throw new UnsupportedTypeException("Cannot send " + prefix + where + " of type " + value.getClass().getName()
                + "; supported: " + SUPPORTED);
    }

    /**
     * Decides the element type of a list: the common type of its non-null elements, widening integers
     * to the widest present and floats to float8.
     *
     * @return the element type, or {@code null} when the list has no non-null element
     */
    static PgType ofElements(List<?> list, boolean hstore, String where) {
        return ofElements(list, hstore, where, null);
    }

    /** Nested lists (a multidimensional array) are walked to their leaves, which decide the element type. */
    private static PgType ofElements(List<?> list, boolean hstore, String where, PgType found) {
        PgType common = found;
        for (Object element : list) {
            Object normalized = normalize(element);
            if (normalized == null) {
                continue;
            }
            PgType type = normalized instanceof List<?> inner ? ofElements(inner, hstore, where, common)
                    : of(normalized, hstore, "an element of ", where);
            if (type != null) {
                common = common == null ? type : widen(common, type, where);
            }
        }
        return common;
    }

    /** Whether a list holds lists: a multidimensional array. */
    static boolean nested(List<?> list) {
        for (Object element : list) {
            if (normalize(element) instanceof List) {
                return true;
            }
        }
        return false;
    }

    private static PgType widen(PgType a, PgType b, String where) {
        if (a == b) {
            return a;
        }
        if (a.isInteger() && b.isInteger()) {
            return a.ordinal() > b.ordinal() ? a : b;
        }
        if ((a == FLOAT4 || a == FLOAT8) && (b == FLOAT4 || b == FLOAT8)) {
            return FLOAT8;
        }
        throw new UnsupportedTypeException("Cannot send " + where + ": its elements mix " + a.sqlName() + " and "
                + b.sqlName());
    }

    /**
     * Whether values of this type go to the server as their text form: the driver's interval encoding folds 24
     * hours into a day and 30 days into a month, which is not the same interval ({@code '720 hours'} is not
     * {@code '1 mon'}).
     */
    boolean sentAsText() {
        return this == INTERVAL;
    }

    /**
     * Whether a value is a java.time limit ({@code LocalDate.MAX}, {@code OffsetDateTime.MIN}, ...), which stands for
     * PostgreSQL's {@code infinity} or {@code -infinity}: the driver writes some of them as real dates in 4714 BC.
     *
     * @return {@code "infinity"}, {@code "-infinity"}, or {@code null} for any other value
     */
    static String infinity(Object value) {
        if (value.equals(LocalDate.MAX) || value.equals(LocalDateTime.MAX) || value.equals(OffsetDateTime.MAX)) {
            return "infinity";
        }
        if (value.equals(LocalDate.MIN) || value.equals(LocalDateTime.MIN) || value.equals(OffsetDateTime.MIN)) {
            return "-infinity";
        }
        return null;
    }

    /** Whether a list holds a java.time limit at any depth. */
    static boolean holdsInfinity(List<?> list) {
        for (Object element : list) {
            Object normalized = normalize(element);
            if (normalized instanceof List<?> inner ? holdsInfinity(inner)
                    : normalized != null && infinity(normalized) != null) {
                return true;
            }
        }
        return false;
    }

    /** Whether the type has {@code infinity}: the date and timestamp types. */
    boolean hasInfinity() {
        return this == DATE || this == TIMESTAMP || this == TIMESTAMPTZ;
    }

    boolean isInteger() {
        return this == INT2 || this == INT4 || this == INT8;
    }

    private static boolean isStringMap(Map<?, ?> map, String prefix, String where) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String) || !(entry.getValue() == null || entry.getValue() instanceof String)) {
                return false;
            }
            requireNoNul((String) entry.getKey(), prefix, where);
            if (entry.getValue() != null) {
                requireNoNul((String) entry.getValue(), prefix, where);
            }
        }
        return true;
    }

    static void requireNoNul(String text, String where) {
        requireNoNul(text, "", where);
    }

    private static void requireNoNul(String text, String prefix, String where) {
        SendableText.require(text, prefix + where);
    }
}
