package io.momoko.sample;

import io.momoko.BlockingPool;
import io.momoko.Cursor;
import io.momoko.Pool;
import io.momoko.Row;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Moves stock between two products, the blocking way, as a Spring MVC or virtual-thread application writes it:
 * {@code @Transactional} with the thread-bound manager ({@link TransactionConfiguration}) and
 * {@code pool.blocking()}, whose statements join the transaction bound to the thread. Any exception rolls both
 * updates back.
 */
@Service
public class BlockingStockTransfers {

    private final BlockingPool db;

    BlockingStockTransfers(Pool pool) {
        this.db = pool.blocking();
    }

    /**
     * Moves {@code quantity} units.
     *
     * @param transfer what to move
     * @return both stocks afterwards
     */
    @Transactional(transactionManager = TransactionConfiguration.BLOCKING)
    public TransferController.TransferResult transfer(TransferController.Transfer transfer) {
        int fromStock = stock(db.execute("UPDATE products SET stock = stock - %s WHERE id = %s RETURNING stock",
                transfer.quantity(), transfer.fromId()), transfer.fromId());
        int toStock = stock(db.execute("UPDATE products SET stock = stock + %s WHERE id = %s RETURNING stock",
                transfer.quantity(), transfer.toId()), transfer.toId());
        return new TransferController.TransferResult(fromStock, toStock);
    }

    private static int stock(Cursor<Row> updated, long id) {
        if (updated.rowCount() == 0) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No product with id " + id);
        }
        return updated.fetchOne().get(0, Integer.class);
    }
}
