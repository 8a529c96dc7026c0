package io.momoko.spring;

import io.momoko.Connection;
import io.momoko.ConnectionBinding;
import io.momoko.Pool;
import reactor.core.publisher.Mono;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Futures of a transaction's connection as {@link Mono}s whose signals are delivered with that connection bound
 * to the delivering thread ({@link ConnectionBinding}). The code downstream of a transactional statement runs
 * inside that delivery (on the pool's event loop), so a plain {@code pool.execute(...)} written there is seen
 * by the pool's safety net and warned about: the Reactor context itself is out of the core's reach.
 */
final class BoundSignals {

    private BoundSignals() {
    }

    /**
     * Starts the future at subscription; cancelling the subscription cancels it (the core then withdraws the
     * request or cancels the running statement on the server).
     */
    static <T> Mono<T> fromFuture(Pool pool, Connection connection, Supplier<? extends CompletableFuture<T>> start) {
        return Mono.create(sink -> {
            CompletableFuture<T> future;
            try {
                future = start.get();
            } catch (RuntimeException e) {
                sink.error(e);
                return;
            }
            sink.onCancel(() -> future.cancel(true));
            future.whenComplete((value, error) -> {
                ConnectionBinding.Binding binding = ConnectionBinding.bind(pool, connection);
                try {
                    if (error != null) {
                        sink.error(unwrap(error));
                    } else {
                        sink.success(value);
                    }
                } finally {
                    binding.close();
                }
            });
        });
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
