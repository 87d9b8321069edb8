package org.sharerengine.leveling;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Where each sharer stands on the shop's level ladder (SPEC §5): rank 1 is the first rung. */
@Service
public class SharerLevels {

    public static final int FIRST_RANK = 1;

    private final JdbcClient jdbc;

    SharerLevels(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The current rank of each sharer asked for; a sharer the ladder has not touched yet is on rank 1. */
    public Map<SharerId, Integer> ranksOf(ShopId shop, Collection<SharerId> sharers) {
        Map<SharerId, Integer> ranks = new HashMap<>();
        if (sharers.isEmpty()) {
            return ranks;
        }
        sharers.forEach(id -> ranks.put(id, FIRST_RANK));
        List<Long> ids = sharers.stream().map(SharerId::value).distinct().toList();
        jdbc.sql("select sharer_id, level_rank from sharer_level where shop_id = :shop and sharer_id in (:ids)")
                .param("shop", shop.value()).param("ids", ids)
                .query((rs, n) -> ranks.put(new SharerId(rs.getLong("sharer_id")), rs.getInt("level_rank")))
                .list();
        return ranks;
    }

    public int rankOf(ShopId shop, SharerId sharer) {
        return ranksOf(shop, List.of(sharer)).get(sharer);
    }
}
