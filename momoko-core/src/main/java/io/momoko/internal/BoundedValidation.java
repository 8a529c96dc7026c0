package io.momoko.internal;

import java.util.concurrent.CompletableFuture;

/**
 * The validation round trip of an idle connection, bounded (HikariCP's validationTimeout): a connection
 * whose peer went silent fails validation within the bound instead of holding its request for ever.
 */
final class BoundedValidation {

    /** The longest a validation round trip may take, as HikariCP's default validationTimeout. */
    static final long MAX_MILLIS = 5_000;

    private BoundedValidation() {
    }

    /**
     * Validates within {@code min(MAX_MILLIS, acquireTimeoutMillis)}, on the pool's context.
     *
     * @return completes normally when the connection answered in time
     */
    static CompletableFuture<Void> validate(Connector connector, PoolConnection connection, PoolContext context,
                                            long acquireTimeoutMillis) {
        CompletableFuture<Void> validation = new CompletableFuture<>();
        long bound = Math.min(MAX_MILLIS, acquireTimeoutMillis);
        long timer = context.setTimer(bound, () -> validation.completeExceptionally(new IllegalStateException(
                "no answer to the validation query within " + bound + " ms")));
        connector.validate(connection).whenComplete((ignored, error) -> context.execute(() -> {
            context.cancelTimer(timer);
            if (error == null) {
                validation.complete(null);
            } else {
                validation.completeExceptionally(error);
            }
        }));
        return validation;
    }
}
