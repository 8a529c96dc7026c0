package io.momoko.sample;

import io.momoko.CursorFactory;
import io.momoko.Pool;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/** Three independent queries fanned out over the pool and joined into one answer. */
@RestController
class DashboardController {

    private final Pool pool;

    DashboardController(Pool pool) {
        this.pool = pool;
    }

    @GetMapping("/api/dashboard")
    Mono<Map<String, Object>> dashboard() {
        var maps = pool.withCursorFactory(CursorFactory.map());
        Mono<Map<String, Object>> catalogue = Mono.fromFuture(maps.execute(
                "SELECT count(*) AS products, round(avg(price), 2) AS average_price, sum(stock) AS units FROM products"))
                .map(cursor -> cursor.fetchOne());
        Mono<List<Map<String, Object>>> lowStock = Mono.fromFuture(maps.execute(
                "SELECT id, sku, name, stock FROM products ORDER BY stock, id LIMIT 5"))
                .map(cursor -> cursor.fetchAll());
        Mono<List<Map<String, Object>>> sensors = Mono.fromFuture(maps.execute(
                "SELECT sensor, round(avg(value)::numeric, 2) AS average, count(*) AS readings FROM readings "
                        + "GROUP BY sensor ORDER BY average DESC LIMIT 5"))
                .map(cursor -> cursor.fetchAll());
        return Mono.zip(catalogue, lowStock, sensors)
                .map(all -> Map.of("catalogue", all.getT1(), "lowStock", all.getT2(), "warmestSensors", all.getT3()));
    }
}
