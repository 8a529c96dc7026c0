package io.momoko.bench;

import io.momoko.ConnectOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pgbench -M prepared} with the same statements, the reference measured from outside the JVM: as many
 * clients (server connections) as the pools have, warmed up first, and run inside the shuffled order like any
 * other system. {@code pgbench-pipelined} sends {@value #PIPELINE} statements per {@code \startpipeline} block,
 * the reference for the pipelined systems.
 */
final class Pgbench {

    static final int PIPELINE = 16;
    /**
     * pgbench's warm-up in forked rounds: pgbench is C (no JIT to warm), so this only lets its backends start
     * and cache their plans; the JVM systems' 10 s is for the JIT.
     */
    static final double WARMUP_SECONDS = 3;
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

    private Pgbench() {
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/pgbench"));
    }

    static boolean supports(Workload workload) {
        return workload == Workload.SELECT_1 || workload == Workload.PK_LOOKUP || workload == Workload.FETCH_20;
    }

    /** Statements per second, or NaN when pgbench failed: a warm-up run, then the measured one. */
    static double run(ConnectOptions options, Workload workload, int clients, boolean pipelined, double warmupSeconds,
                      double seconds) throws Exception {
        Path script = Files.createTempFile("momoko-pgbench", ".sql");
        try {
            Files.writeString(script, script(workload, pipelined));
            once(options, script, clients, warmupSeconds);
            double tps = once(options, script, clients, seconds);
            return pipelined ? tps * PIPELINE : tps;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static String script(Workload workload, boolean pipelined) {
        int statements = pipelined ? PIPELINE : 1;
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < statements && workload != Workload.SELECT_1; i++) {
            script.append("\\set key").append(i).append(" random(1, ").append(Workload.ROWS - 20).append(")\n");
        }
        if (pipelined) {
            script.append("\\startpipeline\n");
        }
        for (int i = 0; i < statements; i++) {
            script.append(workload.sql.replace("$1", ":key" + i)).append(";\n");
        }
        if (pipelined) {
            script.append("\\endpipeline\n");
        }
        return script.toString();
    }

    private static double once(ConnectOptions options, Path script, int clients, double seconds) throws Exception {
        List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-M", "prepared", "-c", String.valueOf(clients),
                "-j", String.valueOf(Math.min(clients, Runtime.getRuntime().availableProcessors())),
                "-T", String.valueOf(Math.max(1, Math.round(seconds))), "-f", script.toString(),
                "-h", options.host(), "-p", String.valueOf(options.port()), "-U", options.user(), options.database()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (options.password() != null) {
            builder.environment().put("PGPASSWORD", options.password());
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor((long) seconds + 60, TimeUnit.SECONDS);
        Matcher tps = TPS.matcher(output);
        return tps.find() ? Double.parseDouble(tps.group(1)) : Double.NaN;
    }
}
