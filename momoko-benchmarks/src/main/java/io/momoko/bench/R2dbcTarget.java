package io.momoko.bench;

import io.momoko.ConnectOptions;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.concurrent.CompletionStage;

/** r2dbc-pool with r2dbc-postgresql, the reactive peer. */
final class R2dbcTarget implements Target {

    private final ConnectionPool pool;

    R2dbcTarget(ConnectOptions options, int size) {
        PostgresqlConnectionConfiguration.Builder configuration = PostgresqlConnectionConfiguration.builder()
                .host(options.host()).port(options.port()).database(options.database()).username(options.user());
        if (options.password() != null) {
            configuration.password(options.password());
        }
        this.pool = new ConnectionPool(ConnectionPoolConfiguration
                .builder(new PostgresqlConnectionFactory(configuration.build()))
                .initialSize(size).maxSize(size).build());
        pool.warmup().block();
    }

    @Override
    public String name() {
        return "r2dbc-pool";
    }

    @Override
    public CompletionStage<Integer> run(Workload workload, int key) {
        Mono<Integer> operation;
        switch (workload) {
            case FANOUT_3:
                operation = Mono.zip(query(Workload.PK_LOOKUP, key), query(Workload.PK_LOOKUP, Workload.fanoutKey(key, 1)),
                        query(Workload.PK_LOOKUP, Workload.fanoutKey(key, 2)))
                        .map(rows -> rows.getT1() + rows.getT2() + rows.getT3());
                break;
            case WRITE_TX:
                operation = Mono.usingWhen(pool.create(), connection -> Mono.from(connection.beginTransaction())
                                .then(Mono.from(connection.createStatement(workload.sql).bind("$1", key).execute())
                                        .flatMap(result -> Mono.from(result.getRowsUpdated())))
                                .flatMap(updated -> Mono.from(connection.commitTransaction())
                                        .then(Mono.just(updated.intValue()))),
                        Connection::close);
                break;
            default:
                operation = query(workload, key);
        }
        return operation.toFuture();
    }

    private Mono<Integer> query(Workload workload, int key) {
        return Mono.usingWhen(pool.create(), connection -> {
            var statement = connection.createStatement(workload.sql);
            if (workload != Workload.SELECT_1) {
                statement.bind("$1", key);
            }
            return Flux.from(statement.execute()).flatMap(result -> result.map((row, meta) -> {
                int columns = meta.getColumnMetadatas().size();
                for (int i = 0; i < columns; i++) {
                    Sink.consume(row.get(i));
                }
                return 1;
            })).count().map(Long::intValue);
        }, Connection::close);
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
