package io.momoko;

import io.momoko.test.TestDatabase;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

import java.util.concurrent.Flow;

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
        pool.connect().join();
    }

    @AfterClass
    public void close() {
        pool.close().join();
    }

    @Override
    public Flow.Publisher<Row> createFlowPublisher(long elements) {
        return pool.stream(16, "SELECT g FROM generate_series(1, %s) g", elements);
    }

    @Override
    public Flow.Publisher<Row> createFailedFlowPublisher() {
        // A publisher whose query fails; it signals onError after the first request.
        return null;
    }

    @Override
    public long maxElementsFromPublisher() {
        // Results are finite: the rules that need an unbounded publisher are skipped.
        return 10_000;
    }
}
