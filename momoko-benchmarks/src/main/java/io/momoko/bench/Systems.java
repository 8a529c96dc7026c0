package io.momoko.bench;

import io.momoko.ConnectOptions;

import java.util.ArrayList;
import java.util.List;

/** The systems of a run, by name, so that a forked JVM can build the one it measures from its name alone. */
final class Systems {

    private Systems() {
    }

    /** Every system of a run (pgbench, which runs outside the JVM, is added by the caller). */
    static List<String> names(Plan plan) {
        List<String> names = new ArrayList<>(List.of("momoko-default", "momoko", "momoko-pipelined", "vertx-pool"));
        for (int depth : plan.vertxDepths()) {
            names.add(depth == 16 ? "vertx-pipelined" : "vertx-pipelined-" + depth);
        }
        names.add("hikari");
        if (Threads.virtualAvailable()) {
            names.add("hikari-virtual");
            names.add("momoko-blocking-virtual");
        }
        names.add("r2dbc-pool");
        names.add("momoko-2-loops");
        return names;
    }

    /**
     * Vert.x's pipelined client has no transactions ({@code withTransaction} is the pool's); the two-loop
     * experiment runs single statements only.
     */
    static boolean supports(String name, Workload workload) {
        if (name.equals("momoko-2-loops")) {
            return workload == Workload.SELECT_1 || workload == Workload.PK_LOOKUP || workload == Workload.FETCH_20;
        }
        return !(name.startsWith("vertx-pipelined") && workload == Workload.WRITE_TX);
    }

    static Target create(String name, ConnectOptions options, String url, int poolSize, int concurrency) {
        if (name.startsWith("vertx-pipelined")) {
            int depth = name.equals("vertx-pipelined") ? 16 : Integer.parseInt(name.substring("vertx-pipelined-".length()));
            return new VertxTarget(options, poolSize, depth);
        }
        return switch (name) {
            case "momoko-default" -> MomokoTarget.starter(url, poolSize);
            case "momoko" -> MomokoTarget.built(options, poolSize, 1);
            case "momoko-pipelined" -> MomokoTarget.built(options, poolSize, 16);
            case "momoko-2-loops" -> new MomokoTwoLoopsTarget(options, poolSize);
            case "vertx-pool" -> new VertxTarget(options, poolSize, 0);
            case "hikari" -> HikariTarget.platform(options, poolSize, concurrency);
            case "hikari-virtual" -> HikariTarget.virtual(options, poolSize, concurrency);
            case "momoko-blocking-virtual" -> new MomokoBlockingTarget(options, poolSize);
            case "r2dbc-pool" -> new R2dbcTarget(options, poolSize);
            default -> throw new IllegalArgumentException("unknown system " + name);
        };
    }
}
