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

/**
 * Runs every system on the same workloads, concurrencies and pool size, in rounds with the systems in
 * shuffled order, and writes a Markdown table and a CSV to {@code momoko-benchmarks/results/}.
 *
 * <p>{@code -Dbench.mode=quick} (3 rounds), {@code full} (7 rounds, 10 s warm-up, 5 s windows, the Vert.x
 * pipelining sweep and the open-loop latency test), or {@code smoke} (every workload once, briefly);
 * {@link Plan} lists the overrides. {@code -Dbench.fork=true} runs each system's round in a JVM of its own
 * ({@link Forked}). {@code -Dbench.mode=bulk} loads a million rows by executeMany and by single INSERTs;
 * {@code -Dbench.mode=jmh} runs the JMH benchmarks instead. The database is {@code MOMOKO_BENCH_URL}, else the
 * test-database resolution.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    /** One measured cell; {@code open} for the open-loop latency test. */
    private record Sample(Workload workload, int poolSize, int concurrency, boolean open, String system, int round,
                          ClosedLoop.Result result) {
        String cell() {
            return workload + "|" + poolSize + "|" + concurrency + "|" + open;
        }
    }

    /**
     * Runs the benchmarks.
     *
     * @param args unused; settings come from system properties
     * @throws Exception when the database cannot be reached
     */
    public static void main(String[] args) throws Exception {
        Transports.apply();
        String mode = System.getProperty("bench.mode", "quick");
        if (mode.equals("jmh")) {
            // JMH forks a JVM with java.class.path; under exec:java the project's classes are in the plugin's class
            // loader instead, so the forks would not find them.
            System.setProperty("java.class.path", Forked.classPath());
            String benchmarks = System.getProperty("bench.jmh",
                    "io.momoko.internal.ParserBenchmark|io.momoko.internal.AcquireReleaseBenchmark");
            org.openjdk.jmh.Main.main(new String[] {benchmarks, "-prof", "gc", "-f", "1",
                "-wi", "3", "-i", "5", "-w", "1s", "-r", "1s"});
            return;
        }
        String url = System.getenv("MOMOKO_BENCH_URL");
        ConnectOptions options = url != null && !url.isBlank() ? ConnectOptions.parse(url) : TestDatabase.get().options();
        if (url == null || url.isBlank()) {
            url = options.toString();
        }
        String forkedCells = System.getProperty("bench.cells");
        if (forkedCells != null) {
            Forked.runCells(forkedCells, options, url);
            System.exit(0);
        }
        String forkedCell = System.getProperty("bench.cell");
        if (forkedCell != null) {
            Forked.runCell(forkedCell, options, url);
            System.exit(0);
        }
        if (mode.equals("bulk")) {
            System.out.println(BulkLoad.run(options));
            return;
        }
        Plan plan = Plan.of(mode);
        String serverVersion = prepareSchema(options);
        List<Sample> samples = new ArrayList<>();
        List<Cell> cells = new ArrayList<>();
        for (int poolSize : plan.poolSizes()) {
            for (Workload workload : plan.workloads()) {
                for (int concurrency : plan.concurrencies()) {
                    if (poolSize != plan.poolSizes().get(0) && concurrency != 64) {
                        continue; // the small pool is measured at one concurrency: enough to see queueing
                    }
                    cells.add(new Cell(workload, poolSize, concurrency));
                }
            }
        }
        if (Forked.enabled()) {
            measureForked(plan, options, cells, samples);
        } else {
            for (Cell cell : cells) {
                measure(plan, options, url, cell.workload(), cell.poolSize(), cell.concurrency(), 0, samples);
            }
        }
        if (plan.openRate() > 0) {
            measure(plan, options, url, Workload.PK_LOOKUP, plan.poolSizes().get(0), Plan.OPEN_CONCURRENCY,
                    plan.openRate(), samples);
        }
        String streaming = plan.streaming() ? streaming(options) : "";
        write(mode, plan, options, serverVersion, samples, streaming);
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

    /**
     * Forked rounds: in each round every system once, in a new shuffled order, each in a JVM of its own that
     * measures all of the system's cells (also shuffled); pgbench among them, cell by cell.
     */
    private static void measureForked(Plan plan, ConnectOptions options, List<Cell> cells, List<Sample> samples)
            throws Exception {
        List<String> systems = new ArrayList<>(Systems.names(plan));
        if (Pgbench.available()) {
            systems.add("pgbench");
            systems.add("pgbench-pipelined");
        }
        systems.removeIf(system -> !selected(system));
        for (int round = 1; round <= plan.rounds(); round++) {
            List<String> order = new ArrayList<>(systems);
            Collections.shuffle(order);
            for (String system : order) {
                boolean pgbench = system.startsWith("pgbench");
                List<Cell> mine = new ArrayList<>(cells.stream().filter(cell -> pgbench
                        ? Pgbench.supports(cell.workload()) : Systems.supports(system, cell.workload())).toList());
                Collections.shuffle(mine);
                List<ClosedLoop.Result> results = new ArrayList<>();
                if (pgbench) {
                    for (Cell cell : mine) {
                        results.add(new ClosedLoop.Result(Pgbench.run(options, cell.workload(), cell.poolSize(),
                                system.equals("pgbench-pipelined"), Math.min(plan.warmupSeconds(),
                                        Pgbench.WARMUP_SECONDS), plan.measureSeconds()), Double.NaN, Double.NaN, 0, 0));
                    }
                } else if (!mine.isEmpty()) {
                    results = Forked.measure(system, mine, plan);
                }
                for (int i = 0; i < mine.size(); i++) {
                    Cell cell = mine.get(i);
                    Sample sample = new Sample(cell.workload(), cell.poolSize(), cell.concurrency(), false, system,
                            round, results.get(i));
                    samples.add(sample);
                    print(sample);
                }
            }
        }
    }

    private static void print(Sample sample) {
        ClosedLoop.Result result = sample.result();
        System.out.printf(Locale.ROOT, "%-9s%s pool=%d c=%-3d round %d %-24s %10.0f ops/s p50 %6.2f ms "
                + "p99 %6.2f ms errors %d%n", sample.workload(), sample.open() ? " open" : "", sample.poolSize(),
                sample.concurrency(), sample.round(), sample.system(), result.opsPerSecond(), result.p50Millis(),
                result.p99Millis(), result.errors());
    }

    /** {@code -Dbench.only=momoko,vertx-pool} keeps just those systems (for profiling one of them). */
    private static boolean selected(String system) {
        String only = System.getProperty("bench.only");
        return only == null || only.isBlank() || java.util.Arrays.asList(only.split(",")).contains(system);
    }

    /**
     * The systems of the open-loop test, {@code -Dbench.openSystems} (default: Momoko as the starter builds it,
     * HikariCP on platform and virtual threads, and Vert.x's pipelined client): the latency target's peers.
     */
    private static boolean openLoopSystem(String system) {
        String open = System.getProperty("bench.openSystems", "momoko-default,hikari,hikari-virtual,vertx-pipelined");
        return java.util.Arrays.asList(open.split(",")).contains(system);
    }

    /** One cell: every system once per round, in a new shuffled order each round; pgbench among them. */
    private static void measure(Plan plan, ConnectOptions options, String url, Workload workload, int poolSize,
                                int concurrency, double openRate, List<Sample> samples) throws Exception {
        List<String> systems = new ArrayList<>(Systems.names(plan));
        if (openRate == 0 && Pgbench.available() && Pgbench.supports(workload)) {
            systems.add("pgbench");
            systems.add("pgbench-pipelined");
        }
        systems.removeIf(system -> !selected(system) || openRate > 0 && !openLoopSystem(system));
        for (int round = 1; round <= plan.rounds(); round++) {
            List<String> order = new ArrayList<>(systems);
            Collections.shuffle(order);
            for (String system : order) {
                ClosedLoop.Result result = measureOne(plan, options, url, system, workload, poolSize, concurrency,
                        openRate);
                if (result == null) {
                    continue;
                }
                Sample sample = new Sample(workload, poolSize, concurrency, openRate > 0, system, round, result);
                samples.add(sample);
                print(sample);
            }
        }
    }

    private static ClosedLoop.Result measureOne(Plan plan, ConnectOptions options, String url, String system,
                                                Workload workload, int poolSize, int concurrency, double openRate)
            throws Exception {
        if (system.startsWith("pgbench")) {
            double ops = Pgbench.run(options, workload, poolSize, system.equals("pgbench-pipelined"),
                    plan.warmupSeconds(), plan.measureSeconds());
            return new ClosedLoop.Result(ops, Double.NaN, Double.NaN, 0, 0);
        }
        if (!Systems.supports(system, workload)) {
            return null;
        }
        if (Forked.enabled()) {
            return Forked.measure(system, workload, poolSize, concurrency, openRate, plan);
        }
        try (Target target = Systems.create(system, options, url, poolSize, concurrency)) {
            return openRate > 0
                    ? OpenLoop.run(target, workload, concurrency, openRate, plan.warmupSeconds(), plan.measureSeconds())
                    : ClosedLoop.run(target, workload, concurrency, plan.warmupSeconds(), plan.measureSeconds());
        }
    }

    /** Streams a million rows through Momoko: rows per second and the peak of retained heap. */
    private static String streaming(ConnectOptions options) {
        Pool pool = Pool.builder().name("stream").connectOptions(options).size(1).build();
        pool.connect().join();
        try {
            // The runner's JVM has run no Momoko code of its own when the systems ran forked: three passes warm
            // its JIT, the last is reported.
            streamOnce(pool);
            streamOnce(pool);
            return streamOnce(pool);
        } finally {
            pool.close().join();
        }
    }

    private static String streamOnce(Pool pool) {
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
    }

    /** The per-round ratios {@code value(system) ÷ value(peer)} over the rounds both ran. */
    private static List<Double> ratios(List<Sample> cell, String system, String peer,
                                       java.util.function.ToDoubleFunction<ClosedLoop.Result> value) {
        List<Double> ratios = new ArrayList<>();
        for (Sample theirs : cell) {
            if (!theirs.system().equals(peer)) {
                continue;
            }
            for (Sample ours : cell) {
                if (ours.system().equals(system) && ours.round() == theirs.round()) {
                    ratios.add(value.applyAsDouble(ours.result()) / value.applyAsDouble(theirs.result()));
                }
            }
        }
        return ratios;
    }

    private static final List<String> OURS = List.of("momoko-default", "momoko", "momoko-pipelined");

    private static void write(String mode, Plan plan, ConnectOptions options, String serverVersion,
                              List<Sample> samples, String streaming) throws Exception {
        Path directory = Path.of(System.getProperty("bench.results", "momoko-benchmarks/results"));
        Files.createDirectories(directory);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        StringBuilder csv = new StringBuilder("workload,pool_size,concurrency,loop,system,round,ops_per_s,p50_ms,p99_ms,"
                + "operations,errors\n");
        for (Sample s : samples) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%s,%d,%.1f,%.3f,%.3f,%d,%d%n", s.workload(),
                    s.poolSize(), s.concurrency(), s.open() ? "open" : "closed", s.system(), s.round(),
                    s.result().opsPerSecond(), s.result().p50Millis(), s.result().p99Millis(), s.result().operations(),
                    s.result().errors()));
        }
        StringBuilder md = new StringBuilder("# Benchmark run " + stamp + " (" + mode + ")\n\n");
        md.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append('\n')
                .append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append('\n')
                .append("- PostgreSQL: ").append(serverVersion).append(" at ").append(options.host()).append(':')
                .append(options.port()).append('\n')
                .append(String.format(Locale.ROOT, "- %d rounds, systems shuffled per round; %.1f s warm-up then a %.1f s "
                        + "window read while the load continues; transport %s; %s%n", plan.rounds(),
                        plan.warmupSeconds(), plan.measureSeconds(), Transports.nativeTransport() ? "native epoll" : "NIO",
                        Forked.enabled() ? "a JVM per system and round (" + String.join(" ", Forked.JVM_FLAGS)
                                + ") measuring all the system's cells in a shuffled order, the warm-up before the first, "
                                + Forked.SETTLE_SECONDS + " s of load before each later one; open loop: a JVM per cell"
                                : "one JVM (" + ManagementFactory.getRuntimeMXBean().getInputArguments() + ")"))
                .append("- pgbench: -M prepared, as many clients as the pools' connections, warmed up (forked rounds: ")
                .append(Math.min(plan.warmupSeconds(), Pgbench.WARMUP_SECONDS)).append(" s); ")
                .append("pgbench-pipelined: ").append(Pgbench.PIPELINE).append(" statements per \\startpipeline\n\n");
        md.append("ops/s: true median over rounds [95% interval of the median by order statistics; its confidence when ")
                .append("fewer rounds allow less]; p50/p99: median over rounds; failed operations and wrong row counts ")
                .append("are errors, not throughput. Ratios: ours ÷ the row's system, paired per round, median [interval].")
                .append(" Open loop: operations started at a fixed rate, latency from the intended start; its ratios are ")
                .append("of p99 (ours ÷ theirs, lower is better).\n\n");
        md.append("| workload | pool | conc | loop | system | ops/s | p50 | p99 | errors | momoko-default ÷ | momoko ÷ | "
                + "momoko-pipelined ÷ |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        Map<String, List<Sample>> cells = new LinkedHashMap<>();
        for (Sample s : samples) {
            cells.computeIfAbsent(s.cell(), key -> new ArrayList<>()).add(s);
        }
        for (List<Sample> cell : cells.values()) {
            Map<String, List<Sample>> bySystem = new LinkedHashMap<>();
            for (Sample s : cell) {
                bySystem.computeIfAbsent(s.system(), key -> new ArrayList<>()).add(s);
            }
            for (Map.Entry<String, List<Sample>> system : bySystem.entrySet()) {
                List<Sample> rounds = system.getValue();
                Sample first = rounds.get(0);
                List<Double> ops = rounds.stream().map(s -> s.result().opsPerSecond()).toList();
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %.2f | %.2f | %d |",
                        first.workload(), first.poolSize(), first.concurrency(), first.open() ? "open" : "closed",
                        system.getKey(), Stats.withInterval(ops, "%.0f"),
                        Stats.median(rounds.stream().map(s -> s.result().p50Millis()).toList()),
                        Stats.median(rounds.stream().map(s -> s.result().p99Millis()).toList()),
                        rounds.stream().mapToLong(s -> s.result().errors()).sum()));
                for (String ours : OURS) {
                    row.append(' ').append(first.open()
                            ? Stats.withInterval(ratios(cell, ours, system.getKey(), ClosedLoop.Result::p99Millis), "%.2f")
                            : Stats.withInterval(ratios(cell, ours, system.getKey(), ClosedLoop.Result::opsPerSecond), "%.2f"))
                            .append(" |");
                }
                md.append(row).append('\n');
            }
        }
        md.append('\n').append(streaming);
        md.append("\nsink ").append(Sink.value()).append('\n');
        Files.writeString(directory.resolve("bench-" + stamp + ".csv"), csv);
        Files.writeString(directory.resolve("bench-" + stamp + ".md"), md);
        System.out.println(md);
        System.out.println("Written to " + directory.toAbsolutePath() + "/bench-" + stamp + ".{md,csv}");
    }
}
