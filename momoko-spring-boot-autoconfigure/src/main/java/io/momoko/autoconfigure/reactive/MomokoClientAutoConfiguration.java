package io.momoko.autoconfigure.reactive;

import io.momoko.Pool;
import io.momoko.autoconfigure.MomokoAutoConfiguration;
import io.momoko.spring.MomokoClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;

/**
 * A {@link MomokoClient} over the {@link Pool} when Reactor is present: statements as {@code Mono}/{@code Flux},
 * inside the reactive transaction when there is one. Backs off for the application's own client.
 */
@AutoConfiguration(after = MomokoAutoConfiguration.class)
@ConditionalOnClass({Mono.class, Pool.class})
@ConditionalOnSingleCandidate(Pool.class)
public final class MomokoClientAutoConfiguration {

    MomokoClientAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    MomokoClient momokoClient(Pool pool) {
        return MomokoClient.create(pool);
    }
}
