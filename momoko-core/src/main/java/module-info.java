/**
 * Momoko for Java: a non-blocking PostgreSQL connection pool with Momoko's semantics, on the Vert.x
 * PostgreSQL client. Only the API ({@code io.momoko}) and the metrics SPI ({@code io.momoko.metrics}) are
 * exported; the engine ({@code io.momoko.internal}) is not, so nothing outside can come to depend on it.
 */
module io.momoko {
    // Transitive: Pool.Builder.vertx(Vertx) takes the application's own Vert.x instance.
    requires transitive io.vertx.core;
    requires io.vertx.sql.client;
    requires io.vertx.sql.client.pg;
    requires org.slf4j;
    // TCP keepalive's idle/interval/count socket options: Netty's channel options and the JDK's extended ones.
    requires io.netty.transport;
    // FlushCoalescing: Netty's FlushConsolidationHandler.
    requires io.netty.handler;
    requires jdk.net;
    // Vert.x's API annotations, read by javac only.
    requires static io.vertx.codegen.api;
    requires static io.vertx.codegen.json;

    exports io.momoko;
    exports io.momoko.metrics;
}
