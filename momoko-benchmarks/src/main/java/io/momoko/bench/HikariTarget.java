package io.momoko.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.momoko.ConnectOptions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * HikariCP with pgjdbc, the blocking way: each operation occupies a thread, a platform thread from a pool
 * as large as the concurrency, or a virtual thread (JDK 21 and newer).
 */
final class HikariTarget implements Target {

    private final String name;
    private final HikariDataSource dataSource;
    private final ExecutorService threads;

    private HikariTarget(String name, ConnectOptions options, int size, ExecutorService threads) {
        this.name = name;
        this.threads = threads;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://" + options.host() + ":" + options.port() + "/" + options.database()
                + "?sslmode=disable");
        config.setUsername(options.user());
        if (options.password() != null) {
            config.setPassword(options.password());
        }
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setPoolName(name);
        this.dataSource = new HikariDataSource(config);
    }

    static HikariTarget platform(ConnectOptions options, int size, int concurrency) {
        return new HikariTarget("hikari", options, size, Executors.newFixedThreadPool(concurrency));
    }

    /** Virtual threads, or {@code null} on a JDK without them (this module compiles for 17). */
    static HikariTarget virtual(ConnectOptions options, int size) {
        try {
            ExecutorService threads = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
                    .invoke(null);
            return new HikariTarget("hikari-virtual", options, size, threads);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<?> run(Workload workload, int key) {
        if (workload == Workload.FANOUT_3) {
            return CompletableFuture.allOf(call(Workload.PK_LOOKUP, key), call(Workload.PK_LOOKUP, key % Workload.ROWS + 1),
                    call(Workload.PK_LOOKUP, (key + 7) % Workload.ROWS + 1));
        }
        return call(workload, key);
    }

    private CompletableFuture<Integer> call(Workload workload, int key) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return execute(connection, workload, key);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
    }

    private static int execute(Connection connection, Workload workload, int key) throws SQLException {
        if (workload == Workload.WRITE_TX) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(workload.sql.replace("$1", "?"))) {
                statement.setInt(1, key);
                int updated = statement.executeUpdate();
                connection.commit();
                return updated;
            } finally {
                connection.setAutoCommit(true);
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(workload.sql.replace("$1", "?"))) {
            if (workload != Workload.SELECT_1) {
                statement.setInt(1, key);
            }
            int rows = 0;
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows++;
                }
            }
            return rows;
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
        dataSource.close();
    }
}
