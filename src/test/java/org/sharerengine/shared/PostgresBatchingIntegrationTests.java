package org.sharerengine.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;

/** The pool asks the PostgreSQL driver to rewrite batched inserts, and passes nothing of the kind to H2. */
@ApiTest
class PostgresBatchingIntegrationTests {

    @Autowired
    DataSource dataSource;

    @Test
    void batchedInsertsAreRewrittenOnPostgresOnly() throws Exception {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        Object rewrite = pool.getDataSourceProperties().get("reWriteBatchedInserts");
        if (TestDatabase.postgres()) {
            assertThat(rewrite).isEqualTo("true");
        } else {
            assertThat(rewrite).isNull();
        }
    }
}
