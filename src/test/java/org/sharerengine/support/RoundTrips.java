package org.sharerengine.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * The SQL states of the statements that failed meanwhile are kept too: a failure the application
 * gets over by itself (a batch tried again) leaves no other trace. So are the prepared statements
 * executed one at a time, with their parameters ({@link #queriesOf}), for a test to look at their plans.
 */
public final class RoundTrips {

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");
    /** What the work running now sent; null when none runs. */
    private static final AtomicReference<Sent> SENT = new AtomicReference<>();

    private record Sent(AtomicInteger statements, Queue<String> failures, Queue<Query> queries) {
    }

    /** A prepared statement as the driver got it: its text ({@code ?} for each parameter) and the parameters, in order. */
    public record Query(String sql, Object[] args) {
    }

    private RoundTrips() {
    }

    /** Runs the work and answers how many statements it sent. */
    public static int of(Runnable work) {
        return sent(work).statements().get();
    }

    /** Runs the work and answers the prepared statements it executed one at a time (not in batches), in order. */
    public static List<Query> queriesOf(Runnable work) {
        return List.copyOf(sent(work).queries());
    }

    /** Runs the work and answers the SQL states of the statements that failed meanwhile, in order (40P01: a deadlock broken). */
    public static List<String> failuresOf(Runnable work) {
        return List.copyOf(sent(work).failures());
    }

    private static Sent sent(Runnable work) {
        Sent sent = new Sent(new AtomicInteger(), new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());
        if (!SENT.compareAndSet(null, sent)) {
            throw new IllegalStateException("statements are counted for one piece of work at a time");
        }
        try {
            work.run();
        } finally {
            SENT.set(null);
        }
        return sent;
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

    private static <T> T wrap(T target, Class<?> type) {
        return wrap(target, type, null);
    }

    /** {@code sql}: the text of the prepared statement wrapped, whose parameters are then kept as they are set. */
    @SuppressWarnings("unchecked")
    private static <T> T wrap(T target, Class<?> type, String sql) {
        Map<Integer, Object> parameters = new TreeMap<>();
        InvocationHandler handler = (proxy, method, args) -> {
            Sent sent = SENT.get();
            if (sent != null && EXECUTIONS.contains(method.getName())) {
                sent.statements().incrementAndGet();
                if (sql != null && !method.getName().contains("Batch")) {
                    sent.queries().add(new Query(sql, parameters.values().toArray()));
                }
            }
            if (sql != null && method.getName().startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
                parameters.put(index, method.getName().equals("setNull") ? null : args[1]);
            } else if (sql != null && method.getName().equals("clearParameters")) {
                parameters.clear();
            }
            try {
                Object result = method.invoke(target, args);
                if (result instanceof Connection connection) {
                    return wrap(connection, Connection.class);
                }
                if (result instanceof Statement statement && method.getReturnType().isInterface()) {
                    boolean prepared = method.getName().startsWith("prepare") && args != null && args[0] instanceof String;
                    return wrap(statement, method.getReturnType(), prepared ? (String) args[0] : null);
                }
                return result;
            } catch (InvocationTargetException e) {
                if (sent != null && e.getCause() instanceof SQLException failed) {
                    sent.failures().add(failed.getSQLState());
                }
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(RoundTrips.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
