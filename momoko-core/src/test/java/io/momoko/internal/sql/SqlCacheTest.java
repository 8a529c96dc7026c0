package io.momoko.internal.sql;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlCacheTest {

    @Test
    void everyCallerGetsTheSameValueWorkedOutOnce() {
        AtomicInteger created = new AtomicInteger();
        SqlCache<int[]> cache = new SqlCache<>(sql -> new int[] {created.incrementAndGet()});
        int[] first = cache.get("SELECT 1");
        assertThat(cache.get("SELECT 1")).isSameAs(first);
        assertThat(cache.peek("SELECT 1")).isSameAs(first);
        assertThat(created).hasValue(1);
        assertThat(cache.peek("SELECT 2")).isNull();
    }

    @Test
    void aFullCacheStartsAgainInsteadOfGrowing() {
        SqlCache<String> cache = new SqlCache<>(sql -> sql);
        for (int i = 0; i < SqlCache.LIMIT; i++) {
            cache.get("SELECT " + i);
        }
        assertThat(cache.peek("SELECT 0")).isNotNull();
        cache.get("SELECT " + SqlCache.LIMIT);
        assertThat(cache.peek("SELECT 0")).isNull();
        assertThat(cache.peek("SELECT " + SqlCache.LIMIT)).isNotNull();
    }

    @Test
    void aStatementThatCannotBeWorkedOutIsNotCached() {
        SqlCache<String> cache = new SqlCache<>(sql -> {
            throw new IllegalArgumentException("bad " + sql);
        });
        assertThatThrownBy(() -> cache.get("SELECT")).hasMessage("bad SELECT");
        assertThat(cache.peek("SELECT")).isNull();
    }
}
