package io.momoko.sample;

import io.momoko.Pool;
import io.momoko.spring.MomokoReactiveTransactionManager;
import io.momoko.spring.MomokoTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Both transaction styles in one application. An application of one style needs none of this: the starter
 * configures the reactive manager in a WebFlux application and the blocking one in a Spring MVC application. Here
 * both are declared (so the starter's backs off), the reactive one primary for plain {@code @Transactional}, the
 * blocking one named for {@code @Transactional(transactionManager = BLOCKING)}.
 */
@Configuration(proxyBeanMethods = false)
class TransactionConfiguration {

    /** The blocking manager's bean name. */
    static final String BLOCKING = "blockingTransactionManager";

    @Bean
    @Primary
    MomokoReactiveTransactionManager reactiveTransactionManager(Pool pool) {
        return new MomokoReactiveTransactionManager(pool);
    }

    @Bean(BLOCKING)
    MomokoTransactionManager blockingTransactionManager(Pool pool) {
        return new MomokoTransactionManager(pool);
    }
}
