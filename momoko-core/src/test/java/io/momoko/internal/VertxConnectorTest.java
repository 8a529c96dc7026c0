package io.momoko.internal;

import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** The real connector's switch to unnamed statements (a pooler lost the pool's prepared statements). */
@ExtendWith(TestDatabaseExtension.class)
class VertxConnectorTest {

    private static long preparedAfterOneBoundStatement(PoolConnection connection) {
        result(connection.execute("SELECT %s::int", 1));
        return result(connection.execute("SELECT count(*) FROM pg_prepared_statements")).fetchOne().get(0, Long.class);
    }

    @Test
    void aConnectionBeingOpenedWhenThePoolSwitchesComesWithoutCachedStatements(TestDatabase db) {
        Vertx vertx = SharedVertx.acquire();
        try {
            VertxConnector connector = new VertxConnector(db.options(), vertx, List.of(), null, 256);
            PoolConnection before = result(connector.open());
            assertThat(preparedAfterOneBoundStatement(before)).as("cached before the switch").isPositive();
            result(before.close());

            CompletableFuture<PoolConnection> opening = connector.open();
            assertThat(connector.switchToUnnamedStatements()).isTrue();
            assertThat(connector.switchToUnnamedStatements()).as("only the first call switches").isFalse();
            PoolConnection across = result(opening);
            assertThat(preparedAfterOneBoundStatement(across)).as("opened across the switch").isZero();
            result(across.close());
        } finally {
            SharedVertx.release(vertx);
        }
    }
}
