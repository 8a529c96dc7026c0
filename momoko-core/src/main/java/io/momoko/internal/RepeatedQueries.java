package io.momoko.internal;

import io.momoko.internal.sql.SqlCache;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.desc.ColumnDescriptor;

import java.util.Set;

/**
 * Which statements without parameters go through the extended protocol and the prepared-statement cache: a
 * single query that has run {@link #THRESHOLD} times (pgjdbc's {@code prepareThreshold}), so health checks and
 * constant queries stop being parsed and planned on every run, while one-off DDL and utility statements do not
 * churn the cache.
 *
 * <p>The simple protocol answers in text, the extended one (as Vert.x asks) in binary, and Vert.x 5.0 decodes
 * some types differently in binary (macaddr, oid and 2-D arrays as null, intervals, {@code -infinity}
 * timestamps: {@code TypeMatrixTest.driverLimitsAreAsDocumented}). A statement is therefore promoted only when
 * every column of its results so far is of a type both decodings agree on, so its values never change when it
 * switches. A string of several statements (more than one result) stays on the simple protocol for good.
 *
 * <p>Shared by every connection of the JVM (the decision depends on the SQL alone) and bounded
 * ({@link SqlCache}); counted on the event loops, read from any thread.
 */
final class RepeatedQueries {

    /** Runs on the simple protocol before a statement is prepared; pgjdbc's default. */
    static final int THRESHOLD = 5;
    private static final int NEVER = -1;

    /** Types whose binary and text decodings agree in Vert.x 5.0 (Vert.x's names for them). */
    private static final Set<String> SAME_IN_BOTH = Set.of("BOOL", "INT2", "INT4", "INT8", "FLOAT4", "FLOAT8",
            "NUMERIC", "TEXT", "VARCHAR", "BPCHAR", "NAME", "CHAR", "UUID", "JSON", "JSONB", "BYTEA");
    /** Statements that may be prepared: queries and row changes, not DDL, utility or transaction control. */
    private static final Set<String> PREPARABLE = Set.of("SELECT", "WITH", "VALUES", "TABLE", "INSERT", "UPDATE",
            "DELETE");

    private static final SqlCache<int[]> RUNS = new SqlCache<>(
            sql -> new int[] {PREPARABLE.contains(UtilityStatements.firstKeyword(sql)) ? 0 : NEVER});

    private RepeatedQueries() {
    }

    /** Whether a statement without parameters has earned the extended protocol. */
    static boolean prepared(String sql) {
        int[] runs = RUNS.peek(sql);
        return runs != null && runs[0] >= THRESHOLD;
    }

    /** Counts one run on the simple protocol, with what it answered. */
    static void ranSimple(String sql, RowSet<Row> result) {
        int[] runs = RUNS.get(sql);
        if (runs[0] == NEVER) {
            return;
        }
        // A racing count from another event loop may be lost; it only delays the switch by a run.
        runs[0] = result.next() == null && sameInBoth(result) ? runs[0] + 1 : NEVER;
    }

    private static boolean sameInBoth(RowSet<Row> result) {
        if (result.columnDescriptors() == null) {
            return true;
        }
        for (ColumnDescriptor column : result.columnDescriptors()) {
            if (!SAME_IN_BOTH.contains(column.typeName())) {
                return false;
            }
        }
        return true;
    }

}
