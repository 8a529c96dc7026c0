package io.momoko.bench;

import java.io.File;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code -Dbench.fork=true}: each system's round in a JVM of its own, with a fixed heap and collector
 * ({@link #JVM_FLAGS}, recorded in the results), so no system inherits another's JIT profile, garbage or
 * threads. The child runs {@link BenchmarkMain} with {@code -Dbench.cells=...} (every closed-loop cell of the
 * round, in a shuffled order) or {@code -Dbench.cell=...} (the open loop) and prints a result line per cell.
 *
 * <p>One JVM measures all of a system's cells in a round: the full warm-up is paid once, before the first
 * cell, and each later cell (a new pool at its own concurrency) gets {@link #SETTLE_SECONDS} of load before its
 * window. A JVM per cell would pay the 10 s warm-up for every cell of every round, hours on this machine.
 */
final class Forked {

    static final List<String> JVM_FLAGS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC");
    private static final String PREFIX = "CELL-RESULT ";
    /** Load before the window of every cell after a round's first, when the JIT is already warm. */
    static final double SETTLE_SECONDS = 2;

    private Forked() {
    }

    static boolean enabled() {
        return Boolean.getBoolean("bench.fork");
    }

    /** Measures one cell in a new JVM. */
    static ClosedLoop.Result measure(String system, Workload workload, int poolSize, int concurrency, double rate,
                                     Plan plan) throws Exception {
        return run(system, String.format(Locale.ROOT, "-Dbench.cell=%s,%s,%d,%d,%s,%s,%s", system, workload, poolSize,
                concurrency, rate, plan.warmupSeconds(), plan.measureSeconds()), 1).get(0);
    }

    /** Measures a system's closed-loop cells, in the order given, in one new JVM; a result per cell. */
    static List<ClosedLoop.Result> measure(String system, List<Cell> cells, Plan plan) throws Exception {
        StringBuilder encoded = new StringBuilder();
        for (Cell cell : cells) {
            encoded.append(encoded.isEmpty() ? "" : ";").append(cell.encode());
        }
        return run(system, String.format(Locale.ROOT, "-Dbench.cells=%s;%s;%s;%s", system, plan.warmupSeconds(),
                plan.measureSeconds(), encoded), cells.size());
    }

    private static List<ClosedLoop.Result> run(String system, String what, int cells) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(classPath());
        for (String property : List.of("bench.native", "bench.seconds", "bench.warmup")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("momoko."))
                .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        command.add(what);
        command.add(BenchmarkMain.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor(10, TimeUnit.MINUTES);
        List<ClosedLoop.Result> results = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith(PREFIX)) {
                String[] f = line.substring(PREFIX.length()).trim().split(" ");
                results.add(new ClosedLoop.Result(Double.parseDouble(f[0]), Double.parseDouble(f[1]),
                        Double.parseDouble(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])));
            }
        }
        if (results.size() != cells) {
            throw new IllegalStateException("the forked JVM for " + system + " printed " + results.size() + " of "
                    + cells + " results:\n" + output);
        }
        return results;
    }

    /** The child's side: measures the cell {@code -Dbench.cell} names and prints its result line. */
    static void runCell(String cell, io.momoko.ConnectOptions options, String url) throws Exception {
        String[] f = cell.split(",");
        Workload workload = Workload.valueOf(f[1]);
        int poolSize = Integer.parseInt(f[2]);
        int concurrency = Integer.parseInt(f[3]);
        double rate = Double.parseDouble(f[4]);
        double warmup = Double.parseDouble(f[5]);
        double seconds = Double.parseDouble(f[6]);
        ClosedLoop.Result result;
        try (Target target = Systems.create(f[0], options, url, poolSize, concurrency)) {
            result = rate > 0 ? OpenLoop.run(target, workload, concurrency, rate, warmup, seconds)
                    : ClosedLoop.run(target, workload, concurrency, warmup, seconds);
        }
        print(result);
        System.out.println("sink " + Sink.value());
    }

    /** The child's side of {@link #measure(String, List, Plan)}: each cell in turn, a result line each. */
    static void runCells(String cells, io.momoko.ConnectOptions options, String url) throws Exception {
        String[] f = cells.split(";");
        String system = f[0];
        double warmup = Double.parseDouble(f[1]);
        double seconds = Double.parseDouble(f[2]);
        for (int i = 3; i < f.length; i++) {
            Cell cell = Cell.decode(f[i]);
            try (Target target = Systems.create(system, options, url, cell.poolSize(), cell.concurrency())) {
                print(ClosedLoop.run(target, cell.workload(), cell.concurrency(), i == 3 ? warmup : SETTLE_SECONDS,
                        seconds));
            }
        }
        System.out.println("sink " + Sink.value());
    }

    private static void print(ClosedLoop.Result result) {
        System.out.printf(Locale.ROOT, PREFIX + "%f %f %f %d %d%n", result.opsPerSecond(), result.p50Millis(),
                result.p99Millis(), result.operations(), result.errors());
    }

    /** The class path of this JVM, including what exec:java's class loader adds. */
    static String classPath() throws Exception {
        List<String> entries = new ArrayList<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader instanceof URLClassLoader urls) {
            for (java.net.URL url : urls.getURLs()) {
                entries.add(Path.of(url.toURI()).toString());
            }
        }
        entries.add(System.getProperty("java.class.path"));
        return String.join(File.pathSeparator, entries);
    }
}
