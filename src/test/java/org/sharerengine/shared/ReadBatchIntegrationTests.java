package org.sharerengine.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.RoundTrips;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads batched together answer each its own rows, as if run alone, with named and array
 * parameters; on PostgreSQL the whole batch is one statement sent.
 */
@ApiTest
@Import(RoundTrips.Counting.class)
class ReadBatchIntegrationTests {

    @Autowired
    Pipelines pipelines;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Database database;

    @Autowired
    Api api;

    @Test
    void eachReadOfABatchAnswersItsOwnRowsInOneRoundTripOnPostgres() {
        Api.Shop shop = api.newShop();
        long alice = shop.sharer("alice", null);
        long bob = shop.sharer("bob", alice);
        shop.sharer("carol", null);
        List<List<String>> answered = new java.util.ArrayList<>();
        int statements = RoundTrips.of(() -> transactions.executeWithoutResult(tx -> {
            ReadBatch reads = pipelines.reads();
            ReadBatch.Rows<String> names = reads.add(
                    "select external_user_id from sharer where shop_id = :shop and id = any(:ids) order by id",
                    Map.of("shop", shop.id, "ids", new Long[] {bob, alice}), (rs, n) -> rs.getString(1));
            ReadBatch.Rows<String> none = reads.add("select external_user_id from sharer where shop_id = :shop and id = :id",
                    Map.of("shop", shop.id, "id", -1L), (rs, n) -> rs.getString(1));
            ReadBatch.Rows<String> children = reads.add("select external_user_id from sharer where shop_id = :shop and parent_id = :parent",
                    Map.of("shop", shop.id, "parent", alice), (rs, n) -> rs.getString(1));
            assertThatThrownBy(names::get).isInstanceOf(IllegalStateException.class);
            reads.send();
            answered.add(names.get());
            answered.add(none.get());
            answered.add(children.get());
        }));

        assertThat(answered).containsExactly(List.of("alice", "bob"), List.of(), List.of("bob"));
        assertThat(statements).isEqualTo(database.postgres() ? 1 : 3);
    }
}
