package org.sharerengine.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharerengine.shared.Pipelines;
import org.sharerengine.shared.Reads;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sharers an intake starts from, each with its inviters as deep as asked, in one read
 * ({@link Sharers#chains}): one row per sharer asked for, its inviters beside it.
 */
@ApiTest
class SharerChainsIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    Sharers sharers;

    @Autowired
    Pipelines pipelines;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void eachSharerAskedForComesOnceWithItsInvitersAsDeepAsAskedAndNoDeeperThanTheTree() {
        Api.Shop shop = api.newShop();
        long root = shop.sharer("root", null);
        long mid = shop.sharer("mid", root);
        long seller = shop.sharer("seller", mid);
        long deep = shop.sharer("deep", seller);
        Api.Shop other = api.newShop();
        long elsewhere = other.sharer("elsewhere", null);

        // The seller by id and by external id, and through a query of ids (as a binding leads to it):
        // one chain. The root alone has no inviter; a sharer of another shop or unknown has no entry.
        Map<SharerId, List<Sharer>> three = chains(shop, List.of(seller, root, elsewhere, 999_999_999L),
                List.of("seller", "nobody"), List.of(new Sharers.SharerIdsQuery("select cast(? as bigint)", seller)), 3);
        assertThat(three.keySet()).containsExactlyInAnyOrder(new SharerId(seller), new SharerId(root));
        assertThat(ids(three.get(new SharerId(seller)))).containsExactly(seller, mid, root);
        assertThat(ids(three.get(new SharerId(root)))).containsExactly(root);
        // Every column of every sharer as the sharer's own upline reads it, which intake falls back on
        // for a sharer its first read did not bring (CommissionRun).
        three.forEach((start, chain) -> assertThat(chain).as("the chain of %s", start).isEqualTo(upline(shop, start, 3)));

        // Four deep, asked for three: the chain stops at the third; asked for one, the sharer alone.
        List<Sharer> cut = chains(shop, List.of(deep), List.of(), List.of(), 3).get(new SharerId(deep));
        assertThat(ids(cut)).containsExactly(deep, seller, mid);
        assertThat(cut).isEqualTo(upline(shop, new SharerId(deep), 3));
        assertThat(ids(chains(shop, List.of(), List.of("deep"), List.of(), 1).get(new SharerId(deep)))).containsExactly(deep);
    }

    private List<Sharer> upline(Api.Shop shop, SharerId sharer, int levels) {
        return sharers.upline(new ShopId(shop.id), sharer, levels);
    }

    private Map<SharerId, List<Sharer>> chains(Api.Shop shop, List<Long> ids, List<String> externalUserIds,
            List<Sharers.SharerIdsQuery> more, int levels) {
        return transactions.execute(tx -> {
            Reads reads = pipelines.reads();
            return sharers.chains(reads, new ShopId(shop.id), ids.stream().map(SharerId::new).toList(), externalUserIds, more, levels)
                    .get();
        });
    }

    private static List<Long> ids(List<Sharer> chain) {
        return chain.stream().map(sharer -> sharer.id().value()).toList();
    }
}
