package io.momoko.internal;

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
            StringBuilder out = new StringBuilder("ARRAY[");
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                Object element = PgType.normalize(list.get(i));
                out.append(element == null ? "NULL" : scalar(element, elementType));
            }
            return out.append("]::").append(arrayType).toString();
        }
        return scalar(value, PgType.of(value, hstore, where));
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
            case NUMERIC:
                return quote(plain((BigDecimal) value)) + "::numeric";
            case FLOAT4:
            case FLOAT8:
                return quote(floating(((Number) value).doubleValue(), value)) + "::" + type.sqlName();
            case TEXT:
                return quote((String) value);
            case BYTEA:
                return quote("\\x" + hex((byte[]) value)) + "::bytea";
            case UUID:
                return quote(value.toString()) + "::uuid";
            case DATE:
                return quote(dated((LocalDate) value, "")) + "::date";
            case TIME:
                return quote(((LocalTime) value).toString()) + "::time";
            case TIMETZ:
                return quote(((OffsetTime) value).toString()) + "::timetz";
            case TIMESTAMP:
                LocalDateTime timestamp = (LocalDateTime) value;
                return quote(dated(timestamp.toLocalDate(), " " + timestamp.toLocalTime())) + "::timestamp";
            case TIMESTAMPTZ:
                OffsetDateTime instant = (OffsetDateTime) value;
                String offset = instant.getOffset().getId().replace("Z", "+00:00");
                return quote(dated(instant.toLocalDate(), " " + instant.toLocalTime() + offset)) + "::timestamptz";
            case JSON:
                return quote(Json.encode(value)) + "::json";
            case HSTORE:
                return quote(Hstore.format((Map<?, ?>) value)) + "::hstore";
            default:
                throw new IllegalStateException(type.name());
        }
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
