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
 */
@Component
class LevelRates {

    private final SharerLevels levels;
    private final CommissionTemplates templates;

    LevelRates(SharerLevels levels, CommissionTemplates templates) {
        this.levels = levels;
        this.templates = templates;
    }

    Standings of(ShopId shop, List<Sharer> chain) {
        Map<SharerId, Integer> ranks = levels.ranksOf(shop, chain.stream().map(Sharer::id).toList());
        Map<Long, CommissionTemplate> ladders = templates.byIds(shop,
                chain.stream().map(Sharer::templateId).filter(Objects::nonNull).distinct().toList());
        return new Standings(ranks, ladders);
    }

    record Standings(Map<SharerId, Integer> ranks, Map<Long, CommissionTemplate> templates) {

        CommissionPolicy.Standing of(Sharer sharer) {
            return new CommissionPolicy.Standing(ranks.getOrDefault(sharer.id(), SharerLevels.FIRST_RANK),
                    sharer.templateId() == null ? null : templates.get(sharer.templateId()));
        }
    }
}
