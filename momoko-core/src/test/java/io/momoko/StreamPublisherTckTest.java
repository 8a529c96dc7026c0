package io.momoko;

import io.momoko.test.SubscriberProbe;
import io.momoko.test.TestDatabase;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

import java.util.concurrent.Flow;

import static io.momoko.test.Await.result;

/**
 * The Reactive Streams TCK against {@link Pool#stream(int, String, Object...)}: every rule of the spec that
 * applies to a publisher of a finite result.
 */
public class StreamPublisherTckTest extends FlowPublisherVerification<Row> {

    private Pool pool;

    public StreamPublisherTckTest() {
        // Each publisher borrows a connection and declares a cursor: allow round trips, not just memory speed.
        super(new TestEnvironment(2_000, 500), 5_000);
    }

    @BeforeClass
    public void connect() {
        pool = Pool.builder().name("tck").connectOptions(TestDatabase.get().options()).size(2).maxSize(8).build();
        result(pool.connect());
    }

    @AfterClass
    public void close() {
        result(pool.close());
    }

    @Override
    public Flow.Publisher<Row> createFlowPublisher(long elements) {
        return pool.stream(16, "SELECT g FROM generate_series(1, %s) g", elements);
    }

    /**
     * A stream that already has its one subscriber: it rejects every other with onSubscribe then onError, without
     * waiting for demand, as the TCK's error-state rules (1.4, 1.9) require. A failing query or a closed pool
     * would not do: nothing is borrowed before the first request, so they fail only on it.
     */
    @Override
    public Flow.Publisher<Row> createFailedFlowPublisher() {
        Flow.Publisher<Row> taken = pool.stream(16, "SELECT 1");
        // Held without demand, so it borrows nothing.
        taken.subscribe(SubscriberProbe.requesting(0));
        return taken;
    }

    @Override
    public long maxElementsFromPublisher() {
        // Results are finite: the rules that need an unbounded publisher are skipped.
        return 10_000;
    }
}
