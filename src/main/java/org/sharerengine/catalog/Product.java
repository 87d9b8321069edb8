package org.sharerengine.catalog;

import java.time.Instant;

/**
 * A product of the promoted library (推广商品). For FIXED_RATE the level values are basis points,
 * for FIXED_AMOUNT fen per unit, per depth (level 1 = the sharer, level 2 = the inviter…);
 * LEVEL_RATE products carry no values of their own. A product with a {@code minLevelRank} is
 * exclusive (等级专属商品): only sharers at that level rank or above earn on it. The
 * {@code category} lets a boost target a group of products.
 */
public record Product(String productId, String name, CommissionMode commissionMode, Long level1Value, Long level2Value,
        Long level3Value, String category, Integer minLevelRank, Instant updatedAt) {

    /** Whether a sharer at this level rank may earn on the product. */
    public boolean earnableAt(int levelRank) {
        return minLevelRank == null || levelRank >= minLevelRank;
    }

    /** The product's own value for a depth, or null when it has none. */
    public Long valueFor(int depth) {
        return switch (depth) {
            case 1 -> level1Value;
            case 2 -> level2Value;
            case 3 -> level3Value;
            default -> null;
        };
    }
}
