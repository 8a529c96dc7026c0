package io.momoko.sample;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Moves stock between two products in one transaction; any failure rolls both changes back. Two styles of the
 * same transfer: reactive ({@link StockTransfers}) and blocking ({@link BlockingStockTransfers}).
 */
@RestController
class TransferController {

    private final StockTransfers reactive;
    private final BlockingStockTransfers blocking;

    TransferController(StockTransfers reactive, BlockingStockTransfers blocking) {
        this.reactive = reactive;
        this.blocking = blocking;
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
        validate(transfer);
        return reactive.transfer(transfer);
    }

    /** The same transfer in blocking code, run off the event loop (on JDK 21+, a virtual thread would do). */
    @PostMapping("/api/blocking-transfers")
    Mono<TransferResult> blockingTransfer(@RequestBody Transfer transfer) {
        validate(transfer);
        return Mono.fromCallable(() -> blocking.transfer(transfer))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static void validate(Transfer transfer) {
        if (transfer.quantity() < 1 || transfer.fromId() == transfer.toId()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "quantity must be at least 1 and the two products must differ");
        }
    }
}
