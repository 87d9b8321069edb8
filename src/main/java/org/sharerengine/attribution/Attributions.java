package org.sharerengine.attribution;

import java.time.Instant;
import java.util.Optional;
import org.sharerengine.network.Sharer;
import org.sharerengine.network.Sharers;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.springframework.stereotype.Service;

/**
 * Decides who an order belongs to (SPEC §3), in this order: the sharer the order names → the
 * order's share token → the customer's binding valid at payment → none.
 */
@Service
public class Attributions {

    private final Sharers sharers;
    private final Shares shares;
    private final Bindings bindings;

    Attributions(Sharers sharers, Shares shares, Bindings bindings) {
        this.sharers = sharers;
        this.shares = shares;
        this.bindings = bindings;
    }

    /** What the order itself says about its sharer; every field may be absent. */
    public record OrderClaim(String customerId, Long sharerId, String sharerExternalUserId, String shareToken, Instant paidAt) {
    }

    public Attribution decide(ShopId shop, OrderClaim claim) {
        if (claim.sharerId() != null || claim.sharerExternalUserId() != null) {
            Sharer named = namedSharer(shop, claim);
            return new Attribution(named.id(), Attribution.Rule.ORDER_SHARER, null, isSelf(named, claim));
        }
        if (claim.shareToken() != null) {
            Share share = shares.find(shop, claim.shareToken())
                    .orElseThrow(() -> ApiProblem.invalid("shareToken", "names no share of this shop"));
            Sharer sharer = sharers.get(shop, share.sharerId());
            return new Attribution(sharer.id(), Attribution.Rule.SHARE_TOKEN, share.token(), isSelf(sharer, claim));
        }
        Optional<SharerId> bound = bindings.boundSharerAt(shop, claim.customerId(), claim.paidAt());
        return bound.map(id -> new Attribution(id, Attribution.Rule.BINDING, null, false)).orElseGet(Attribution::none);
    }

    private Sharer namedSharer(ShopId shop, OrderClaim claim) {
        if (claim.sharerId() != null && claim.sharerExternalUserId() != null) {
            throw ApiProblem.invalid("sharerId", "name the sharer once: sharerId or sharerExternalUserId");
        }
        if (claim.sharerId() != null) {
            return sharers.find(shop, new SharerId(claim.sharerId()))
                    .orElseThrow(() -> ApiProblem.invalid("sharerId", "names no sharer of this shop"));
        }
        return sharers.findByExternalUserId(shop, claim.sharerExternalUserId())
                .orElseThrow(() -> ApiProblem.invalid("sharerExternalUserId", "names no sharer of this shop"));
    }

    /** A sharer buying through their own link or name is a self-purchase (自购). */
    private static boolean isSelf(Sharer sharer, OrderClaim claim) {
        return sharer.externalUserId().equals(claim.customerId());
    }
}
