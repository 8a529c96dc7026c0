package io.momoko.internal;

import io.momoko.internal.sql.SqlTemplate;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The placeholder parser and binder, the engine work done per statement before any I/O. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParserBenchmark {

    private static final String SQL = "SELECT id, name, 'it''s 100%%' FROM products WHERE id = %s AND sku = %s "
            + "AND price > %s -- trailing comment";
    private final AtomicLong unique = new AtomicLong();

    /**
     * Parsing a statement seen before (the cache hit every repeated statement takes) and binding it.
     *
     * @return the bound statement, so the work is not optimised away
     */
    @Benchmark
    public Binder.Bound parseCachedAndBind() {
        return Binder.bind(SqlTemplate.parse(SQL), List.of(42, "SKU-1", 1.5), null, false);
    }

    /**
     * Parsing a statement never seen (every parse is a cache miss).
     *
     * @return the template
     */
    @Benchmark
    public SqlTemplate parseUncached() {
        return SqlTemplate.parse(SQL + unique.incrementAndGet());
    }
}
