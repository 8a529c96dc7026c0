package io.momoko.sample;

import io.momoko.CursorFactory;
import io.momoko.Pool;
import io.momoko.SqlOperations;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;

/** CRUD on products: bad input is a 400 problem, a duplicate SKU a 409, an unknown id a 404. */
@RestController
@RequestMapping("/api/products")
class ProductController {

    private static final String COLUMNS = "id, sku, name, price, stock";

    private final SqlOperations<Product> products;

    ProductController(Pool pool) {
        this.products = pool.withCursorFactory(CursorFactory.record(Product.class));
    }

    /**
     * A product.
     *
     * @param id its id
     * @param sku the unique stock-keeping unit
     * @param name the name
     * @param price the price, 0 or more
     * @param stock units in stock, 0 or more
     */
    record Product(Long id, String sku, String name, BigDecimal price, Integer stock) {
        Product validated() {
            if (sku == null || sku.isBlank() || sku.length() > 32) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "sku is required (at most 32 characters)");
            }
            if (name == null || name.isBlank()) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "name is required");
            }
            if (price == null || price.signum() < 0) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "price is required and must be 0 or more");
            }
            if (stock == null || stock < 0) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "stock is required and must be 0 or more");
            }
            return this;
        }
    }

    @GetMapping
    Mono<List<Product>> list(@RequestParam(defaultValue = "20") int limit, @RequestParam(defaultValue = "0") long after) {
        if (limit < 1 || limit > 1000) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be 1..1000");
        }
        return Mono.fromFuture(products.execute("SELECT " + COLUMNS + " FROM products WHERE id > %s ORDER BY id LIMIT %s",
                after, limit)).map(cursor -> cursor.fetchAll());
    }

    @GetMapping("/{id}")
    Mono<Product> get(@PathVariable long id) {
        return one(products.execute("SELECT " + COLUMNS + " FROM products WHERE id = %s", id), id);
    }

    @PostMapping
    Mono<ResponseEntity<Product>> create(@RequestBody Product product) {
        Product valid = product.validated();
        return Mono.fromFuture(products.execute("INSERT INTO products (sku, name, price, stock) VALUES (%s, %s, %s, %s) "
                        + "RETURNING " + COLUMNS, valid.sku(), valid.name(), valid.price(), valid.stock()))
                .map(cursor -> {
                    Product created = cursor.fetchOne();
                    return ResponseEntity.created(URI.create("/api/products/" + created.id())).body(created);
                });
    }

    @PutMapping("/{id}")
    Mono<Product> update(@PathVariable long id, @RequestBody Product product) {
        Product valid = product.validated();
        return one(products.execute("UPDATE products SET sku = %s, name = %s, price = %s, stock = %s WHERE id = %s "
                + "RETURNING " + COLUMNS, valid.sku(), valid.name(), valid.price(), valid.stock(), id), id);
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable long id) {
        return one(products.execute("DELETE FROM products WHERE id = %s RETURNING " + COLUMNS, id), id)
                .map(ignored -> ResponseEntity.noContent().build());
    }

    private static Mono<Product> one(java.util.concurrent.CompletableFuture<io.momoko.Cursor<Product>> query, long id) {
        return Mono.fromFuture(query).flatMap(cursor -> Mono.justOrEmpty(cursor.fetchOne()))
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "No product with id " + id)));
    }
}
