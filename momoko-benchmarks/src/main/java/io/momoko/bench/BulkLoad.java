package io.momoko.bench;

import io.momoko.ConnectOptions;
import io.momoko.Pool;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Loading 1,000,000 rows of (int, text, timestamptz) with a pool of 8: {@code executeMany} in batches of 1,000
 * against one {@code INSERT} per row, both with the pool kept busy (8 batches or 64 INSERTs in flight). COPY is
 * not measured: Vert.x 5.0 has no COPY sub-protocol (README, "Batches").
 */
final class BulkLoad {

    private static final int ROWS = 1_000_000;
    private static final int BATCH = 1_000;
    private static final String INSERT = "INSERT INTO bench_bulk (id, note, at) VALUES ($1, $2, $3)";
    private static final OffsetDateTime START = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private BulkLoad() {
    }

    /** Runs both loads and returns the Markdown table. */
    static String run(ConnectOptions options) throws InterruptedException {
        Pool pool = Pool.builder().name("bench-bulk").connectOptions(options).size(8).maxSize(8).build();
        pool.connect().join();
        try {
            pool.execute("CREATE TABLE IF NOT EXISTS bench_bulk (id int, note text, at timestamptz)").join();
            StringBuilder table = new StringBuilder("| method | rows | seconds | rows/s | vs single INSERTs |\n"
                    + "|---|---|---|---|---|\n");
            double single = measure(pool, "single INSERTs, 64 in flight", table, BulkLoad::singleInserts, 0);
            measure(pool, "executeMany, batches of 1,000, 8 in flight", table, BulkLoad::batches, single);
            table.append("| COPY | — | — | — | not available: Vert.x 5.0 has no COPY sub-protocol |\n");
            return table.toString();
        } finally {
            pool.execute("DROP TABLE IF EXISTS bench_bulk").join();
            pool.close().join();
        }
    }

    private interface Load {
        void into(Pool pool) throws InterruptedException;
    }

    private static double measure(Pool pool, String method, StringBuilder table, Load load, double baseline)
            throws InterruptedException {
        pool.execute("TRUNCATE bench_bulk").join();
        long started = System.nanoTime();
        load.into(pool);
        double seconds = (System.nanoTime() - started) / 1e9;
        long loaded = pool.execute("SELECT count(*) FROM bench_bulk").join().fetchOne().get(0, Long.class);
        if (loaded != ROWS) {
            throw new IllegalStateException(method + " loaded " + loaded + " rows, not " + ROWS);
        }
        double rate = ROWS / seconds;
        table.append(String.format("| %s | %,d | %.1f | %,.0f | %s |%n", method, ROWS, seconds, rate,
                baseline == 0 ? "1.00" : String.format("%.2f", rate / baseline)));
        System.out.printf("%s: %,.0f rows/s%n", method, rate);
        return rate;
    }

    private static Object[] row(int id) {
        return new Object[] {id, "row " + id, START.plusSeconds(id)};
    }

    private static void singleInserts(Pool pool) throws InterruptedException {
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int id = 1; id <= ROWS; id++) {
            inFlight.acquire();
            CompletableFuture<?> insert = pool.execute(INSERT, row(id)).whenComplete((c, e) -> inFlight.release());
            if (id % 10_000 == 0) {
                pending.removeIf(CompletableFuture::isDone);
            }
            pending.add(insert);
        }
        CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).join();
    }

    private static void batches(Pool pool) throws InterruptedException {
        Semaphore inFlight = new Semaphore(8);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int first = 1; first <= ROWS; first += BATCH) {
            List<Object[]> sets = new ArrayList<>(BATCH);
            for (int id = first; id < first + BATCH; id++) {
                sets.add(row(id));
            }
            inFlight.acquire();
            pending.add(pool.executeMany(INSERT, sets).whenComplete((n, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).join();
    }
}
