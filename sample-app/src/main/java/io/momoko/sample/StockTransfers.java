package io.momoko.sample;

import io.momoko.Cursor;
import io.momoko.Row;
import io.momoko.spring.MomokoClient;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Moves stock between two products, the reactive way: {@code @Transactional} on a method returning {@code Mono},
 * statements through {@link MomokoClient}, which runs them on the transaction's connection. Any error rolls both
 * updates back.
 */
@Service
public class StockTransfers {

    private final MomokoClient client;

    StockTransfers(MomokoClient client) {
        this.client = client;
    }

    /**
     * Moves {@code quantity} units.
     *
     * @param transfer what to move
     * @return both stocks afterwards
     */
    @Transactional
    public Mono<TransferController.TransferResult> transfer(TransferController.Transfer transfer) {
        return stock(client.execute("UPDATE products SET stock = stock - %s WHERE id = %s RETURNING stock",
                        transfer.quantity(), transfer.fromId()), transfer.fromId())
                .flatMap(fromStock -> stock(client.execute(
                                "UPDATE products SET stock = stock + %s WHERE id = %s RETURNING stock",
                                transfer.quantity(), transfer.toId()), transfer.toId())
                        .map(toStock -> new TransferController.TransferResult(fromStock, toStock)));
    }

    private static Mono<Integer> stock(Mono<Cursor<Row>> update, long id) {
        return update.flatMap(cursor -> cursor.rowCount() == 0
                ? Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "No product with id " + id))
                : Mono.just(cursor.fetchOne().get(0, Integer.class)));
    }
}
