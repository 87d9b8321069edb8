package org.sharerengine.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Counts the statements the application sends to the database on the calling thread: each
 * execute and each executed batch is one round trip. MockMvc serves a request on the test's
 * thread, so a request's count is exactly its own, whatever the schedulers do meanwhile.
 */
public final class RoundTrips {

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");
    private static final ThreadLocal<int[]> COUNT = new ThreadLocal<>();

    private RoundTrips() {
    }

    /** Runs the work and answers how many statements it sent. */
    public static int of(Runnable work) {
        int[] count = new int[1];
        COUNT.set(count);
        try {
            work.run();
        } finally {
            COUNT.remove();
        }
        return count[0];
    }

    /** Import into a test to wrap the application's data source. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Counting {
        @Bean
        static BeanPostProcessor countingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource dataSource ? wrap(dataSource, DataSource.class) : bean;
                }
            };
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T wrap(T target, Class<?> type) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (EXECUTIONS.contains(method.getName()) && COUNT.get() != null) {
                COUNT.get()[0]++;
            }
            try {
                Object result = method.invoke(target, args);
                if (result instanceof Connection connection) {
                    return wrap(connection, Connection.class);
                }
                if (result instanceof Statement statement && method.getReturnType().isInterface()) {
                    return wrap(statement, method.getReturnType());
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(RoundTrips.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
