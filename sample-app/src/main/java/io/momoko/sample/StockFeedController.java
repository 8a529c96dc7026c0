package io.momoko.sample;

import io.momoko.Notification;
import io.momoko.Pool;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

/**
 * A live feed of stock changes as server-sent events, from {@code LISTEN stock} (the trigger in
 * {@link DemoData} sends one notification per changed product, when the transfer commits). A reconnect of the
 * pool's listening connection shows as a {@code gap} event: the page should re-read the stock it shows.
 */
@RestController
class StockFeedController {

    private final Pool pool;

    StockFeedController(Pool pool) {
        this.pool = pool;
    }

    @GetMapping(path = "/api/stock/changes", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> changes() {
        // A comment first: the response (and its headers) goes out at once, not with the first stock change.
        return Flux.concat(Flux.just(ServerSentEvent.<String>builder().comment("listening to stock").build()),
                JdkFlowAdapter.flowPublisherToFlux(pool.listen("stock", 256)).map(StockFeedController::event));
    }

    private static ServerSentEvent<String> event(Notification notification) {
        return notification.isGap()
                ? ServerSentEvent.builder("{\"dropped\":" + notification.dropped() + "}").event("gap").build()
                : ServerSentEvent.builder(notification.payload()).event("stock").build();
    }
}
