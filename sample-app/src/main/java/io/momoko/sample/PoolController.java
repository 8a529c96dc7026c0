package io.momoko.sample;

import io.momoko.Pool;
import io.momoko.PoolLease;
import io.momoko.PoolStats;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;

/** The pool's live numbers and leases, for the status page. */
@RestController
class PoolController {

    private final Pool pool;
    private final PoolActivity activity;

    PoolController(Pool pool, PoolActivity activity) {
        this.pool = pool;
        this.activity = activity;
    }

    /**
     * The response.
     *
     * @param stats the numbers
     * @param leases the connections in use
     * @param activity statements completed and the recent acquire-wait p99
     */
    record PoolView(PoolStats stats, List<PoolLease> leases, PoolActivity.Numbers activity) {
    }

    @GetMapping("/api/pool")
    Mono<PoolView> pool() {
        return Mono.fromFuture(pool.admin().leases()).map(leases -> new PoolView(pool.stats(), leases, activity.numbers()));
    }
}
