package org.sharerengine.scale;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.sharerengine.scale.Endpoint.Reply;
import org.sharerengine.support.TestDatabase;

/**
 * Issue 4, "safe under retries": a crash loses nothing that was answered and leaves nothing half
 * written. The application, in a process of its own, takes single orders from sixteen callers
 * (so they are stored in groups, one commit per group) and is killed, as by {@code kill -9},
 * once 400 have been answered. Started again, it is sent every order again. An order answered
 * 201 before the kill must replay with the same answer: it was committed before it was answered.
 * An order in flight at the kill was stored whole or not at all; either way it is stored once now.
 */
class CrashIntegrationTests {

    private static final int CALLERS = 16;
    private static final int ANSWERS_BEFORE_THE_KILL = 400;

    @Test
    void killedUnderLoadItLosesNoAnsweredOrderAndStoresEveryOrderOnce() throws Exception {
        assumeThat(TestDatabase.postgres()).as("H2 writes its file up to WRITE_DELAY ms after a commit (see the README)").isTrue();
        Path log = Path.of("target", "crash-test-application.log");
        Files.deleteIfExists(log);
        Map<Integer, Reply> answered = new ConcurrentHashMap<>();
        AtomicInteger drawn = new AtomicInteger();
        Workload.Shop shop;
        try (AppProcess app = AppProcess.start(log, arguments())) {
            shop = Workload.newShop(app);
            CountDownLatch enough = new CountDownLatch(ANSWERS_BEFORE_THE_KILL);
            try (ExecutorService callers = Executors.newFixedThreadPool(CALLERS)) {
                for (int caller = 0; caller < CALLERS; caller++) {
                    callers.submit(() -> {
                        while (true) {
                            int order = drawn.getAndIncrement();
                            try {
                                answered.put(order, app.call("POST", "/api/v1/orders", shop.apiKey(), Workload.order(order, shop.sharerIds())));
                            } catch (CompletionException killed) {
                                return;
                            }
                            enough.countDown();
                        }
                    });
                }
                assertThat(enough.await(60, SECONDS)).as("400 orders answered within a minute").isTrue();
                app.kill();
            }
        }
        int sent = drawn.get();
        assertThat(answered.values()).as("answers before the kill").allSatisfy(reply -> assertThat(reply.status()).isEqualTo(201));
        assertThat(answered).hasSizeLessThan(sent);

        try (AppProcess again = AppProcess.start(log, arguments())) {
            Map<Integer, Reply> resent = new ConcurrentHashMap<>();
            try (ExecutorService callers = Executors.newFixedThreadPool(CALLERS)) {
                IntStream.range(0, sent).forEach(order -> callers.submit(() -> resent.put(order,
                        again.call("POST", "/api/v1/orders", shop.apiKey(), Workload.order(order, shop.sharerIds())))));
            }
            answered.forEach((order, before) -> {
                assertThat(resent.get(order).status()).as("order %d, answered 201 before the kill, sent again", order).isEqualTo(200);
                assertThat(resent.get(order).body()).as("order %d's answer after the kill", order).isEqualTo(before.body());
            });
            assertThat(resent).hasSize(sent).allSatisfy((order, reply) -> assertThat(reply.status()).isIn(200, 201));
            Workload.assertBooksBalance(again, shop);
        }
        assertThat(count("select count(*) from shop_order where shop_id = ?", shop.id())).as("orders stored").isEqualTo(sent);
        assertThat(count("select count(*) from commission_line where shop_id = ?", shop.id())).as("commission lines stored")
                .isEqualTo(IntStream.range(0, sent).map(order -> Workload.lines(order).size() * Workload.beneficiaries(order).size()).sum());
    }

    private static List<String> arguments() {
        return List.of("--spring.datasource.url=" + TestDatabase.postgresUrl(), "--spring.datasource.username=" + TestDatabase.postgresUser(),
                "--spring.datasource.password=" + TestDatabase.postgresPassword(), "--engine.demo.enabled=false",
                "--engine.settlement.cron=-", "--engine.team-bonus.cron=-", "--engine.levels.cron=-",
                "--spring.datasource.hikari.maximum-pool-size=8");
    }

    private static long count(String sql, long shop) throws Exception {
        try (Connection connection = TestDatabase.connectToPostgres();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, shop);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
