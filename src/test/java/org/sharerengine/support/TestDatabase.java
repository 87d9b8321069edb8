package org.sharerengine.support;

import org.springframework.test.context.ActiveProfilesResolver;

/** Runs the suite on H2 by default and on PostgreSQL with {@code -Dtest.db=postgres} (see bin/test). */
public class TestDatabase implements ActiveProfilesResolver {

    public static boolean postgres() {
        return "postgres".equalsIgnoreCase(System.getProperty("test.db", "h2"));
    }

    public static String[] profiles() {
        return postgres() ? new String[] {"test", "postgres"} : new String[] {"test"};
    }

    @Override
    public String[] resolve(Class<?> testClass) {
        return profiles();
    }
}
