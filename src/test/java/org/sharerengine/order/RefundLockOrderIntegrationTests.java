package org.sharerengine.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.LockWaits;
import org.sharerengine.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A refund and an intake take their locks in the same order: the seller's level row first, then
 * the wallets. An intake group locks its sellers' level rows before it moves any wallet; a refund
 * that moved the wallets of the refunded order's commission first and only then waited for the
 * seller's level row closed a cycle with such a group (each waiting for a row the other held), and
 * PostgreSQL broke it by failing one of them.
 */
@ApiTest
class RefundLockOrderIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void aRefundWaitingForTheSellersLevelRowHoldsNoWalletAnIntakeWantsNext() throws Exception {
        assumeThat(TestDatabase.postgres()).as("row locks that wait are PostgreSQL's").isTrue();
        Api.Shop shop = api.newShop(json("commissionDepth", 2, "level1RateBp", 600, "level2RateBp", 100));
        shop.put("/api/v1/level-programme", json("pointsPerYuan", 1, "levels", List.of(json("rank", 1, "name", "普通"),
                json("rank", 2, "name", "中级", "entry", json("points", 1_000_000))))).expect(200);
        long inviter = shop.sharer("inviter", null);
        long seller = shop.sharer("seller", inviter);
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.order("o-1", "c-1", seller, null, line("l-1", "tea", 1, 10_000)).expect(201);
        assertThat(jdbc.sql("select count(*) from sharer_level where shop_id = :shop and sharer_id = :seller")
                .param("shop", shop.id).param("seller", seller).query(Long.class).single())
                .as("the seller's level row, which the sale counted on").isOne();

        JsonNode refund;
        try (Connection intake = dataSource.getConnection()) {
            intake.setAutoCommit(false);
            // What an intake group does first: lock its sellers' level rows.
            LockWaits.execute(intake, "set local lock_timeout = '10s'");
            LockWaits.holdLevelRow(intake, shop.id, seller);
            CompletableFuture<JsonNode> refunding = CompletableFuture.supplyAsync(
                    () -> shop.refund("o-1", "r-1", "l-1", 5_000).expect(201).body());
            LockWaits.await(jdbc, 1, "%sharer_level%");
            // What it does next: move the wallets of its commission, here the inviter's, whose commission the refund reverses.
            LockWaits.execute(intake, "update wallet set pending_fen = pending_fen + 0 where shop_id = ? and sharer_id = ?", shop.id, inviter);
            intake.commit();
            refund = refunding.get();
        }

        assertThat(refund.get("reversals")).extracting(r -> r.get("amountFen").asLong()).containsExactlyInAnyOrder(-300L, -50L);
        assertThat(shop.wallet(seller).get("pendingFen").asLong()).isEqualTo(300);
        assertThat(shop.wallet(inviter).get("pendingFen").asLong()).isEqualTo(50);
        shop.assertBooksBalance();
    }
}
