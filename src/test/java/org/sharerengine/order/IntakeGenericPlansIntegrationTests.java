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

        Setting during = transactions.execute(tx -> {
            Reads reads = pipelines.reads();
            intake.read(reads, new ShopId(shop.id), List.of());
            reads.send();
            return setting();
        });
        Setting after = setting();

        assertThat(during.planCacheMode()).isEqualTo("force_generic_plan");
        // The pool hands a thread back the connection it used last: the same session, after its commit.
        assertThat(after.session()).isEqualTo(during.session());
        assertThat(after.planCacheMode()).isEqualTo("auto");
    }

    private record Setting(int session, String planCacheMode) {
    }

    private Setting setting() {
        return jdbc.sql("select pg_backend_pid(), current_setting('plan_cache_mode')")
                .query((rs, n) -> new Setting(rs.getInt(1), rs.getString(2))).single();
    }
}
