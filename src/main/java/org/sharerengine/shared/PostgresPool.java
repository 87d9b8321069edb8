package org.sharerengine.shared;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What the connection pool asks of PostgreSQL; nothing of it applies to H2.
 *
 * <p><b>Batched inserts rewritten.</b> Intake writes its rows in JDBC batches (orders, lines,
 * commission lines, ledger entries, level activity). The PostgreSQL driver sends a batch as one
 * statement per row unless told to rewrite inserts into multi-row ones; that is several times faster
 * for the same rows, so it is on by default. A {@code reWriteBatchedInserts} in the URL decides
 * instead. The engine never relies on a batch's per-row counts of inserts, which the rewrite cannot tell.
 *
 * <p><b>A transaction left open is ended.</b> Several instances share one database, and an intake
 * waits for the level rows and wallets another instance's transaction holds. If that instance stops
 * mid-transaction (paused, cut off by the network), PostgreSQL keeps its transaction open, and the
 * shop's orders waiting behind it, until TCP notices: two hours on Linux's defaults. Every
 * transaction of the engine works without pause between its statements (no outside calls), so a
 * session idle inside one for {@code engine.database.idle-in-transaction-timeout} has stopped, and
 * PostgreSQL ends it, rolling its work back whole. Waits for a working holder are not limited: a level
 * run holds a shop's intakes for as long as it writes. A {@code connection-init-sql} of one's own
 * replaces this setting.
 */
@Configuration(proxyBeanMethods = false)
class PostgresPool {

    @Bean
    static BeanPostProcessor postgresSessions(Environment environment) {
        Duration idleInTransaction = environment.getProperty("engine.database.idle-in-transaction-timeout", Duration.class,
                Duration.ofMinutes(1));
        if (idleInTransaction.isNegative() || idleInTransaction.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalStateException("engine.database.idle-in-transaction-timeout must lie between 0 (off) and "
                    + Integer.MAX_VALUE + " ms; it is " + idleInTransaction);
        }
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
                        && pool.getJdbcUrl().startsWith("jdbc:postgresql:")) {
                    if (!pool.getJdbcUrl().contains("reWriteBatchedInserts")
                            && !pool.getDataSourceProperties().containsKey("reWriteBatchedInserts")) {
                        pool.addDataSourceProperty("reWriteBatchedInserts", "true");
                    }
                    if (pool.getConnectionInitSql() == null) {
                        pool.setConnectionInitSql("set idle_in_transaction_session_timeout = " + idleInTransaction.toMillis());
                    }
                }
                return bean;
            }
        };
    }
}
