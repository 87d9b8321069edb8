package org.sharerengine.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Counts the statements the application sends to the database while a piece of work runs: each
 * execute and each executed batch is one round trip. Counted on every thread, since single orders
 * are stored by the intake's writer threads, not by the request's; so the work must be the only
 * thing sending statements meanwhile, as it is in the tests (one test at a time, the schedulers off).
 */
public final class RoundTrips {

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");
    /** The count of the work running now; null when none runs. */
    private static final AtomicReference<AtomicInteger> COUNT = new AtomicReference<>();

    private RoundTrips() {
    }

    /** Runs the work and answers how many statements it sent. */
    public static int of(Runnable work) {
        AtomicInteger count = new AtomicInteger();
        if (!COUNT.compareAndSet(null, count)) {
            throw new IllegalStateException("statements are counted for one piece of work at a time");
        }
        try {
            work.run();
        } finally {
            COUNT.set(null);
        }
        return count.get();
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
            AtomicInteger count = COUNT.get();
            if (count != null && EXECUTIONS.contains(method.getName())) {
                count.incrementAndGet();
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
