package org.sharerengine.commission;

import java.time.Instant;
import org.sharerengine.catalog.Product;

/**
 * A short-term incentive (短期激励): {@code extraRateBp} more at depth 1 on one product, or on
 * every product of a category, for orders paid in [{@code startsAt}, {@code endsAt}).
 */
public record Boost(long id, String productId, String category, int extraRateBp, Instant startsAt, Instant endsAt,
        Instant createdAt) {

    boolean covers(Product product) {
        return productId != null ? productId.equals(product.productId()) : category.equals(product.category());
    }
}
