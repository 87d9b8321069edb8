package org.sharerengine.scale;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.sharerengine.App;
import org.sharerengine.support.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One whole instance of the application started in this JVM — its own Tomcat on a random port,
 * its own connection pool, its own scheduler — called over real HTTP as an integrator would.
 */
final class Instance extends Endpoint {

    /**
     * On H2 both instances reach one named in-memory database of their own (the suite's options,
     * another name), so the jobs they schedule see only this test's shops; on PostgreSQL they
     * share the suite's database, as two production instances would share theirs.
     */
    private static final String H2_URL = "jdbc:h2:mem:two-instances;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
            + "DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1";

    final String name;
    private final ConfigurableApplicationContext context;

    private Instance(String name, ConfigurableApplicationContext context) {
        super(URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")));
        this.name = name;
        this.context = context;
    }

    /**
     * Starts an instance whose scheduled jobs fire on {@code cron} ("-": never). Its scheduler
     * threads carry its name, so a log line tells which instance ran a job.
     */
    static Instance start(String name, String cron) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--spring.task.scheduling.thread-name-prefix=" + name + "-scheduling-",
                "--spring.task.scheduling.shutdown.await-termination=true",
                "--spring.task.scheduling.shutdown.await-termination-period=10s",
                "--spring.datasource.hikari.pool-name=" + name,
                // Few connections: the PostgreSQL server of a test run is shared, and its connections are counted.
                "--spring.datasource.hikari.maximum-pool-size=6", "--spring.datasource.hikari.minimum-idle=1",
                // Shorter than the second between ticks of the tests' every-second schedules.
                "--engine.scheduling.lock-at-least-for=PT0.9S",
                "--engine.settlement.cron=" + cron, "--engine.team-bonus.cron=" + cron, "--engine.levels.cron=" + cron));
        if (!TestDatabase.postgres()) {
            args.add("--spring.datasource.url=" + H2_URL);
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).profiles(TestDatabase.profiles())
                .registerShutdownHook(false).run(args.toArray(String[]::new));
        return new Instance(name, context);
    }

    JdbcClient jdbc() {
        return context.getBean(JdbcClient.class);
    }

    @Override
    public void close() {
        context.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
