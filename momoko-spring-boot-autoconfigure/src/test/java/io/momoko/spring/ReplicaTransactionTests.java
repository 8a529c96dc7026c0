package io.momoko.spring;

import io.momoko.Pool;
import io.momoko.ReplicaPolicy;
import io.momoko.ServerStatus;
import io.momoko.test.Await;
import io.momoko.test.ReplicatedCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-only transactions on a standby ({@code readOnlyOnReplicas}), both managers, on real streaming replication:
 * {@code @Transactional(readOnly = true)} work runs on the standby, the rest on the primary, and every connection
 * goes back to the pool it came from.
 */
class ReplicaTransactionTests {

    private static ReplicatedCluster cluster;
    private static Pool pool;

    @BeforeAll
    static void setUp() {
        cluster = ReplicatedCluster.start(false);
        pool = result(Pool.builder().url(ReplicatedCluster.url(cluster.primaryServer() + "," + cluster.standbyServer(),
                        "target_session_attrs=read-write")).size(1).maxSize(4)
                .replicaPolicy(ReplicaPolicy.DEFAULT.withCheckInterval(Duration.ofMillis(200))).build().connect());
        Await.until("the standby is readable", () -> pool.servers().stream()
                .anyMatch(server -> server.role() == ServerStatus.Role.STANDBY && server.readable()));
    }

    @AfterAll
    static void tearDown() {
        if (pool != null) {
            result(pool.close());
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static DefaultTransactionDefinition readOnly(boolean readOnly) {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setReadOnly(readOnly);
        return definition;
    }

    private static String where() {
        return Boolean.TRUE.equals(pool.blocking().execute("SELECT pg_is_in_recovery()").fetchOne().get(0))
                ? "standby" : "primary";
    }

    @Test
    void blockingManagerRunsReadOnlyTransactionsOnTheStandby() {
        MomokoTransactionManager manager = new MomokoTransactionManager(pool);
        manager.setReadOnlyOnReplicas(true);
        String readOnly = new TransactionTemplate(manager, readOnly(true)).execute(status -> where());
        String readWrite = new TransactionTemplate(manager, readOnly(false)).execute(status -> where());
        assertThat(readOnly).isEqualTo("standby");
        assertThat(readWrite).isEqualTo("primary");
        assertThat(pool.stats().busy()).as("connections given back").isZero();

        MomokoTransactionManager plain = new MomokoTransactionManager(pool);
        String byDefault = new TransactionTemplate(plain, readOnly(true)).execute(status -> where());
        assertThat(byDefault).as("off by default").isEqualTo("primary");
    }

    @Test
    void reactiveManagerRunsReadOnlyTransactionsOnTheStandby() {
        MomokoReactiveTransactionManager manager = new MomokoReactiveTransactionManager(pool);
        manager.setReadOnlyOnReplicas(true);
        MomokoClient client = MomokoClient.create(pool);
        String readOnly = TransactionalOperator.create(manager, readOnly(true)).transactional(
                client.execute("SELECT pg_is_in_recovery()").map(cursor -> cursor.fetchOne().get(0).toString()))
                .block(Duration.ofSeconds(30));
        String readWrite = TransactionalOperator.create(manager, readOnly(false)).transactional(
                client.execute("SELECT pg_is_in_recovery()").map(cursor -> cursor.fetchOne().get(0).toString()))
                .block(Duration.ofSeconds(30));
        assertThat(readOnly).isEqualTo("true");
        assertThat(readWrite).isEqualTo("false");
        Await.until("connections given back", () -> pool.stats().busy() == 0);
    }
}
