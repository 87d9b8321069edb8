package org.sharerengine.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.springframework.test.context.ActiveProfilesResolver;

/** Runs the suite on H2 by default and on PostgreSQL with {@code -Dtest.db=postgres} (see bin/test). */
public class TestDatabase implements ActiveProfilesResolver {

    public static boolean postgres() {
        return "postgres".equalsIgnoreCase(System.getProperty("test.db", "h2"));
    }

    /** The suite's PostgreSQL database (bin/test passes {@code -Dtest.pg.url}, {@code .user}, {@code .password}). */
    public static String postgresUrl() {
        return System.getProperty("test.pg.url", "jdbc:postgresql://127.0.0.1:5432/sharer_engine_test");
    }

    public static String postgresUser() {
        return System.getProperty("test.pg.user", "postgres");
    }

    public static String postgresPassword() {
        return System.getProperty("test.pg.password", "");
    }

    /** A connection of its own to the suite's PostgreSQL database, outside any application context. */
    public static Connection connectToPostgres() throws SQLException {
        return DriverManager.getConnection(postgresUrl(), postgresUser(), postgresPassword());
    }

    public static String[] profiles() {
        return postgres() ? new String[] {"test", "postgres"} : new String[] {"test"};
    }

    @Override
    public String[] resolve(Class<?> testClass) {
        return profiles();
    }
}
