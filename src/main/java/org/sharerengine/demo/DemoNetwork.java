package org.sharerengine.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sharerengine.network.NewSharer;
import org.sharerengine.network.Sharer;
import org.sharerengine.network.Sharers;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.springframework.stereotype.Component;

/**
 * Grows the demo shop's inviter forest the way real ones look: a few shop staff at the roots,
 * most sharers one or two generations below them, a handful of long chains (4–6 deep) of
 * enthusiasts recruiting each other, some independents with no inviter; a quarter of the
 * invitees joined by applying with their inviter's code and being approved. A few
 * applications are left waiting for approval and one is rejected with its reason.
 */
@Component
class DemoNetwork {

    /** An active sharer of the demo; depth 0 is a root of the forest. */
    record Member(SharerId id, String externalUserId, String name, String inviteCode, int depth) {
    }

    /** The active members in creation order (inviters before invitees), and the applications. */
    record Grown(List<Member> members, List<SharerId> pendingApplications, List<SharerId> rejectedApplications) {

        int size() {
            return members.size() + pendingApplications.size() + rejectedApplications.size();
        }
    }

    private final Sharers sharers;

    DemoNetwork(Sharers sharers) {
        this.sharers = sharers;
    }

    Grown grow(ShopId shop, int size, Random random) {
        int pending = Math.max(2, size * 3 / 100);
        int rejected = Math.max(1, size / 150);
        int active = size - pending - rejected;
        int roots = Math.max(2, active / 12);
        List<Member> members = new ArrayList<>(active);
        for (int i = 0; i < roots; i++) {
            // Shop staff are WeChat Channels shop sharers (店铺分享员, type 1).
            members.add(add(shop, members.size(), null, 1, random));
        }
        for (int chain = 0; chain < Math.max(1, active / 60); chain++) {
            Member inviter = members.get(random.nextInt(roots));
            for (int generation = 4 + random.nextInt(3); generation > 0; generation--) {
                inviter = add(shop, members.size(), inviter, 0, random);
                members.add(inviter);
            }
        }
        while (members.size() < active) {
            Member inviter = shallowInviter(members, random);
            boolean applied = inviter != null && random.nextInt(4) == 0;
            members.add(applied ? applyAndApprove(shop, members.size(), inviter, random)
                    : add(shop, members.size(), inviter, 0, random));
        }
        List<SharerId> waiting = new ArrayList<>();
        for (int i = 0; i < pending; i++) {
            waiting.add(apply(shop, members.size() + i, members.get(random.nextInt(members.size())), random).id());
        }
        List<SharerId> refused = new ArrayList<>();
        for (int i = 0; i < rejected; i++) {
            SharerId id = apply(shop, members.size() + pending + i, null, random).id();
            refused.add(sharers.reject(shop, id, "资料不完整:手机号无法验证 (the phone number could not be verified)").id());
        }
        return new Grown(List.copyOf(members), List.copyOf(waiting), List.copyOf(refused));
    }

    /** Most invitees join under the staff or their direct recruits; one in twelve has no inviter at all. */
    private static Member shallowInviter(List<Member> members, Random random) {
        if (random.nextInt(12) == 0) {
            return null;
        }
        int maxDepth = random.nextInt(5) == 0 ? 2 : 1;
        List<Member> candidates = members.stream().filter(m -> m.depth() <= maxDepth).toList();
        return candidates.get(random.nextInt(candidates.size()));
    }

    private Member add(ShopId shop, int seq, Member inviter, int type, Random random) {
        Sharer sharer = sharers.add(shop, newSharer(seq, type, inviter == null ? null : inviter.id().value(), null, random));
        return member(sharer, inviter);
    }

    private Member applyAndApprove(ShopId shop, int seq, Member inviter, Random random) {
        Sharer applied = apply(shop, seq, inviter, random);
        return member(sharers.approve(shop, applied.id()), inviter);
    }

    /** The demo shop requires approval, so an application waits as APPLIED. */
    private Sharer apply(ShopId shop, int seq, Member inviter, Random random) {
        return sharers.apply(shop, newSharer(seq, 0, null, inviter == null ? null : inviter.inviteCode(), random));
    }

    private static NewSharer newSharer(int seq, int type, Long parentId, String inviteCode, Random random) {
        return new NewSharer(externalUserId(seq), ChineseNames.name(random), ChineseNames.mobile(random), type, parentId, null,
                inviteCode, null, null);
    }

    /** Stands in for the WeChat openid a real shop would send. */
    static String externalUserId(int seq) {
        return String.format("o_sharer_%04d", seq + 1);
    }

    private static Member member(Sharer sharer, Member inviter) {
        return new Member(sharer.id(), sharer.externalUserId(), sharer.name(), sharer.inviteCode(),
                inviter == null ? 0 : inviter.depth() + 1);
    }
}
