package io.momoko.sample;

import io.momoko.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Creates the demo schema and, when the tables are empty, fills them in SQL: 100,000 products and
 * 1,000,000 sensor readings. A trigger notifies channel {@code stock} of every stock change (committed
 * transfers only: PostgreSQL delivers notifications at commit), which {@link StockFeedController} streams. Runs before the web server takes requests.
 */
@Component
class DemoData implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    private final Pool pool;

    DemoData(Pool pool) {
        this.pool = pool;
    }

    @Override
    public void afterPropertiesSet() {
        pool.execute("""
                CREATE TABLE IF NOT EXISTS products (
                    id bigserial PRIMARY KEY,
                    sku text NOT NULL UNIQUE,
                    name text NOT NULL,
                    price numeric(10, 2) NOT NULL CHECK (price >= 0),
                    stock int NOT NULL CHECK (stock >= 0)
                );
                CREATE TABLE IF NOT EXISTS readings (
                    id bigserial PRIMARY KEY,
                    sensor int NOT NULL,
                    value double precision NOT NULL,
                    taken_at timestamptz NOT NULL
                );
                CREATE OR REPLACE FUNCTION notify_stock() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('stock', json_build_object('id', NEW.id, 'stock', NEW.stock)::text);
                    RETURN NEW;
                END $$;
                CREATE OR REPLACE TRIGGER stock_changed AFTER UPDATE OF stock ON products
                    FOR EACH ROW WHEN (OLD.stock IS DISTINCT FROM NEW.stock) EXECUTE FUNCTION notify_stock()
                """).join();
        long products = pool.execute("SELECT count(*) FROM products").join().fetchOne().get(0, Long.class);
        if (products == 0) {
            LOG.info("Loading demo data: 100,000 products and 1,000,000 readings");
            pool.transaction(List.of("""
                    INSERT INTO products (sku, name, price, stock)
                    SELECT 'SKU-' || lpad(g::text, 6, '0'), 'Product ' || g, round((random() * 100)::numeric, 2),
                           (random() * 1000)::int
                    FROM generate_series(1, 100000) g""", """
                    INSERT INTO readings (sensor, value, taken_at)
                    SELECT g % 100, random() * 40 - 10, now() - g * interval '1 second'
                    FROM generate_series(1, 1000000) g""", "ANALYZE products", "ANALYZE readings")).join();
        }
    }
}
