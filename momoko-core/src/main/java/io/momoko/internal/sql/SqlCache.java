package io.momoko.internal.sql;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the engine worked out once about a statement's text (its template, its session effects, its latency,
 * its runs on the simple protocol), kept per SQL string and read from any thread. Bounded: statements built by
 * concatenating values would make the cache grow without end, so a full cache starts again (such statements
 * lose only the memo, never correctness).
 *
 * @param <V> what is kept per statement
 */
public final class SqlCache<V> {

    public static final int LIMIT = 2048;

    private final Map<String, V> entries = new ConcurrentHashMap<>();
    private final Function<String, V> create;

    /** @param create works out the value for a statement not seen yet; may throw, which caches nothing */
    public SqlCache(Function<String, V> create) {
        this.create = create;
    }

    /** The value for {@code sql}, worked out now if it is not cached; every caller gets the same instance. */
    public V get(String sql) {
        V cached = entries.get(sql);
        if (cached != null) {
            return cached;
        }
        V created = create.apply(sql);
        if (entries.size() >= LIMIT) {
            entries.clear();
        }
        V raced = entries.putIfAbsent(sql, created);
        return raced != null ? raced : created;
    }

    /** The cached value, or {@code null} if {@code sql} has not been seen (or the cache started again). */
    public V peek(String sql) {
        return entries.get(sql);
    }
}
