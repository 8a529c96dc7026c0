package io.momoko.sample;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.momoko.ConnectOptions;
import io.momoko.Pool;
import io.momoko.test.Await;
import io.momoko.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Every endpoint of the sample application over HTTP, against the test database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT120S")
class SampleApplicationTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        ConnectOptions db = TestDatabase.get().options();
        registry.add("momoko.url", () -> "postgresql://" + db.user() + (db.password() == null ? "" : ":" + db.password())
                + "@" + db.host() + ":" + db.port() + "/" + db.database() + "?sslmode=" + db.sslMode().dsnValue());
    }

    @Autowired
    private WebTestClient client;

    @org.springframework.boot.test.web.server.LocalServerPort
    private int port;

    @Autowired
    private Pool pool;

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Parallel(int queries, double seconds, long wallMillis, long sumOfPartsMillis) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Reading(long id, int sensor, double value) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Product(Long id, String sku, String name, java.math.BigDecimal price, Integer stock) {
    }

    @Test
    void runsQueriesInParallel() {
        Parallel result = client.get().uri("/api/parallel?n=4&seconds=0.5").exchange()
                .expectStatus().isOk().expectBody(Parallel.class).returnResult().getResponseBody();
        assertThat(result.queries()).isEqualTo(4);
        assertThat(result.sumOfPartsMillis()).isGreaterThanOrEqualTo(4 * 500);
        assertThat(result.wallMillis()).isLessThan(2 * 500);
        client.get().uri("/api/parallel?n=99").exchange().expectStatus().isBadRequest();
    }

    @Test
    void joinsADashboard() {
        client.get().uri("/api/dashboard").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.catalogue.products").value(Number.class,
                        products -> assertThat(products.longValue()).isGreaterThanOrEqualTo(100_000))
                .jsonPath("$.lowStock.length()").isEqualTo(5)
                .jsonPath("$.warmestSensors.length()").isEqualTo(5);
    }

    @Test
    void streamsReadingsAsNdjsonAndServerSentEvents() {
        List<Reading> readings = client.get().uri("/api/readings/stream?limit=2500&fetchSize=500")
                .accept(MediaType.APPLICATION_NDJSON).exchange().expectStatus().isOk()
                .returnResult(Reading.class).getResponseBody().collectList().block(Duration.ofSeconds(60));
        assertThat(readings).hasSize(2500);
        assertThat(readings.get(0).id()).isLessThan(readings.get(2499).id());
        List<Reading> events = client.get().uri("/api/readings/stream?limit=3").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk().returnResult(Reading.class).getResponseBody().collectList()
                .block(Duration.ofSeconds(30));
        assertThat(events).hasSize(3);
    }

    @Test
    void streamsAMillionReadingsInBoundedMemoryAndCancelsEarly() {
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong();
        Flux<Reading> body = client.get().uri("/api/readings/stream").accept(MediaType.APPLICATION_NDJSON).exchange()
                .expectStatus().isOk().returnResult(Reading.class).getResponseBody();
        long count = body.index().doOnNext(indexed -> {
            if (indexed.getT1() % 200_000 == 0) {
                System.gc();
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed() - baseline, Math::max);
            }
        }).count().block(Duration.ofMinutes(3));
        assertThat(count).isEqualTo(1_000_000);
        // Client and server share this JVM: neither side may hold the million rows (hundreds of MB).
        assertThat(peak.get()).isLessThan(96L * 1024 * 1024);

        List<Reading> first = client.get().uri("/api/readings/stream").accept(MediaType.APPLICATION_NDJSON).exchange()
                .returnResult(Reading.class).getResponseBody().take(10).collectList().block(Duration.ofSeconds(30));
        assertThat(first).hasSize(10);
        Await.until("the stream's connection back in the pool", () -> pool.stats().busy() == 0);
        long cursors = pool.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'momoko-sample' "
                + "AND state LIKE 'idle in transaction%%'").join().fetchOne().get(0, Long.class);
        assertThat(cursors).isZero();
        // pg_cursors is per session: ask on the connection the stream used, the most recently returned (LIFO).
        io.momoko.Connection last = pool.getConn().join();
        try {
            assertThat(last.execute("SELECT count(*) FROM pg_cursors").join().fetchOne().get(0)).isEqualTo(0L);
        } finally {
            pool.putConn(last).join();
        }
    }

    @Test
    void createsReadsUpdatesAndDeletesProducts() {
        String sku = "TEST-" + System.nanoTime();
        Product created = client.post().uri("/api/products").bodyValue(Map.of("sku", sku, "name", "Pen", "price", 1.5,
                "stock", 10)).exchange().expectStatus().isCreated().expectBody(Product.class).returnResult()
                .getResponseBody();
        assertThat(created.id()).isNotNull();
        client.get().uri("/api/products/" + created.id()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.sku").isEqualTo(sku).jsonPath("$.price").isEqualTo(1.5);
        client.put().uri("/api/products/" + created.id()).bodyValue(Map.of("sku", sku, "name", "Pencil", "price", 2,
                "stock", 3)).exchange().expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("Pencil");
        client.post().uri("/api/products").bodyValue(Map.of("sku", sku, "name", "Again", "price", 1, "stock", 1))
                .exchange().expectStatus().isEqualTo(409).expectBody().jsonPath("$.sqlState").isEqualTo("23505");
        client.post().uri("/api/products").bodyValue(Map.of("sku", "X", "name", "", "price", -1, "stock", 1))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.detail").isEqualTo("name is required");
        client.delete().uri("/api/products/" + created.id()).exchange().expectStatus().isNoContent();
        client.get().uri("/api/products/" + created.id()).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.status").isEqualTo(404);
        client.get().uri("/api/products?limit=3").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(3);
    }

    @Test
    void transfersStockAndRollsBackOnFailure() {
        transfersAndRollsBack("/api/transfers");
    }

    @Test
    void blockingTransfersStockAndRollsBackOnFailure() {
        transfersAndRollsBack("/api/blocking-transfers");
    }

    private void transfersAndRollsBack(String endpoint) {
        client.post().uri("/api/products").bodyValue(Map.of("sku", "FROM-" + System.nanoTime(), "name", "A", "price", 1,
                "stock", 5)).exchange().expectStatus().isCreated();
        long from = pool.execute("SELECT max(id) FROM products").join().fetchOne().get(0, Long.class);
        int toBefore = stock(1);
        client.post().uri(endpoint).bodyValue(Map.of("fromId", from, "toId", 1, "quantity", 2)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.fromStock").isEqualTo(3)
                .jsonPath("$.toStock").isEqualTo(toBefore + 2);
        // Too many: the CHECK (stock >= 0) fails and the whole transfer rolls back.
        client.post().uri(endpoint).bodyValue(Map.of("fromId", from, "toId", 1, "quantity", 50)).exchange()
                .expectStatus().isEqualTo(422);
        // Unknown receiver: the first update is rolled back too.
        client.post().uri(endpoint).bodyValue(Map.of("fromId", from, "toId", Long.MAX_VALUE, "quantity", 1))
                .exchange().expectStatus().isNotFound();
        assertThat(stock(from)).isEqualTo(3);
        assertThat(stock(1)).isEqualTo(toBefore + 2);
        Await.until("every connection back", () -> pool.stats().busy() == 0);
    }

    @Test
    void streamsCommittedStockChangesAsServerSentEvents() {
        long product = pool.execute("SELECT min(id) FROM products").join().fetchOne().get(0, Long.class);
        reactor.core.publisher.Mono<java.util.List<org.springframework.http.codec.ServerSentEvent<String>>> events = client
                .get().uri("/api/stock/changes").accept(org.springframework.http.MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk()
                .returnResult(new org.springframework.core.ParameterizedTypeReference<
                        org.springframework.http.codec.ServerSentEvent<String>>() { })
                .getResponseBody().filter(event -> ("{\"id\" : " + product + ", \"stock\" : 12345}").equals(event.data()))
                .take(1).collectList().cache();
        events.subscribe();
        // The subscription reaches the server asynchronously: update until the notification arrives.
        Await.until("a stock change event", () -> {
            pool.execute("UPDATE products SET stock = 12345 - (stock = 12345)::int WHERE id = %s", product).join();
            pool.execute("UPDATE products SET stock = 12345 WHERE id = %s", product).join();
            return events.toFuture().isDone();
        });
        assertThat(events.block(Duration.ofSeconds(10))).singleElement()
                .satisfies(event -> assertThat(event.event()).isEqualTo("stock"));
    }

    private int stock(long id) {
        return Await.result(pool.execute("SELECT stock FROM products WHERE id = %s", id)).fetchOne().get(0, Integer.class);
    }

    /** The status page in a real headless browser; runs where Debian's chromium is installed. */
    @Test
    void statusPageShowsLiveNumbersInABrowser(@org.junit.jupiter.api.io.TempDir java.nio.file.Path profile)
            throws Exception {
        java.nio.file.Path chromium = java.nio.file.Path.of("/usr/bin/chromium");
        boolean installed = java.nio.file.Files.isExecutable(chromium);
        // CI installs it (.ci/run): there a missing browser is a failure, not a reason to skip.
        assertThat(installed || !"true".equals(System.getenv("CI")))
                .as("/usr/bin/chromium is missing on CI; .ci/run installs Debian's chromium").isTrue();
        org.junit.jupiter.api.Assumptions.assumeTrue(installed, "chromium is not installed");
        Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom",
                // feed=off: the stock feed's endless event stream would stop the virtual clock (see index.html)
                "http://localhost:" + port + "/?demo=parallel&feed=off").redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(profile.resolve("dom.html").toFile())
                .start();
        // Bounded: a page that never settles must fail the test, not hang the build.
        boolean finished = browser.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        if (!finished) {
            browser.destroyForcibly();
        }
        assertThat(finished).as("chromium did not finish the page within 60 s").isTrue();
        String dom = java.nio.file.Files.readString(profile.resolve("dom.html"));
        // Both are written by the page's script from /api/pool; the served HTML holds neither.
        assertThat(dom).contains("<p id=\"pool-name\">Pool momoko: size 4, maxSize 32</p>")
                .containsPattern("<b id=\"free\">\\d+</b>");
        // The charts drew their axes with units (the script records what it drew: a canvas has no DOM) ...
        assertThat(dom).containsPattern("id=\"chart\"[^>]*data-axes=\"x: time \\(s\\) -120-now; left: connections 0-\\d+\"")
                .containsPattern("id=\"load-chart\"[^>]*data-axes=\"x: time \\(s\\) -120-now; left: statements/s 0-[\\d.]+; "
                        + "right: ms 0-[\\d.]+\"");
        // ... and their legends, with units ...
        assertThat(dom).contains("</span>free</li>", "</span>waiting requests</li>", "</span>throughput (statements/s)</li>",
                "</span>acquire wait p99 (ms)</li>");
        // ... and the button ran the parallel demo (?demo=parallel presses it): 8 sleeps of 0.5 s overlapped.
        assertThat(dom).containsPattern("<span id=\"parallel-result\">8 queries of 0.5 s: wall \\d+ ms, "
                + "sum of parts \\d+ ms</span>");
    }

    @Test
    void showsThePoolHealthMetricsAndEndpoint() {
        client.get().uri("/api/pool").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.stats.name").isEqualTo("momoko").jsonPath("$.stats.maxSize").isEqualTo(32)
                .jsonPath("$.activity.statements").isNumber().jsonPath("$.activity.acquireWaitP99Millis").isNumber();
        client.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components.momoko.status").isEqualTo("UP")
                .jsonPath("$.components.momoko.details.maxSize").isEqualTo(32)
                .jsonPath("$.components.momoko.details.serverVersion").exists();
        client.get().uri("/actuator/metrics/momoko.query").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.name").isEqualTo("momoko.query");
        String prometheus = client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(prometheus).contains("momoko_pool_connections_max{pool=\"momoko\"}").contains("momoko_query_seconds_count");
        client.get().uri("/actuator/momoko").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.momokoPool.stats.maxSize").isEqualTo(32);
        client.get().uri("/").exchange().expectStatus().isOk().expectBody(String.class)
                .value(page -> assertThat(page).contains("<canvas id=\"chart\"").contains("/api/pool"));
    }
}
