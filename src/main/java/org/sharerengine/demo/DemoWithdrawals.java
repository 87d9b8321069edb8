package org.sharerengine.demo;

import java.util.Comparator;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sharerengine.ledger.Ledger;
import org.sharerengine.network.SharerStatus;
import org.sharerengine.network.Sharers;
import org.sharerengine.shared.ShopId;
import org.sharerengine.wallet.Withdrawal;
import org.sharerengine.wallet.Withdrawals;
import org.springframework.stereotype.Component;

/**
 * After settlement, the best-earning active sharers ask to be paid part of what they can
 * withdraw, so the review queue shows every state: paid, approved (awaiting the manual
 * transfer), requested (awaiting review) and rejected.
 */
@Component
class DemoWithdrawals {

    /** The states handed out in turn, best earner first; ten requests show each state at least twice. */
    private static final List<Withdrawal.Status> OUTCOMES = List.of(Withdrawal.Status.PAID, Withdrawal.Status.REQUESTED,
            Withdrawal.Status.APPROVED, Withdrawal.Status.REJECTED);
    private static final int REQUESTS = 10;
    /** Nobody bothers to withdraw less than ¥10. */
    private static final long SMALLEST_FEN = 10_00;

    private final Withdrawals withdrawals;
    private final Ledger ledger;
    private final Sharers sharers;

    DemoWithdrawals(Withdrawals withdrawals, Ledger ledger, Sharers sharers) {
        this.withdrawals = withdrawals;
        this.ledger = ledger;
        this.sharers = sharers;
    }

    Map<Withdrawal.Status, Integer> request(ShopId shop, List<DemoNetwork.Member> members, Random random) {
        record Earner(DemoNetwork.Member member, long availableFen) {
        }
        List<Earner> earners = members.stream()
                .filter(m -> sharers.get(shop, m.id()).status() == SharerStatus.ACTIVE)
                .map(m -> new Earner(m, ledger.balance(shop, m.id()).availableFen()))
                .filter(e -> e.availableFen() >= SMALLEST_FEN)
                .sorted(Comparator.comparingLong(Earner::availableFen).reversed())
                .limit(REQUESTS).toList();
        Map<Withdrawal.Status, Integer> made = new EnumMap<>(Withdrawal.Status.class);
        for (int i = 0; i < earners.size(); i++) {
            Earner earner = earners.get(i);
            // 40 to 80 % of what is available, in whole yuan: part of the balance stays, so wallets show both.
            long amount = Math.max(SMALLEST_FEN, earner.availableFen() * (40 + random.nextInt(41)) / 100 / 100 * 100);
            Withdrawal.PayoutChannel channel = Withdrawal.PayoutChannel.values()[i % Withdrawal.PayoutChannel.values().length];
            Withdrawal withdrawal = withdrawals.request(shop, "demo-withdrawal-" + (i + 1), new Withdrawals.WithdrawalRequest(
                    earner.member().id().value(), amount, channel, account(channel, earner.member(), random),
                    earner.member().name())).withdrawal();
            Withdrawal.Status outcome = OUTCOMES.get(i % OUTCOMES.size());
            switch (outcome) {
                case PAID -> {
                    withdrawals.approve(shop, withdrawal.id());
                    withdrawals.markPaid(shop, withdrawal.id(), "manual transfer " + String.format("TR%08d", withdrawal.id()));
                }
                case APPROVED -> withdrawals.approve(shop, withdrawal.id());
                case REJECTED -> withdrawals.reject(shop, withdrawal.id(),
                        "收款账户实名与分享员不一致 (the account holder's name does not match the sharer)");
                case REQUESTED -> {
                    // Left in the owner's review queue.
                }
            }
            made.merge(outcome, 1, Integer::sum);
        }
        return Collections.unmodifiableMap(made);
    }

    private static String account(Withdrawal.PayoutChannel channel, DemoNetwork.Member member, Random random) {
        return switch (channel) {
            case WECHAT -> "wxid_" + member.externalUserId();
            case ALIPAY -> ChineseNames.mobile(random);
            case BANK -> "6222 0212 3456 " + String.format("%04d", random.nextInt(10_000));
        };
    }
}
