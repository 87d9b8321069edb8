package org.sharerengine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The sessions of the test database that wait for a lock: what a test staging a lock conflict waits for. */
public final class LockWaits {

    private LockWaits() {
    }

    /**
     * Waits until at least {@code sessions} sessions wait for a lock while running a statement like
     * {@code statement} (a LIKE pattern; "%" for any); fails after 20 s.
     */
    public static void await(JdbcClient jdbc, int sessions, String statement) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (jdbc.sql(TestDatabase.postgres() ? WAITING_ON_POSTGRES : WAITING_ON_H2).param("statement", statement)
                .query(Long.class).single() < sessions) {
            assertThat(System.nanoTime()).as("time waited for %d sessions to wait for a lock running %s", sessions, statement)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static final String WAITING_ON_POSTGRES = """
            select count(*) from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and query like :statement""";

    /** H2 names the session a waiting one waits for. */
    private static final String WAITING_ON_H2 = """
            select count(*) from information_schema.sessions where blocker_id is not null and executing_statement like :statement""";

    /** Locks a sharer's level row on a connection of the test's own until it commits, as an intake or a grant does first. */
    public static void holdLevelRow(Connection connection, long shop, long sharer) throws SQLException {
        execute(connection, "select 1 from sharer_level where shop_id = ? and sharer_id = ? for update", shop, sharer);
    }

    /** Runs a statement on a connection of the test's own, one that holds locks the application is to wait for. */
    public static void execute(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.execute();
        }
    }
}
