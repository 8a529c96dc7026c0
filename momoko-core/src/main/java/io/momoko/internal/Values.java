package io.momoko.internal;

import io.momoko.UnsupportedTypeException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.data.Interval;
import io.vertx.pgclient.data.Money;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Converts values read by the Vert.x client into the Java types Momoko documents, and converts those
 * on request ({@code row.get(i, Long.class)}).
 */
final class Values {

    private Values() {
    }

    /**
     * Converts a driver value to Momoko's Java type.
     *
     * @param value the value as Vert.x decoded it
     * @param hstore whether the column may be an hstore (hstore registered and the type is unknown to Vert.x)
     */
    static Object decode(Object value, boolean hstore) {
        if (value == null || value == Tuple.JSON_NULL) {
            return null;
        }
        if (value instanceof String || value instanceof Number && !(value instanceof Numeric)
                || value instanceof Boolean || value instanceof UUID || value instanceof java.time.temporal.Temporal) {
            if (hstore && value instanceof String) {
                Map<String, String> map = Hstore.parse((String) value);
                return map != null ? map : value;
            }
            return value;
        }
        if (value instanceof Numeric) {
            Numeric numeric = (Numeric) value;
            return numeric.isNaN() ? (Object) Double.NaN : numeric.bigDecimalValue();
        }
        if (value instanceof Buffer) {
            return ((Buffer) value).getBytes();
        }
        if (value instanceof JsonObject || value instanceof JsonArray) {
            return Json.toJava(value);
        }
        if (value instanceof Object[]) {
            Object[] array = (Object[]) value;
            List<Object> list = new ArrayList<>(array.length);
            for (Object element : array) {
                list.add(decode(element, hstore));
            }
            return list;
        }
        if (value instanceof Money) {
            return ((Money) value).bigDecimalValue();
        }
        if (value instanceof Interval) {
            return interval((Interval) value);
        }
        // Network addresses and geometric types: PostgreSQL's own text form, so no driver class leaks out.
        String text = PgText.of(value);
        return text != null ? text : value.toString();
    }

    /** What only the column's type tells: a void result is no value; an oid is an unsigned 32-bit number. */
    static Object byColumnType(Object value, String typeName) {
        if ("VOID".equals(typeName)) {
            return null;
        }
        if ("OID".equals(typeName) && value instanceof String text && !text.isEmpty()) {
            return Long.valueOf(text);
        }
        return value;
    }

    private static Object interval(Interval interval) {
        Duration time = Duration.ofDays(interval.getDays()).plusHours(interval.getHours())
                .plusMinutes(interval.getMinutes()).plusSeconds(interval.getSeconds())
                .plusNanos(interval.getMicroseconds() * 1000L);
        if (interval.getYears() == 0 && interval.getMonths() == 0) {
            return time;
        }
        if (interval.getHours() == 0 && interval.getMinutes() == 0 && interval.getSeconds() == 0
                && interval.getMicroseconds() == 0) {
            return java.time.Period.of(interval.getYears(), interval.getMonths(), interval.getDays());
        }
        // Months and time together: no single java.time type holds both, so ISO 8601 text (P1Y2MT76H5M6.7S).
        return "P" + interval.getYears() + "Y" + interval.getMonths() + "M" + time.toString().substring(1);
    }

    /**
     * Converts a decoded value to the requested type when that loses nothing.
     */
    static <T> T convert(Object value, Class<T> type, String column) {
        if (value == null) {
            return null;
        }
        Class<?> boxed = box(type);
        if (boxed.isInstance(value)) {
            return cast(boxed, value);
        }
        if (value instanceof String text && type == java.net.InetAddress.class) {
            return cast(boxed, inetAddress(text, column));
        }
        try {
            Object converted = tryConvert(value, boxed);
            if (converted != null) {
                return cast(boxed, converted);
            }
        } catch (ArithmeticException e) {
            throw new UnsupportedTypeException("Column '" + column + "' holds " + value
                    + ", which does not fit " + type.getSimpleName());
        }
        throw new UnsupportedTypeException("Column '" + column + "' holds a " + value.getClass().getSimpleName()
                + ", which cannot be read as " + type.getSimpleName());
    }

    /** An inet's text is a literal address (never looked up); a network with a shorter prefix is not one. */
    private static java.net.InetAddress inetAddress(String text, String column) {
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        boolean literal = host.indexOf(':') >= 0 || host.matches("[0-9.]+");
        try {
            java.net.InetAddress address = literal ? java.net.InetAddress.getByName(host) : null;
            int bits = address instanceof java.net.Inet4Address ? 32 : 128;
            if (address != null && (slash < 0 || Integer.parseInt(text.substring(slash + 1)) == bits)) {
                return address;
            }
        } catch (java.net.UnknownHostException | NumberFormatException e) {
            // reported below
        }
        throw new UnsupportedTypeException("Column '" + column + "' holds " + text + ", which is not a single address "
                + "and cannot be read as InetAddress; read it as a String");
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Class<?> type, Object value) {
        return (T) type.cast(value);
    }

    private static Object tryConvert(Object value, Class<?> type) {
        if (value instanceof Number && !(value instanceof Double || value instanceof Float)
                || value instanceof BigDecimal) {
            BigDecimal number = value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(value.toString());
            if (type == Long.class) {
                return number.longValueExact();
            } else if (type == Integer.class) {
                return number.intValueExact();
            } else if (type == Short.class) {
                return number.shortValueExact();
            } else if (type == BigDecimal.class) {
                return number;
            } else if (type == BigInteger.class) {
                return number.toBigIntegerExact();
            } else if (type == Double.class) {
                return number.doubleValue();
            } else if (type == Float.class) {
                return number.floatValue();
            }
        }
        if ((value instanceof Double || value instanceof Float) && type == Double.class) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof OffsetDateTime && type == Instant.class) {
            return ((OffsetDateTime) value).toInstant();
        }
        if (value instanceof OffsetDateTime && type == java.time.ZonedDateTime.class) {
            return ((OffsetDateTime) value).toZonedDateTime();
        }
        if (value instanceof List && type.isArray()) {
            List<?> list = (List<?>) value;
            Object array = Array.newInstance(type.getComponentType(), list.size());
            for (int i = 0; i < list.size(); i++) {
                Array.set(array, i, convert(list.get(i), type.getComponentType(), "element"));
            }
            return array;
        }
        if (type == String.class && (value instanceof UUID || value instanceof LocalDate || value instanceof LocalTime
                || value instanceof LocalDateTime || value instanceof OffsetDateTime || value instanceof OffsetTime)) {
            return value.toString();
        }
        return null;
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == int.class) {
            return Integer.class;
        } else if (type == long.class) {
            return Long.class;
        } else if (type == boolean.class) {
            return Boolean.class;
        } else if (type == double.class) {
            return Double.class;
        } else if (type == float.class) {
            return Float.class;
        } else if (type == short.class) {
            return Short.class;
        } else if (type == byte.class) {
            return Byte.class;
        } else if (type == char.class) {
            return Character.class;
        }
        return type;
    }
}
