package io.momoko.bench;

import io.momoko.ConnectOptions;
import io.momoko.Connection;
import io.momoko.Momoko;
import io.momoko.Pool;
import io.momoko.Row;
import io.momoko.test.TestDatabase;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs every system on the same workloads, concurrencies and pool size, in rounds with the systems in
 * shuffled order, and writes a Markdown table and a CSV to {@code momoko-benchmarks/results/}.
 *
 * <p>{@code -Dbench.mode=quick} (about 3 minutes), {@code full}, or {@code smoke} (every workload once, half a
 * second each); {@code -Dbench.mode=bulk} loads a million rows by executeMany and by single INSERTs;
 * {@code -Dbench.mode=jmh} runs the JMH
 * benchmarks instead. The database is {@code MOMOKO_BENCH_URL}, else the test-database resolution.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    /** The run's shape. */
    private record Plan(List<Workload> workloads, List<Integer> concurrencies, List<Integer> poolSizes, int rounds,
                        double warmupSeconds, double measureSeconds, boolean streaming) {
        static Plan of(String mode) {
            if (mode.equals("smoke")) {
                // Every workload once, briefly: checks that every system runs every workload without errors.
                return new Plan(List.of(Workload.values()), List.of(8), List.of(8), 1, 0.2, 0.5, false);
            }
            if (mode.equals("full")) {
                return new Plan(List.of(Workload.values()), List.of(1, 8, 64, 256), List.of(8, 2), 5, 0.5, 1.5, true);
            }
            return new Plan(List.of(Workload.SELECT_1, Workload.PK_LOOKUP, Workload.FETCH_20), List.of(8, 64), List.of(8),
                    2, 0.5, 1.5, true);
        }
    }

    /** One measured cell. */
    private record Sample(Workload workload, int poolSize, int concurrency, String system, int round,
                          ClosedLoop.Result result) {
    }

    /**
     * Runs the benchmarks.
     *
     * @param args unused; settings come from system properties
     * @throws Exception when the database cannot be reached
     */
    public static void main(String[] args) throws Exception {
        String mode = System.getProperty("bench.mode", "quick");
        if (mode.equals("jmh")) {
            exposeClassPathToForks();
            String benchmarks = System.getProperty("bench.jmh",
                    "io.momoko.internal.ParserBenchmark|io.momoko.internal.AcquireReleaseBenchmark");
            org.openjdk.jmh.Main.main(new String[] {benchmarks, "-prof", "gc", "-f", "1",
                "-wi", "3", "-i", "5", "-w", "1s", "-r", "1s"});
            return;
        }
        String url = System.getenv("MOMOKO_BENCH_URL");
        ConnectOptions options = url != null && !url.isBlank() ? ConnectOptions.parse(url) : TestDatabase.get().options();
        if (mode.equals("bulk")) {
            System.out.println(BulkLoad.run(options));
            return;
        }
        Plan plan = Plan.of(mode);
        String serverVersion = prepareSchema(options);
        List<Sample> samples = new ArrayList<>();
        for (int poolSize : plan.poolSizes()) {
            for (Workload workload : plan.workloads()) {
                for (int concurrency : plan.concurrencies()) {
                    if (poolSize != plan.poolSizes().get(0) && concurrency != 64) {
                        continue; // the small pool is measured at one concurrency: enough to see queueing
                    }
                    measure(plan, options, workload, poolSize, concurrency, samples);
                }
            }
        }
        String streaming = plan.streaming() ? streaming(options) : "";
        write(mode, options, serverVersion, samples, streaming);
    }

    /**
     * JMH forks a JVM with {@code java.class.path}; under {@code exec:java} the project's classes are in the
     * plugin's class loader instead, so the forks would not find them.
     */
    private static void exposeClassPathToForks() throws Exception {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader instanceof java.net.URLClassLoader) {
            List<String> entries = new ArrayList<>();
            for (java.net.URL url : ((java.net.URLClassLoader) loader).getURLs()) {
                entries.add(Path.of(url.toURI()).toString());
            }
            entries.add(System.getProperty("java.class.path"));
            System.setProperty("java.class.path", String.join(java.io.File.pathSeparator, entries));
        }
    }

    private static String prepareSchema(ConnectOptions options) {
        Connection conn = Momoko.connect(options).join();
        try {
            conn.execute("CREATE TABLE IF NOT EXISTS bench_accounts (id int PRIMARY KEY, balance bigint NOT NULL, "
                    + "name text NOT NULL)").join();
            long rows = conn.execute("SELECT count(*) FROM bench_accounts").join().fetchOne().get(0, Long.class);
            if (rows != Workload.ROWS) {
                conn.execute("TRUNCATE bench_accounts").join();
                conn.execute("INSERT INTO bench_accounts SELECT g, 0, 'account ' || g FROM generate_series(1, "
                        + Workload.ROWS + ") g").join();
                conn.execute("ANALYZE bench_accounts").join();
            }
            return conn.execute("SHOW server_version").join().fetchOne().get(0, String.class);
        } finally {
            conn.close().join();
        }
    }

    private static List<Supplier<Target>> systems(ConnectOptions options, int poolSize, int concurrency) {
        List<Supplier<Target>> systems = new ArrayList<>();
        systems.add(() -> new MomokoTarget(options, poolSize, 1));
        systems.add(() -> new MomokoTarget(options, poolSize, 16));
        systems.add(() -> new VertxTarget(options, poolSize, false));
        systems.add(() -> new VertxTarget(options, poolSize, true));
        systems.add(() -> HikariTarget.platform(options, poolSize, concurrency));
        if (HikariTarget.virtual(options, 1) != null) {
            systems.add(() -> HikariTarget.virtual(options, poolSize));
        }
        if (MomokoBlockingTarget.available()) {
            systems.add(() -> MomokoBlockingTarget.virtual(options, poolSize));
        }
        systems.add(() -> new R2dbcTarget(options, poolSize));
        return systems;
    }

    /** {@code -Dbench.only=momoko,vertx-pool} keeps just those systems (for profiling one of them). */
    private static boolean selected(String system) {
        String only = System.getProperty("bench.only");
        return only == null || only.isBlank() || java.util.Arrays.asList(only.split(",")).contains(system);
    }

    private static void measure(Plan plan, ConnectOptions options, Workload workload, int poolSize, int concurrency,
                                List<Sample> samples) throws Exception {
        List<Supplier<Target>> systems = systems(options, poolSize, concurrency);
        for (int round = 1; round <= plan.rounds(); round++) {
            List<Supplier<Target>> order = new ArrayList<>(systems);
            Collections.shuffle(order);
            for (Supplier<Target> system : order) {
                try (Target target = system.get()) {
                    if (!target.supports(workload) || !selected(target.name())) {
                        continue;
                    }
                    ClosedLoop.run(target, workload, concurrency, plan.warmupSeconds());
                    ClosedLoop.Result result = ClosedLoop.run(target, workload, concurrency, plan.measureSeconds());
                    samples.add(new Sample(workload, poolSize, concurrency, target.name(), round, result));
                    System.out.printf(Locale.ROOT, "%-9s pool=%d c=%-3d round %d %-16s %10.0f ops/s p50 %6.2f ms p99 %6.2f ms"
                            + " errors %d%n", workload, poolSize, concurrency, round, target.name(),
                            result.opsPerSecond(), result.p50Millis(), result.p99Millis(), result.errors());
                }
            }
            if (Pgbench.available() && Pgbench.supports(workload) && selected("pgbench")) {
                double tps = Pgbench.run(options, workload, concurrency, plan.measureSeconds());
                samples.add(new Sample(workload, poolSize, concurrency, "pgbench", round,
                        new ClosedLoop.Result(tps, Double.NaN, Double.NaN, 0, 0)));
                System.out.printf(Locale.ROOT, "%-9s pool=%d c=%-3d round %d %-16s %10.0f tps%n", workload, poolSize,
                        concurrency, round, "pgbench", tps);
            }
        }
    }

    /** Streams a million rows through Momoko: rows per second and the peak of retained heap. */
    private static String streaming(ConnectOptions options) {
        Pool pool = Pool.builder().name("stream").connectOptions(options).size(1).build();
        pool.connect().join();
        try {
            var memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong();
            AtomicLong rows = new AtomicLong();
            CompletableFuture<Void> done = new CompletableFuture<>();
            long started = System.nanoTime();
            Flow.Publisher<Row> publisher = pool.stream(1000, "SELECT g, g * 2 AS twice FROM generate_series(1, 1000000) g");
            publisher.subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(Row row) {
                    if (rows.incrementAndGet() % 250_000 == 0) {
                        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed() - baseline, Math::max);
                    }
                }

                @Override
                public void onError(Throwable error) {
                    done.completeExceptionally(error);
                }

                @Override
                public void onComplete() {
                    done.complete(null);
                }
            });
            done.join();
            double seconds = (System.nanoTime() - started) / 1e9;
            return String.format(Locale.ROOT, "Streaming %,d rows through `Pool.stream` (fetch 1,000): %,.0f rows/s, "
                    + "heap above baseline at most %.1f MB (sampled without forcing GC).%n", rows.get(),
                    rows.get() / seconds, peak.get() / 1e6);
        } finally {
            pool.close().join();
        }
    }

    /** The ratio system ÷ peer in each round both ran, as median [min–max]; empty when they never met. */
    private static String ratio(List<Sample> samples, String system, List<Sample> peerRounds) {
        List<Double> ratios = new ArrayList<>();
        for (Sample peer : peerRounds) {
            for (Sample ours : samples) {
                if (ours.system().equals(system) && ours.round() == peer.round() && ours.workload() == peer.workload()
                        && ours.poolSize() == peer.poolSize() && ours.concurrency() == peer.concurrency()) {
                    ratios.add(ours.result().opsPerSecond() / peer.result().opsPerSecond());
                }
            }
        }
        Collections.sort(ratios);
        return ratios.isEmpty() ? "" : String.format(Locale.ROOT, "%.2f [%.2f–%.2f]", ratios.get(ratios.size() / 2),
                ratios.get(0), ratios.get(ratios.size() - 1));
    }

    private static void write(String mode, ConnectOptions options, String serverVersion, List<Sample> samples,
                              String streaming) throws Exception {
        Path directory = Path.of(System.getProperty("bench.results", "momoko-benchmarks/results"));
        Files.createDirectories(directory);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        StringBuilder csv = new StringBuilder("workload,pool_size,concurrency,system,round,ops_per_s,p50_ms,p99_ms,errors\n");
        for (Sample s : samples) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%d,%.1f,%.3f,%.3f,%d%n", s.workload(), s.poolSize(),
                    s.concurrency(), s.system(), s.round(), s.result().opsPerSecond(), s.result().p50Millis(),
                    s.result().p99Millis(), s.result().errors()));
        }
        StringBuilder md = new StringBuilder("# Benchmark run " + stamp + " (" + mode + ")\n\n");
        md.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append('\n')
                .append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append('\n')
                .append("- PostgreSQL: ").append(serverVersion).append(" at ").append(options.host()).append(':')
                .append(options.port()).append("\n\n");
        md.append("Median ops/s over rounds; p50/p99 in ms from the median round; ratios = Momoko (pipelining 1) / ")
                .append("peer and Momoko pipelined / peer, per round, median [min–max].\n\n");
        md.append("| workload | pool | conc | system | ops/s | p50 | p99 | momoko ÷ system | momoko-pipelined ÷ system |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        Map<String, List<Sample>> cells = new LinkedHashMap<>();
        for (Sample s : samples) {
            cells.computeIfAbsent(s.workload() + "|" + s.poolSize() + "|" + s.concurrency() + "|" + s.system(),
                    key -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<Sample>> cell : cells.entrySet()) {
            List<Sample> rounds = new ArrayList<>(cell.getValue());
            rounds.sort((a, b) -> Double.compare(a.result().opsPerSecond(), b.result().opsPerSecond()));
            Sample median = rounds.get(rounds.size() / 2);
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %.0f | %.2f | %.2f | %s | %s |%n",
                    median.workload(), median.poolSize(), median.concurrency(), median.system(),
                    median.result().opsPerSecond(), median.result().p50Millis(), median.result().p99Millis(),
                    ratio(samples, "momoko", cell.getValue()), ratio(samples, "momoko-pipelined", cell.getValue())));
        }
        md.append('\n').append(streaming);
        md.append("\npgbench runs min(concurrency, ").append(Pgbench.MAX_CLIENTS).append(") clients.\n");
        Files.writeString(directory.resolve("bench-" + stamp + ".csv"), csv);
        Files.writeString(directory.resolve("bench-" + stamp + ".md"), md);
        System.out.println(md);
        System.out.println("Written to " + directory.toAbsolutePath() + "/bench-" + stamp + ".{md,csv}");
    }
}
