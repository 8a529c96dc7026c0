package io.momoko.sample.mvc;

import io.momoko.DatabaseException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /transfers} and {@code GET /accounts/{id}}: each request runs on its own (virtual) thread and calls
 * the pool's blocking API; Momoko's exceptions arrive unwrapped, so they map to HTTP statuses directly.
 */
@RestController
class TransferController {

    private final Transfers transfers;

    TransferController(Transfers transfers) {
        this.transfers = transfers;
    }

    /** A transfer request. */
    record Transfer(int from, int to, int amount) {
    }

    @PostMapping("/transfers")
    Transfers.Balances transfer(@RequestBody Transfer transfer) {
        return transfers.move(transfer.from(), transfer.to(), transfer.amount());
    }

    @GetMapping("/accounts/{id}")
    int balance(@PathVariable int id) {
        return transfers.balance(id);
    }

    /** A CHECK the database refused (23514: not enough money) is the client's mistake, not the server's. */
    @ExceptionHandler(DatabaseException.class)
    ProblemDetail refused(DatabaseException error) {
        HttpStatus status = "23514".equals(error.sqlState()) ? HttpStatus.UNPROCESSABLE_CONTENT
                : HttpStatus.INTERNAL_SERVER_ERROR;
        return ProblemDetail.forStatusAndDetail(status, "SQLSTATE " + error.sqlState());
    }

    @ExceptionHandler(Transfers.UnknownAccountException.class)
    ProblemDetail unknown(Transfers.UnknownAccountException error) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, error.getMessage());
    }
}
