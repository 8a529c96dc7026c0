package io.momoko.bench;

import io.momoko.ConnectOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code pgbench -M prepared} with the same statements, as the ceiling measured from outside the JVM. */
final class Pgbench {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

    private Pgbench() {
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/pgbench"));
    }

    static boolean supports(Workload workload) {
        return workload == Workload.SELECT_1 || workload == Workload.PK_LOOKUP || workload == Workload.FETCH_20;
    }

    /**
     * pgbench opens one server connection per client; above this the default {@code max_connections} (100)
     * would refuse it, so concurrency 256 is measured with 64 clients.
     */
    static final int MAX_CLIENTS = 64;

    /** Transactions per second, or NaN when pgbench failed. */
    static double run(ConnectOptions options, Workload workload, int concurrency, double seconds) throws Exception {
        int clients = Math.min(concurrency, MAX_CLIENTS);
        Path script = Files.createTempFile("momoko-pgbench", ".sql");
        String sql = workload.sql.replace("$1", ":key");
        Files.writeString(script, (workload == Workload.SELECT_1 ? "" : "\\set key random(1, " + Workload.ROWS + ")\n")
                + sql + ";\n");
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
        Files.deleteIfExists(script);
        Matcher tps = TPS.matcher(output);
        return tps.find() ? Double.parseDouble(tps.group(1)) : Double.NaN;
    }
}
