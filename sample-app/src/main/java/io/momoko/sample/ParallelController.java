package io.momoko.sample;

import io.momoko.Pool;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;


/** N {@code pg_sleep} queries at once: the wall time stays near one sleep while the parts add up to N. */
@RestController
class ParallelController {

    private final Pool pool;

    ParallelController(Pool pool) {
        this.pool = pool;
    }

    /**
     * The response.
     *
     * @param queries how many ran
     * @param seconds each one's sleep
     * @param wallMillis from the first start to the last end
     * @param sumOfPartsMillis the queries' own durations added up
     */
    record ParallelResult(int queries, double seconds, long wallMillis, long sumOfPartsMillis) {
    }

    @GetMapping("/api/parallel")
    Mono<ParallelResult> parallel(@RequestParam(defaultValue = "4") int n,
                                  @RequestParam(defaultValue = "0.5") double seconds) {
        if (n < 1 || n > 32 || seconds < 0 || seconds > 5) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "n must be 1..32 and seconds 0..5");
        }
        long started = System.nanoTime();
        return Flux.range(0, n)
                .flatMap(i -> Mono.defer(() -> {
                    long begin = System.nanoTime();
                    return Mono.fromFuture(pool.execute("SELECT pg_sleep(%s)", seconds))
                            .map(ignored -> (System.nanoTime() - begin) / 1_000_000);
                }), n)
                .reduce(0L, Long::sum)
                .map(sum -> new ParallelResult(n, seconds, (System.nanoTime() - started) / 1_000_000, sum));
    }
}
