package io.momoko.autoconfigure;

import io.momoko.Pool;

/**
 * Tweaks the pool's builder in code after the properties are applied and before the pool is built. Every
 * customizer bean is applied, in {@link org.springframework.core.Ordered} order.
 */
@FunctionalInterface
public interface MomokoPoolCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder, with the properties already applied
     */
    void customize(Pool.Builder builder);
}
