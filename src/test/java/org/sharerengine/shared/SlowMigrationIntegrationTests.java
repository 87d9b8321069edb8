package org.sharerengine.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.sharerengine.App;
import org.sharerengine.support.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * On PostgreSQL an instance starts on a database whose migration takes longer than
 * {@code engine.database.idle-in-transaction-timeout}: Flyway's lock must not hold a connection idle in
 * a transaction for the length of the migration, or PostgreSQL ends that session and the start fails
 * (as V18 did on the large benchmark's 28,000,000 commission lines, a minute and more of index builds).
 * The whole schema is migrated in a schema of its own, and then one more migration that sleeps past
 * the timeout.
 */
class SlowMigrationIntegrationTests {

    private static final String SCHEMA = "slow_migration_test";

    @Test
    void aMigrationLongerThanTheIdleInTransactionTimeoutCompletes() throws SQLException {
        assumeThat(TestDatabase.postgres()).as("PostgreSQL's idle-in-transaction timeout").isTrue();
        String url = TestDatabase.postgresUrl();
        dropSchema();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).profiles(TestDatabase.profiles())
                .registerShutdownHook(false).run("--server.port=0",
                        "--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA,
                        "--spring.flyway.schemas=" + SCHEMA,
                        "--spring.flyway.locations=classpath:db/migration,classpath:db/vendor/{vendor},classpath:db/slow-migration",
                        "--engine.database.idle-in-transaction-timeout=PT1S",
                        "--spring.datasource.hikari.maximum-pool-size=4", "--spring.datasource.hikari.minimum-idle=1")) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            assertThat(jdbc.sql("show idle_in_transaction_session_timeout").query(String.class).single()).isEqualTo("1s");
            assertThat(jdbc.sql("select version || ' ' || success from flyway_schema_history order by installed_rank desc")
                    .query(String.class).list()).startsWith("1000 true", "18 true");
        } finally {
            dropSchema();
        }
    }

    private static void dropSchema() throws SQLException {
        try (Connection db = TestDatabase.connectToPostgres(); Statement sql = db.createStatement()) {
            sql.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }
}
