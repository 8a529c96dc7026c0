package io.momoko.autoconfigure.transaction;

import io.momoko.Pool;
import io.momoko.autoconfigure.MomokoProperties;
import io.momoko.autoconfigure.MomokoAutoConfiguration;
import io.momoko.spring.MomokoReactiveTransactionManager;
import io.momoko.spring.MomokoTransactionManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionManager;

/**
 * A Spring transaction manager for the Momoko {@link Pool}, so that {@code @Transactional} and Boot's
 * {@code TransactionalOperator}/{@code TransactionTemplate} work. Exactly one is configured, because
 * {@code @Transactional} looks its manager up by type:
 *
 * <ul>
 *   <li>{@link MomokoReactiveTransactionManager} when Reactor is present and the application is not a servlet
 *       (Spring MVC) application: WebFlux, or no web server;</li>
 *   <li>{@link MomokoTransactionManager} (thread-bound, for {@code pool.blocking()}) in a servlet application or
 *       without Reactor.</li>
 * </ul>
 *
 * <p>Either backs off for any {@link TransactionManager} bean of the application's. Runs before Boot's
 * {@code TransactionAutoConfiguration}, whose {@code TransactionalOperator} and {@code TransactionTemplate} need a
 * single manager to exist by then, and applies Boot's {@link TransactionManagerCustomizers} (execution listeners,
 * {@code spring.transaction.*}), which Boot 4 does not apply by itself.
 */
@AutoConfiguration(after = MomokoAutoConfiguration.class,
        afterName = "org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration",
        beforeName = "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration")
@ConditionalOnClass({Pool.class, PlatformTransactionManager.class, TransactionManagerCustomizers.class})
@ConditionalOnSingleCandidate(Pool.class)
public final class MomokoTransactionManagerAutoConfiguration {

    MomokoTransactionManagerAutoConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "reactor.core.publisher.Mono")
    @Conditional(NotServletApplication.class)
    static class ReactiveManagerConfiguration {

        @Bean
        @ConditionalOnMissingBean(TransactionManager.class)
        MomokoReactiveTransactionManager reactiveTransactionManager(
                Pool pool, ObjectProvider<TransactionManagerCustomizers> customizers,
                ObjectProvider<MomokoProperties> properties) {
            MomokoReactiveTransactionManager manager = new MomokoReactiveTransactionManager(pool);
            properties.ifAvailable(momoko -> manager.setReadOnlyOnReplicas(
                    momoko.getReplicas().isReadOnlyTransactions()));
            customizers.ifAvailable(all -> all.customize(manager));
            return manager;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(BlockingApplication.class)
    static class PlatformManagerConfiguration {

        @Bean
        @ConditionalOnMissingBean(TransactionManager.class)
        MomokoTransactionManager transactionManager(Pool pool,
                                                    ObjectProvider<TransactionManagerCustomizers> customizers,
                                                    ObjectProvider<MomokoProperties> properties) {
            MomokoTransactionManager manager = new MomokoTransactionManager(pool);
            properties.ifAvailable(momoko -> manager.setReadOnlyOnReplicas(
                    momoko.getReplicas().isReadOnlyTransactions()));
            customizers.ifAvailable(all -> all.customize(manager));
            return manager;
        }
    }

    /** Anything but a servlet web application. */
    static final class NotServletApplication extends NoneNestedConditions {

        NotServletApplication() {
            super(ConfigurationPhase.PARSE_CONFIGURATION);
        }

        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
        static final class Servlet {
        }
    }

    /** A servlet web application, or any application without Reactor. */
    static final class BlockingApplication extends AnyNestedCondition {

        BlockingApplication() {
            super(ConfigurationPhase.PARSE_CONFIGURATION);
        }

        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
        static final class Servlet {
        }

        @ConditionalOnMissingClass("reactor.core.publisher.Mono")
        static final class WithoutReactor {
        }
    }
}
