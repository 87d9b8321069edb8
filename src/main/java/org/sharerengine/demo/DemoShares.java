package org.sharerengine.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sharerengine.attribution.Share;
import org.sharerengine.attribution.Shares;
import org.sharerengine.shared.ShopId;
import org.springframework.stereotype.Component;

/**
 * The links and posters the demo's sharers have put out: mostly product links, some shop
 * links, live rooms and short videos; one in six is a re-share of another sharer's share with
 * the same target, so cascades exist.
 */
@Component
class DemoShares {

    private static final String[] LIVE_ROOMS = {"live-spring-tea-tasting", "live-puer-masterclass", "live-618-sale"};
    private static final String[] SHORT_VIDEOS = {"video-brewing-longjing", "video-tea-garden-visit", "video-gongfu-basics"};

    private final Shares shares;

    DemoShares(Shares shares) {
        this.shares = shares;
    }

    List<Share> spread(ShopId shop, List<DemoNetwork.Member> members, List<DemoCatalog.Item> items, Random random) {
        List<DemoCatalog.Item> promoted = items.stream().filter(DemoCatalog.Item::promoted).toList();
        List<Share> spread = new ArrayList<>();
        for (DemoNetwork.Member member : members) {
            if (random.nextInt(10) < 3) {
                continue;
            }
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                if (!spread.isEmpty() && random.nextInt(6) == 0) {
                    Share parent = spread.get(random.nextInt(spread.size()));
                    spread.add(shares.create(shop, member.id(), parent.targetType(), parent.targetId(), parent.token()));
                    continue;
                }
                int kind = random.nextInt(10);
                spread.add(switch (kind) {
                    case 0 -> shares.create(shop, member.id(), Share.TargetType.SHOP, "demo-tea-house", null);
                    case 1 -> shares.create(shop, member.id(), Share.TargetType.LIVE_ROOM,
                            LIVE_ROOMS[random.nextInt(LIVE_ROOMS.length)], null);
                    case 2 -> shares.create(shop, member.id(), Share.TargetType.SHORT_VIDEO,
                            SHORT_VIDEOS[random.nextInt(SHORT_VIDEOS.length)], null);
                    default -> shares.create(shop, member.id(), Share.TargetType.PRODUCT,
                            promoted.get(random.nextInt(promoted.size())).productId(), null);
                });
            }
        }
        return List.copyOf(spread);
    }
}
