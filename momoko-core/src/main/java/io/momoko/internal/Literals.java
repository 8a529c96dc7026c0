package io.momoko.internal;

import io.momoko.internal.sql.SqlTemplate;

import io.momoko.ProgrammingException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Client-side interpolation ({@code mogrify}): every value becomes a PostgreSQL literal that reads back
 * as the same value and the same type, whatever {@code standard_conforming_strings} is set to.
 */
final class Literals {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Literals() {
    }

    /**
     * Interpolates positional values into a statement; without values the statement is returned as written.
     *
     * @param sql the statement
     * @param params the values, possibly none
     * @param hstore whether string maps are hstore
     * @return the SQL text with literals in place of placeholders
     */
    public static String mogrify(String sql, Object[] params, boolean hstore) {
        if (params == null || params.length == 0) {
            return sql;
        }
        return mogrify(SqlTemplate.parse(sql), Arrays.asList(params), null, hstore);
    }

    /**
     * Interpolates named values into a statement.
     *
     * @param sql the statement
     * @param params the values by name
     * @param hstore whether string maps are hstore
     * @return the SQL text with literals in place of placeholders
     */
    public static String mogrify(String sql, Map<String, ?> params, boolean hstore) {
        return mogrify(SqlTemplate.parse(sql), null, params, hstore);
    }

    /**
     * Interpolates values into a statement.
     *
     * @param template the parsed statement
     * @param positional positional values, or {@code null}
     * @param named named values, or {@code null}
     * @param hstore whether string maps are hstore on this connection
     * @return the SQL text with literals in place of placeholders
     */
    public static String mogrify(SqlTemplate template, List<?> positional, Map<String, ?> named, boolean hstore) {
        try {
            return render(template, positional, named, hstore);
        } catch (StackOverflowError e) {
            // A value that contains itself, or is nested tens of thousands deep, recurses without end.
            throw new ProgrammingException("A parameter refers to itself or is nested too deeply to be written");
        }
    }

    private static String render(SqlTemplate template, List<?> positional, Map<String, ?> named, boolean hstore) {
        Object[] values = Parameters.resolveForLiterals(template, positional, named);
        String[] literals = new String[values.length];
        for (int k = 0; k < values.length; k++) {
            literals[k] = literal(values[k], hstore, "parameter #" + (k + 1));
        }
        return template.render(k -> literals[k]);
    }

    static String literal(Object raw, boolean hstore, String where) {
        Object value = PgType.normalize(raw);
        if (value == null) {
            return "NULL";
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            PgType elementType = PgType.ofElements(list, hstore, where);
            String arrayType = (elementType == null ? "text" : elementType.sqlName()) + "[]";
            if (list.isEmpty()) {
                return "'{}'::" + arrayType;
            }
            return arrayConstructor(list, elementType) + "::" + arrayType;
        }
        return scalar(value, PgType.of(value, hstore, where));
    }

