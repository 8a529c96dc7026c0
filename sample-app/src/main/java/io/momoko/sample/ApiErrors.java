package io.momoko.sample;

import io.momoko.AcquireTimeoutException;
import io.momoko.DatabaseException;
import io.momoko.DatabaseNotAvailableException;
import io.momoko.PoolOverloadedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns database errors into problem details with the right status, by SQLSTATE. */
@RestControllerAdvice
class ApiErrors {

    @ExceptionHandler(DatabaseException.class)
    ProblemDetail database(DatabaseException error) {
        HttpStatus status = switch (error.sqlState()) {
            case "23505" -> HttpStatus.CONFLICT;
            case "23514", "23502", "22003", "22P02" -> HttpStatus.UNPROCESSABLE_CONTENT;
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                error.detail() != null ? error.serverMessage() + ": " + error.detail() : error.serverMessage());
        problem.setProperty("sqlState", error.sqlState());
        return problem;
    }

    @ExceptionHandler({DatabaseNotAvailableException.class, AcquireTimeoutException.class,
        PoolOverloadedException.class})
    ProblemDetail unavailable(RuntimeException error) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, error.getMessage());
    }
}
