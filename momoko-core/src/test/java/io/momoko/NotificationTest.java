package io.momoko;

import io.momoko.test.Await;
import io.momoko.test.SubscriberProbe;
import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import io.momoko.test.TestPools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** LISTEN/NOTIFY through the pool, against a real server (issue 19). */
@ExtendWith(TestDatabaseExtension.class)
class NotificationTest {

    private final List<Pool> pools = new ArrayList<>();
    private ConnectOptions options;
    private Connection admin;

    @BeforeEach
    void setUp(TestDatabase db) {
        options = db.options();
        admin = result(Momoko.connect(options));
    }

    @AfterEach
    void tearDown() {
        pools.forEach(pool -> result(pool.close()));
        result(admin.close());
    }

    private Pool pool() {
        Pool pool = TestPools.builder("momoko-listen", options).size(1).build();
        pools.add(pool);
        return result(pool.connect());
    }

    /** How many server sessions of this pool sit in LISTEN (the listening connection's last statement). */
    private long listeners(Pool pool) {
        return result(admin.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s"
                + " AND query LIKE 'LISTEN%%'", pool.name())).fetchOne().get(0, Long.class);
    }

    private static void awaitItems(SubscriberProbe<Notification> probe, long count) {
        Await.until(count + " notifications", () -> probe.count() >= count);
    }

    @Test
    void aNotificationReachesEverySubscriberOfItsChannelOnly() {
        Pool pool = pool();
        SubscriberProbe<Notification> first = SubscriberProbe.unbounded();
        SubscriberProbe<Notification> second = SubscriberProbe.unbounded();
        SubscriberProbe<Notification> other = SubscriberProbe.unbounded();
        pool.listen("Stock \"changes\"").subscribe(first);
        pool.listen("Stock \"changes\"").subscribe(second);
        pool.listen("other").subscribe(other);
        Await.until("listening", () -> listeners(pool) == 1);
        String hostile = "'); DROP TABLE nothing; --";
        // Sent until it lands: the second channel's LISTEN may still be on its way when the first is answered.
        Await.until("both subscribers reached", () -> {
            result(pool.notify("Stock \"changes\"", hostile));
            return first.count() > 0 && second.count() > 0;
        });
        Notification received = first.items().get(0);
        assertThat(received.channel()).isEqualTo("Stock \"changes\"");
        assertThat(received.payload()).isEqualTo(hostile);
        assertThat(received.isGap()).isFalse();
        assertThat(received.processId()).isPositive();
        assertThat(second.items().get(0)).isEqualTo(received);
        assertThat(other.count()).isZero();
        assertThat(pool.stats().total()).as("the listening connection is not one of the pool's").isEqualTo(1);
    }

    @Test
    void aLostListeningConnectionIsReplacedAndEachSubscriberSeesTheGap() {
        Pool pool = pool();
        SubscriberProbe<Notification> probe = SubscriberProbe.unbounded();
        pool.listen("reconnect").subscribe(probe);
        Await.until("listening", () -> listeners(pool) == 1);
        result(pool.notify("reconnect", "before"));
        awaitItems(probe, 1);

        result(admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s"
                + " AND query LIKE 'LISTEN%%'", pool.name()));
        Await.until("a gap marker", () -> probe.items().stream().anyMatch(Notification::isGap));
        result(pool.notify("reconnect", "after"));
        awaitItems(probe, 3);
        assertThat(probe.items()).extracting(Notification::payload).containsExactly("before", null, "after");
        assertThat(probe.items().get(1)).isEqualTo(Notification.gap("reconnect", 0));
    }

    @Test
    void aSlowSubscriberHoldsNoMoreThanItsBuffer() {
        Pool pool = pool();
        SubscriberProbe<Notification> fast = SubscriberProbe.<Notification>unbounded().discardingItems();
        SubscriberProbe<Notification> slow = SubscriberProbe.requesting(1);
        pool.listen("flood").subscribe(fast);
        pool.listen("flood", 100).subscribe(slow);
        Await.until("listening", () -> listeners(pool) == 1);
        result(admin.execute("SELECT count(pg_notify('flood', g::text)) FROM generate_series(1, 100000) AS g"));
        // The fast subscriber is served in the same pass as the slow one's buffer: once it has all of them, the
        // slow one has been offered all of them too.
        Await.until("100,000 notifications dispatched", () -> fast.count() == 100_000);
        assertThat(slow.count()).isEqualTo(1);
        slow.request(Long.MAX_VALUE);
        Await.until("the buffer delivered", () -> slow.count() == 102);
        List<Notification> items = slow.items();
        assertThat(items.get(100).payload()).isEqualTo("101");
        assertThat(items.get(101)).isEqualTo(Notification.gap("flood", 100_000 - 101));
    }

    @Test
    void theListeningConnectionLivesOnlyWhileSomeoneListens() {
        Pool pool = pool();
        SubscriberProbe<Notification> first = SubscriberProbe.unbounded();
        SubscriberProbe<Notification> second = SubscriberProbe.unbounded();
        pool.listen("a").subscribe(first);
        pool.listen("b").subscribe(second);
        Await.until("listening", () -> listeners(pool) == 1);
        first.subscription().cancel();
        Await.until("still listening to b", () -> {
            result(pool.notify("b", "x"));
            return second.count() > 0;
        });
        second.subscription().cancel();
        Await.until("the listening connection closed", () -> listeners(pool) == 0);
    }

    @Test
    void badChannelsAndAClosedPoolFailTyped() {
        Pool pool = pool();
        SubscriberProbe<Notification> empty = SubscriberProbe.unbounded();
        pool.listen("").subscribe(empty);
        assertThat(failure(empty.done())).isInstanceOf(ProgrammingException.class)
                .hasMessage("A channel name must not be null or empty");
        SubscriberProbe<Notification> tooLong = SubscriberProbe.unbounded();
        pool.listen("x".repeat(64)).subscribe(tooLong);
        assertThat(failure(tooLong.done())).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("longer than PostgreSQL's 63 bytes");
        assertThat(failure(pool.notify(null, "x"))).isInstanceOf(ProgrammingException.class);
        assertThat(failure(pool.notify("big", "x".repeat(8001)))).isInstanceOf(DatabaseException.class)
                .satisfies(e -> assertThat(((DatabaseException) e).sqlState()).isEqualTo("22023"));

        SubscriberProbe<Notification> open = SubscriberProbe.unbounded();
        pool.listen("closing").subscribe(open);
        Await.until("listening", () -> listeners(pool) == 1);
        result(pool.close());
        result(open.done());
        SubscriberProbe<Notification> late = SubscriberProbe.unbounded();
        pool.listen("closing").subscribe(late);
        assertThat(failure(late.done())).isInstanceOf(PoolClosedException.class);
        assertThat(failure(pool.notify("closing", "x"))).isInstanceOf(PoolClosedException.class);
        Await.until("no listening connection left", () -> listeners(pool) == 0);
    }
}
