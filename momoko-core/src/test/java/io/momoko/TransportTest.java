package io.momoko;

import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import io.momoko.test.TestPools;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both transports: native epoll, which the pool's own Vert.x prefers when netty-transport-native-epoll is on the
 * class path (it is in these tests), and NIO, on an application's Vert.x instance without it. Pipelined
 * statements sent from inside answers (what the flush coalescing holds until the read ends) are answered on both.
 */
@ExtendWith(TestDatabaseExtension.class)
class TransportTest {

    private static boolean nativeTransport(Pool pool) {
        Connection connection = result(pool.getConn());
        try {
            return connection.unwrap(Vertx.class).isNativeTransportEnabled();
        } finally {
            result(pool.putConn(connection));
        }
    }

    /** 20 chains of 50 statements, each sent from the completion of the one before. */
    private static void chainsAnswer(Pool pool) {
        for (int i = 1; i <= 5; i++) {
            result(pool.execute("SELECT %s::int", i));
        }
        List<CompletableFuture<Integer>> chains = new ArrayList<>();
        for (int chain = 0; chain < 20; chain++) {
            CompletableFuture<Integer> next = CompletableFuture.completedFuture(0);
            for (int i = 0; i < 50; i++) {
                next = next.thenCompose(sum -> pool.execute("SELECT %s::int", 1)
                        .thenApply(cursor -> sum + (Integer) cursor.fetchOne().get(0)));
            }
            chains.add(next);
        }
        for (CompletableFuture<Integer> chain : chains) {
            assertThat(result(chain)).isEqualTo(50);
        }
    }

    @Test
    void thePoolsOwnVertxUsesNativeEpollWhenItIsOnTheClassPath(TestDatabase db) {
        Pool pool = result(TestPools.builder("transport", db.options()).size(2).maxSize(2).build().connect());
        try {
            assertThat(nativeTransport(pool)).isTrue();
            chainsAnswer(pool);
        } finally {
            result(pool.close());
        }
    }

    @Test
    void anApplicationsNioVertxWorksTheSame(TestDatabase db) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
        try {
            Pool pool = result(TestPools.builder("transport", db.options()).size(2).maxSize(2).vertx(vertx).build()
                    .connect());
            try {
                assertThat(nativeTransport(pool)).isFalse();
                chainsAnswer(pool);
            } finally {
                result(pool.close());
            }
        } finally {
            result(vertx.close().toCompletionStage());
        }
    }
}
