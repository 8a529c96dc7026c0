package io.momoko.sample;

import io.momoko.Pool;
import io.momoko.Row;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

import java.time.OffsetDateTime;

/**
 * Readings streamed from a server-side cursor as NDJSON or server-sent events. WebFlux asks for rows as the
 * client reads them, so a slow client holds about one fetch of rows, and a client that disconnects cancels
 * the stream, which closes the cursor and returns the connection.
 */
@RestController
class ReadingsController {

    private final Pool pool;

    ReadingsController(Pool pool) {
        this.pool = pool;
    }

    /**
     * One reading.
     *
     * @param id its id
     * @param sensor the sensor
     * @param value the value
     * @param takenAt when
     */
    record Reading(long id, int sensor, double value, OffsetDateTime takenAt) {
        static Reading of(Row row) {
            return new Reading(row.get(0, Long.class), row.get(1, Integer.class), row.get(2, Double.class),
                    row.get(3, OffsetDateTime.class));
        }
    }

    @GetMapping(path = "/api/readings/stream", produces = {MediaType.APPLICATION_NDJSON_VALUE,
        MediaType.TEXT_EVENT_STREAM_VALUE})
    Flux<Reading> stream(@RequestParam(defaultValue = "1000000") long limit,
                         @RequestParam(defaultValue = "1000") int fetchSize) {
        if (limit < 0 || fetchSize < 1 || fetchSize > 10_000) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be >= 0 and fetchSize 1..10000");
        }
        return JdkFlowAdapter.<Row>flowPublisherToFlux(pool.stream(fetchSize,
                        "SELECT id, sensor, value, taken_at FROM readings ORDER BY id LIMIT %s", limit))
                .map(Reading::of);
    }
}
