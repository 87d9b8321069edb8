package org.sharerengine.shared;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Intake writes its rows in JDBC batches (orders, lines, commission lines, ledger entries, level
 * activity). The PostgreSQL driver sends a batch as one statement per row unless told to rewrite
 * inserts into multi-row ones; that is several times faster for the same rows, so it is on by
 * default for PostgreSQL. A {@code reWriteBatchedInserts} in the URL decides instead. The engine
 * never relies on a batch's per-row counts of inserts, which the rewrite cannot tell.
 */
@Configuration(proxyBeanMethods = false)
class PostgresBatching {

    @Bean
    static BeanPostProcessor rewriteBatchedInserts() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
                        && pool.getJdbcUrl().startsWith("jdbc:postgresql:") && !pool.getJdbcUrl().contains("reWriteBatchedInserts")
                        && !pool.getDataSourceProperties().containsKey("reWriteBatchedInserts")) {
                    pool.addDataSourceProperty("reWriteBatchedInserts", "true");
                }
                return bean;
            }
        };
    }
}
