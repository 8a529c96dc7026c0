package io.momoko.internal;

import io.momoko.ConnectException;
import io.momoko.ConnectOptions;
import io.momoko.ServerAddress;
import io.momoko.TargetSessionAttrs;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Opening a connection when the connection string names several servers or a {@code target_session_attrs}, as
 * libpq does: each server in turn (shuffled with {@code load_balance_hosts=random}), each with its own connect
 * timeout; a server that accepts is asked what it is and kept only if it fits; {@code prefer-standby} makes a
 * second pass accepting any server. When none fits, the error names every server tried and why.
 */
final class ServerSelection {

    private final ConnectOptions options;
    private final Vertx sharedVertx;
    private final int statementCacheSize;
    private final CompletableFuture<? super VertxConnection> result;
    private final List<ServerAddress> order;
    private final List<String> reasons = new ArrayList<>();
    /** Whether some server accepted a connection (and was then found not to fit). */
    private boolean anyAnswered;

    private ServerSelection(ConnectOptions options, Vertx sharedVertx, int statementCacheSize,
                            CompletableFuture<? super VertxConnection> result) {
        this.options = options;
        this.sharedVertx = sharedVertx;
        this.statementCacheSize = statementCacheSize;
        this.result = result;
        this.order = new ArrayList<>(options.servers());
        if (options.loadBalanceHosts()) {
            Collections.shuffle(order);
        }
    }

    /**
     * Opens a connection to the first server that accepts and fits.
     *
     * @param result completed with the connection, or a {@link ConnectException} naming every server tried
     */
    static void open(ConnectOptions options, Vertx sharedVertx, int statementCacheSize,
                     CompletableFuture<? super VertxConnection> result) {
        TargetSessionAttrs wanted = options.targetSessionAttrs();
        new ServerSelection(options, sharedVertx, statementCacheSize, result)
                .attempt(0, wanted == TargetSessionAttrs.PREFER_STANDBY ? TargetSessionAttrs.STANDBY : wanted);
    }

    private void attempt(int index, TargetSessionAttrs wanted) {
        if (result.isDone()) {
            return;
        }
        if (index == order.size()) {
            if (options.targetSessionAttrs() == TargetSessionAttrs.PREFER_STANDBY && wanted == TargetSessionAttrs.STANDBY) {
                reasons.add("no standby: trying any server");
                attempt(0, TargetSessionAttrs.ANY);
                return;
            }
            String message = "Cannot connect to " + options + ": no server fits"
                    + (options.targetSessionAttrs() == TargetSessionAttrs.ANY ? ""
                            : " target_session_attrs=" + options.targetSessionAttrs().dsnValue())
                    + " (" + String.join("; ", reasons) + ")";
            result.completeExceptionally(anyAnswered ? new NoServerFitsException(message)
                    : new ConnectException(message, null));
            return;
        }
        ServerAddress server = order.get(index);
        CompletableFuture<VertxConnection> opening = new CompletableFuture<>();
        VertxConnect.openInto(options.forServer(server), sharedVertx, statementCacheSize, opening);
        opening.whenComplete((connection, error) -> {
            if (error != null) {
                reasons.add(Errors.unwrap(error).getMessage());
                attempt(index + 1, wanted);
                return;
            }
            anyAnswered = true;
            fits(connection, wanted).whenComplete((why, checkError) -> {
                if (checkError == null && why == null) {
                    if (!result.complete(connection)) {
                        connection.close();
                    }
                    return;
                }
                reasons.add(server + ": " + (checkError != null ? Errors.unwrap(checkError).getMessage() : why));
                connection.close();
                attempt(index + 1, wanted);
            });
        });
    }

    /** Completes with {@code null} when the server fits, else with what it is instead. */
    private static CompletableFuture<String> fits(VertxConnection connection, TargetSessionAttrs wanted) {
        return switch (wanted) {
            case ANY -> CompletableFuture.completedFuture(null);
            case READ_WRITE, READ_ONLY -> connection.execute("SHOW transaction_read_only").thenApply(cursor -> {
                boolean readOnly = "on".equals(cursor.fetchOne().get(0));
                return readOnly == (wanted == TargetSessionAttrs.READ_ONLY) ? null
                        : readOnly ? "read-only" : "read-write";
            });
            case PRIMARY, STANDBY, PREFER_STANDBY -> connection.execute("SELECT pg_is_in_recovery()")
                    .thenApply(cursor -> {
                        boolean standby = Boolean.TRUE.equals(cursor.fetchOne().get(0));
                        return standby == (wanted != TargetSessionAttrs.PRIMARY) ? null
                                : standby ? "a standby" : "a primary";
                    });
        };
    }
}
