package io.momoko.autoconfigure.transaction;

import io.momoko.ConnectOptions;
import io.momoko.DatabaseException;
import io.momoko.Pool;
import io.momoko.autoconfigure.MomokoAutoConfiguration;
import io.momoko.autoconfigure.reactive.MomokoClientAutoConfiguration;
import io.momoko.spring.MomokoClient;
import io.momoko.spring.MomokoReactiveTransactionManager;
import io.momoko.spring.MomokoTransactionManager;
import io.momoko.test.Await;
import io.momoko.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.TransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Mono;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

/**
 * Which transaction manager and client the starter configures, when it backs off, and that {@code @Transactional}
 * then works end to end on both styles.
 */
class MomokoTransactionAutoConfigurationTests {

    private static final ConnectOptions DB = TestDatabase.get().options();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MomokoAutoConfiguration.class,
                    MomokoTransactionManagerAutoConfiguration.class, MomokoClientAutoConfiguration.class,
                    TransactionManagerCustomizationAutoConfiguration.class, TransactionAutoConfiguration.class))
            .withPropertyValues("momoko.host=" + DB.host(), "momoko.port=" + DB.port(),
                    "momoko.database=" + DB.database(), "momoko.username=" + DB.user(),
                    "momoko.password=" + (DB.password() == null ? "" : DB.password()),
                    "momoko.ssl-mode=" + DB.sslMode().dsnValue(), "momoko.pool.max-size=4");

    @Test
    void withReactorConfiguresTheReactiveManagerAnOperatorAndTheClient() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(MomokoReactiveTransactionManager.class)
                    .hasSingleBean(TransactionalOperator.class).hasSingleBean(MomokoClient.class)
                    .doesNotHaveBean(PlatformTransactionManager.class);
        });
    }

    @Test
    void withoutReactorConfiguresTheBlockingManagerAndNoClient() {
        runner.withClassLoader(new FilteredClassLoader(Mono.class)).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(MomokoTransactionManager.class)
                    .hasSingleBean(TransactionTemplate.class).doesNotHaveBean(ReactiveTransactionManager.class)
                    .doesNotHaveBean(MomokoClient.class);
        });
    }

    @Test
    void readOnlyTransactionsGoToStandbysWhenAsked() {
        runner.run(context -> assertThat(context.getBean(MomokoReactiveTransactionManager.class)
                .isReadOnlyOnReplicas()).isFalse());
        runner.withPropertyValues("momoko.replicas.read-only-transactions=true").run(context ->
                assertThat(context.getBean(MomokoReactiveTransactionManager.class).isReadOnlyOnReplicas()).isTrue());
        runner.withClassLoader(new FilteredClassLoader(Mono.class))
                .withPropertyValues("momoko.replicas.read-only-transactions=true").run(context ->
                        assertThat(context.getBean(MomokoTransactionManager.class).isReadOnlyOnReplicas()).isTrue());
    }

    @Test
    void withoutSpringTxConfiguresNoManager() {
        runner.withClassLoader(new FilteredClassLoader(PlatformTransactionManager.class)).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(TransactionManager.class)
                    .hasSingleBean(MomokoClient.class);
        });
    }

    @Test
    void backsOffForTheApplicationsOwnManagerAndClient() {
        runner.withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).hasNotFailed().getBean(TransactionManager.class).isSameAs(OwnBeans.MANAGER);
            assertThat(context).doesNotHaveBean(MomokoReactiveTransactionManager.class)
                    .doesNotHaveBean(MomokoTransactionManager.class);
            assertThat(context.getBean(MomokoClient.class)).isSameAs(context.getBean("ownClient"));
        });
    }

    @Test
    void backsOffWithoutAPool() {
        runner.withPropertyValues("momoko.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(TransactionManager.class)
                    .doesNotHaveBean(MomokoClient.class);
        });
    }

    @Test
    void appliesTransactionManagerCustomizers() {
        runner.withUserConfiguration(Listener.class).run(context -> {
            assertThat(context.getBean(MomokoReactiveTransactionManager.class).getTransactionExecutionListeners())
                    .containsExactly(context.getBean(TransactionExecutionListener.class));
        });
        runner.withClassLoader(new FilteredClassLoader(Mono.class)).withUserConfiguration(Listener.class)
                .run(context -> assertThat(context.getBean(MomokoTransactionManager.class)
                        .getTransactionExecutionListeners())
                        .containsExactly(context.getBean(TransactionExecutionListener.class)));
    }

    @Test
    void transactionalReactiveMethodsRollBackAMoneyTransfer() {
        runner.withUserConfiguration(ReactiveBank.class).run(context -> {
            ReactiveBank bank = context.getBean(ReactiveBank.class);
            Await.result(bank.reset().toFuture());
            assertThat(Await.failure(bank.transfer(500).toFuture())).isInstanceOf(DatabaseException.class);
            assertThat(Await.result(bank.balances().toFuture())).containsExactly(100, 0);
            Await.result(bank.transfer(30).toFuture());
            assertThat(Await.result(bank.balances().toFuture())).containsExactly(70, 30);
            Await.until("every connection back", () -> context.getBean(Pool.class).stats().busy() == 0);
        });
    }

    @Test
    void transactionalBlockingMethodsRollBackAMoneyTransfer() {
        runner.withClassLoader(new FilteredClassLoader(Mono.class)).withUserConfiguration(BlockingBank.class)
                .run(context -> {
                    BlockingBank bank = context.getBean(BlockingBank.class);
                    bank.reset();
                    assertThatThrownBy(() -> bank.transfer(500)).isInstanceOf(DatabaseException.class);
                    assertThat(bank.balances()).containsExactly(100, 0);
                    bank.transfer(30);
                    assertThat(bank.balances()).containsExactly(70, 30);
                    assertThat(context.getBean(Pool.class).stats().busy()).isZero();
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        static final ReactiveTransactionManager MANAGER = mock(ReactiveTransactionManager.class);

        @Bean
        ReactiveTransactionManager ownManager() {
            return MANAGER;
        }

        @Bean
        MomokoClient ownClient(Pool pool) {
            return MomokoClient.create(pool);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Listener {
        @Bean
        TransactionExecutionListener listener() {
            return new TransactionExecutionListener() {
            };
        }
    }

    /** A reactive service as an application writes it: {@code @Transactional} and the client. */
    public static class ReactiveBank {
        private final MomokoClient client;

        public ReactiveBank(MomokoClient client) {
            this.client = client;
        }

        public Mono<Void> reset() {
            return client.execute("CREATE TABLE IF NOT EXISTS tx_bank (id int PRIMARY KEY, balance int NOT NULL "
                    + "CHECK (balance >= 0))").then(client.execute("DELETE FROM tx_bank"))
                    .then(client.execute("INSERT INTO tx_bank VALUES (1, 100), (2, 0)")).then();
        }

        @Transactional
        public Mono<Void> transfer(int amount) {
            return client.update("UPDATE tx_bank SET balance = balance + %s WHERE id = 2", amount)
                    .then(client.update("UPDATE tx_bank SET balance = balance - %s WHERE id = 1", amount)).then();
        }

        public Mono<List<Integer>> balances() {
            return client.query("SELECT balance FROM tx_bank ORDER BY id").map(row -> row.get(0, Integer.class))
                    .collectList();
        }
    }

    /** A blocking service as an MVC application writes it: {@code @Transactional} and {@code pool.blocking()}. */
    public static class BlockingBank {
        private final Pool pool;

        public BlockingBank(Pool pool) {
            this.pool = pool;
        }

        public void reset() {
            pool.blocking().execute("CREATE TABLE IF NOT EXISTS tx_bank (id int PRIMARY KEY, balance int NOT NULL "
                    + "CHECK (balance >= 0))");
            pool.blocking().transaction(List.of("DELETE FROM tx_bank", "INSERT INTO tx_bank VALUES (1, 100), (2, 0)"));
        }

        @Transactional
        public void transfer(int amount) {
            pool.blocking().execute("UPDATE tx_bank SET balance = balance + %s WHERE id = 2", amount);
            pool.blocking().execute("UPDATE tx_bank SET balance = balance - %s WHERE id = 1", amount);
        }

        public List<Integer> balances() {
            return pool.blocking().execute("SELECT balance FROM tx_bank ORDER BY id").fetchAll().stream()
                    .map(row -> row.get(0, Integer.class)).toList();
        }
    }
}
