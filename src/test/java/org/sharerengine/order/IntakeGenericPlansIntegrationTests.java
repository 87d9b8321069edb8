package org.sharerengine.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.sharerengine.support.Api.json;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharerengine.shared.Pipelines;
import org.sharerengine.shared.Reads;
import org.sharerengine.shared.ShopId;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On PostgreSQL an intake's transaction plans its statements for any arguments (see
 * OrderIntake#read), and only that transaction: the setting is gone once it commits.
 */
@ApiTest
class IntakeGenericPlansIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    OrderIntake intake;

    @Autowired
    Pipelines pipelines;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anIntakesTransactionPlansForAnyArgumentsAndTheConnectionForgetsItAtTheCommit() {
        assumeThat(TestDatabase.postgres()).as("a PostgreSQL setting").isTrue();
        Api.Shop shop = api.newShop(json());
        Setting before = setting();

        Setting during = transactions.execute(tx -> {
            Reads reads = pipelines.reads();
            intake.read(reads, new ShopId(shop.id), List.of());
            reads.send();
            return setting();
        });
        Setting after = setting();

        // The pool hands a thread back the connection it used last: one session, before, during and after the transaction.
        assertThat(List.of(during.session(), after.session())).containsOnly(before.session());
        assertThat(before.planCacheMode()).isNotEqualTo("force_generic_plan");
        assertThat(during.planCacheMode()).isEqualTo("force_generic_plan");
        // Whatever the server's own setting (auto as installed), the session has it back at the commit.
        assertThat(after.planCacheMode()).isEqualTo(before.planCacheMode());
    }

    private record Setting(int session, String planCacheMode) {
    }

    private Setting setting() {
        return jdbc.sql("select pg_backend_pid(), current_setting('plan_cache_mode')")
                .query((rs, n) -> new Setting(rs.getInt(1), rs.getString(2))).single();
    }
}
