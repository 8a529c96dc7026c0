package io.momoko.sample;

import io.momoko.Pool;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

import java.util.concurrent.CompletableFuture;

/** Moves stock between two products in one transaction; any failure rolls both changes back. */
@RestController
class TransferController {

    private final Pool pool;

    TransferController(Pool pool) {
        this.pool = pool;
    }

    /**
     * A transfer request.
     *
     * @param fromId the product giving stock
     * @param toId the product receiving it
     * @param quantity how many units, at least 1
     */
    record Transfer(long fromId, long toId, int quantity) {
    }

    /**
     * The stock of both products after the transfer.
     *
     * @param fromStock the giver's stock
     * @param toStock the receiver's stock
     */
    record TransferResult(int fromStock, int toStock) {
    }

    @PostMapping("/api/transfers")
    Mono<TransferResult> transfer(@RequestBody Transfer transfer) {
        if (transfer.quantity() < 1 || transfer.fromId() == transfer.toId()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "quantity must be at least 1 and the two products must differ");
        }
        return Mono.fromFuture(pool.inTransaction(tx -> tx.execute(
                        "UPDATE products SET stock = stock - %s WHERE id = %s RETURNING stock",
                        transfer.quantity(), transfer.fromId())
                .thenCompose(taken -> {
                    if (taken.rowCount() == 0) {
                        return CompletableFuture.failedFuture(new ResponseStatusException(HttpStatus.NOT_FOUND,
                                "No product with id " + transfer.fromId()));
                    }
                    int fromStock = taken.fetchOne().get(0, Integer.class);
                    return tx.execute("UPDATE products SET stock = stock + %s WHERE id = %s RETURNING stock",
                            transfer.quantity(), transfer.toId()).thenCompose(given -> given.rowCount() == 0
                            ? CompletableFuture.failedFuture(new ResponseStatusException(HttpStatus.NOT_FOUND,
                                    "No product with id " + transfer.toId()))
                            : CompletableFuture.completedFuture(
                                    new TransferResult(fromStock, given.fetchOne().get(0, Integer.class))));
                })));
    }
}
