package io.momoko.sample.mvc;

import io.momoko.BlockingPool;
import io.momoko.Pool;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Money transfers, written as plain blocking code: the credit first, then the debit, which the CHECK
 * (balance >= 0) refuses when the amount is too large. {@code @Transactional} makes the two one transaction on
 * one connection, so a refused debit takes the credit back with it.
 */
@Service
class Transfers {

    private final BlockingPool db;

    Transfers(Pool pool) {
        this.db = pool.blocking();
    }

    @Transactional
    Balances move(int from, int to, int amount) {
        int credited = db.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s", amount, to).rowCount();
        int debited = db.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s", amount, from).rowCount();
        if (credited == 0 || debited == 0) {
            throw new UnknownAccountException(credited == 0 ? to : from);
        }
        return new Balances(balance(from), balance(to));
    }

    @Transactional(readOnly = true)
    int balance(int id) {
        var row = db.execute("SELECT balance FROM accounts WHERE id = %s", id).fetchOne();
        if (row == null) {
            throw new UnknownAccountException(id);
        }
        return row.get(0, Integer.class);
    }

    /** Balances after a transfer. */
    record Balances(int from, int to) {
    }

    /** No such account: the transfer is rolled back, the caller gets 404. */
    static final class UnknownAccountException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownAccountException(int id) {
            super("No account " + id);
        }
    }
}
