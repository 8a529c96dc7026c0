package io.momoko.bench;

import java.util.Arrays;
import java.util.List;

/**
 * A run's shape. Each mode has defaults; {@code -Dbench.rounds}, {@code -Dbench.warmup} and {@code -Dbench.seconds}
 * (per system and round), {@code -Dbench.workloads}, {@code -Dbench.concurrency}, {@code -Dbench.poolSizes} (the first at every
 * concurrency, the others at 64), {@code -Dbench.vertxDepths},
 * {@code -Dbench.openRate} (operations per second of the open loop, 0 for none) override them.
 */
record Plan(List<Workload> workloads, List<Integer> concurrencies, List<Integer> poolSizes, int rounds,
            double warmupSeconds, double measureSeconds, boolean streaming, List<Integer> vertxDepths,
            double openRate) {

    /** The concurrency and workload of the open-loop latency test: the p99 cell. */
    static final int OPEN_CONCURRENCY = 256;

    static Plan of(String mode) {
        Plan plan = switch (mode) {
            // Every workload once, briefly: checks that every system runs every workload without errors.
            case "smoke" -> new Plan(List.of(Workload.values()), List.of(8), List.of(8), 1, 0.3, 0.5, false,
                    List.of(16), 2000);
            case "full" -> new Plan(List.of(Workload.values()), List.of(1, 8, 64, 256), List.of(8, 2), 7, 10, 5,
                    true, List.of(1, 4, 16, 64, 256), 10_000);
            default -> new Plan(List.of(Workload.SELECT_1, Workload.PK_LOOKUP, Workload.FETCH_20), List.of(8, 64),
                    List.of(8), 3, 2, 3, true, List.of(16), 0);
        };
        return new Plan(
                list("bench.workloads", plan.workloads, Workload::valueOf),
                list("bench.concurrency", plan.concurrencies, Integer::valueOf),
                list("bench.poolSizes", plan.poolSizes, Integer::valueOf),
                Integer.getInteger("bench.rounds", plan.rounds),
                doubleProperty("bench.warmup", plan.warmupSeconds),
                doubleProperty("bench.seconds", plan.measureSeconds),
                Boolean.parseBoolean(System.getProperty("bench.streaming", String.valueOf(plan.streaming))),
                list("bench.vertxDepths", plan.vertxDepths, Integer::valueOf),
                doubleProperty("bench.openRate", plan.openRate));
    }

    private static double doubleProperty(String name, double fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : Double.parseDouble(value);
    }

    private static <T> List<T> list(String name, List<T> fallback, java.util.function.Function<String, T> parse) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback
                : Arrays.stream(value.split(",")).map(String::trim).map(parse).toList();
    }
}