    /** {@code ARRAY[1,NULL]}, or {@code ARRAY[ARRAY[1,2],ARRAY[3,4]]} for nested lists. */
    private static String arrayConstructor(List<?> list, PgType elementType) {
        StringBuilder out = new StringBuilder("ARRAY[");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object element = PgType.normalize(list.get(i));
            out.append(element == null ? "NULL" : element instanceof List<?> inner ? arrayConstructor(inner, elementType)
                    : scalar(element, elementType));
        }
        return out.append(']').toString();
    }

    private static String scalar(Object value, PgType type) {
        switch (type) {
            case BOOL:
                return ((Boolean) value) ? "true" : "false";
            case INT4:
                return integer(((Number) value).longValue(), null);
            case INT2:
            case INT8:
                return integer(((Number) value).longValue(), type.sqlName());
            case TEXT:
                return quote((String) value);
            default:
                return quote(text(value, type)) + "::" + type.sqlName();
        }
    }

    /** The value as PostgreSQL's input functions read it: what goes between the quotes of a literal. */
    static String text(Object value, PgType type) {
        String infinity = type.hasInfinity() ? PgType.infinity(value) : null;
        if (infinity != null) {
            return infinity;
        }
        switch (type) {
            case BOOL:
            case INT2:
            case INT4:
            case INT8:
            case UUID:
            case TIME:
            case TIMETZ:
                return value.toString();
            case NUMERIC:
                return plain((BigDecimal) value);
            case FLOAT4:
            case FLOAT8:
                return floating(((Number) value).doubleValue(), value);
            case TEXT:
                return (String) value;
            case BYTEA:
                return "\\x" + hex((byte[]) value);
            case DATE:
                return dated((LocalDate) value, "");
            case TIMESTAMP:
                LocalDateTime timestamp = (LocalDateTime) value;
                return dated(timestamp.toLocalDate(), " " + timestamp.toLocalTime());
            case TIMESTAMPTZ:
                OffsetDateTime instant = (OffsetDateTime) value;
                String offset = instant.getOffset().getId().replace("Z", "+00:00");
                return dated(instant.toLocalDate(), " " + instant.toLocalTime() + offset);
            case JSON:
                return Json.encode(value);
            case HSTORE:
                return Hstore.format((Map<?, ?>) value);
            case INET:
                java.net.InetAddress address = (java.net.InetAddress) value;
                return address instanceof java.net.Inet6Address ? PgText.ipv6(address.getAddress())
                        : address.getHostAddress();
            case INTERVAL:
                return interval(value);
            default:
                throw new IllegalStateException(type.name());
        }
    }

    /** Both forms PostgreSQL reads back exactly: {@code 1 years 2 mons 3 days} and {@code -5400.5 seconds}. */
    private static String interval(Object value) {
        if (value instanceof java.time.Period period) {
            return period.getYears() + " years " + period.getMonths() + " mons " + period.getDays() + " days";
        }
        java.time.Duration duration = (java.time.Duration) value;
        return BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9))
                .stripTrailingZeros().toPlainString() + " seconds";
    }

    /**
     * A (possibly multidimensional) array in PostgreSQL's text form, {@code {{1,2},{3,NULL}}}: every element
     * double-quoted with backslash escapes, so no value can end the element or the array early.
     */
    static String arrayText(List<?> list, PgType elementType) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object element = PgType.normalize(list.get(i));
            if (element == null) {
                out.append("NULL");
            } else if (element instanceof List<?> inner) {
                out.append(arrayText(inner, elementType));
            } else {
                String text = text(widened(element, elementType), elementType);
                out.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return out.append('}').toString();
    }

    /** An integer element of an array whose elements are wider (int8 beside int2) is written as the wider. */
    private static Object widened(Object element, PgType elementType) {
        return elementType == PgType.NUMERIC && !(element instanceof BigDecimal)
                ? new BigDecimal(element.toString()) : element;
    }

    /**
     * Writes an integer so that it keeps its type and cannot merge with the text around it: a negative
     * number is quoted, because {@code 1-%s} with {@code -1} would otherwise become the comment {@code 1--1}.
     */
    private static String integer(long number, String cast) {
        if (number < 0) {
            return "'" + number + "'::" + (cast == null ? "int4" : cast);
        }
        return cast == null ? Long.toString(number) : number + "::" + cast;
    }

    private static String floating(double number, Object original) {
        if (Double.isNaN(number)) {
            return "NaN";
        }
        if (Double.isInfinite(number)) {
            return number > 0 ? "Infinity" : "-Infinity";
        }
        return original.toString();
    }

    /**
     * Writes an ISO date, then {@code rest}, with the year as PostgreSQL reads it: four digits at least, and
     * years before 1 AD (Java's year 0 and below) as {@code BC} at the very end.
     */
    private static String dated(LocalDate date, String rest) {
        int year = date.getYear();
        String text = String.format("%04d-%02d-%02d", year > 0 ? year : 1 - year, date.getMonthValue(),
                date.getDayOfMonth()) + rest;
        return year > 0 ? text : text + " BC";
    }

    /**
     * Quotes text as a string literal. Text with a backslash uses the {@code E''} form, whose meaning does
     * not depend on {@code standard_conforming_strings}.
     */
    static String quote(String text) {
        PgType.requireNoNul(text, "a string");
        boolean backslash = text.indexOf('\\') >= 0;
        StringBuilder out = new StringBuilder(text.length() + 3);
        if (backslash) {
            out.append("E'");
        } else {
            out.append('\'');
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                out.append("''");
            } else if (c == '\\') {
                out.append("\\\\");
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /**
     * A decimal as PostgreSQL reads it: plain digits, except for an exponent so large (1E+100000000) that the
     * plain form would be millions of characters; PostgreSQL reads the exponent form as well.
     */
    private static String plain(BigDecimal value) {
        long digits = (long) value.precision() - value.scale();
        return digits > 1000 || value.scale() > 1000 ? value.toString() : value.toPlainString();
    }
}
