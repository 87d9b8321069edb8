package org.sharerengine.commission;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sharerengine.leveling.SharerLevels;
import org.sharerengine.network.Sharer;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.springframework.stereotype.Component;

/**
 * Where an order's beneficiaries stand: each one's current level rank and own template, read
 * for the whole chain at once (one query for the ranks, three for the templates) per order.
 * Only LEVEL_RATE products pay by template, so an order without one reads no templates.
 */
@Component
class LevelRates {

    private final SharerLevels levels;
    private final CommissionTemplates templates;

    LevelRates(SharerLevels levels, CommissionTemplates templates) {
        this.levels = levels;
        this.templates = templates;
    }

    Standings of(ShopId shop, List<Sharer> chain, boolean withTemplates) {
        Map<SharerId, Integer> ranks = levels.ranksOf(shop, chain.stream().map(Sharer::id).toList());
        Map<Long, CommissionTemplate> ladders = withTemplates ? templates.byIds(shop,
                chain.stream().map(Sharer::templateId).filter(Objects::nonNull).distinct().toList()) : Map.of();
        return new Standings(ranks, ladders);
    }

    /** {@code templates} holds the chain's templates, or none when the order has no LEVEL_RATE product. */
    record Standings(Map<SharerId, Integer> ranks, Map<Long, CommissionTemplate> templates) {

        CommissionPolicy.Standing of(Sharer sharer) {
            return new CommissionPolicy.Standing(ranks.getOrDefault(sharer.id(), SharerLevels.FIRST_RANK),
                    sharer.templateId() == null ? null : templates.get(sharer.templateId()));
        }
    }
}
