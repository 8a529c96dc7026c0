package io.momoko;

/**
 * One column of a result, as the server described it.
 *
 * @param name the column's label, as written in the query or taken from the table
 * @param typeName the PostgreSQL type as the driver knows it (for example {@code INT4}, {@code TEXT},
 *                 {@code JSONB}); types the driver has no codec for (extensions such as {@code hstore},
 *                 enums) read {@code UNKNOWN} and arrive as text
 */
public record Column(String name, String typeName) {
}
