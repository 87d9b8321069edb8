package org.sharerengine.shop;

import java.util.Map;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.ShopId;
import org.springframework.http.HttpStatus;

/**
 * Who is calling, inside one shop. The shop's own systems (API key) and the merchant owner
 * (店长) act as {@link Role#OWNER} and see the whole shop; a manager (导购管理员) acts for one
 * manager group only. Controllers receive it as a parameter, set by authentication only.
 *
 * @param userId         the console user, or null for an API key
 * @param managerGroupId the group a manager is scoped to; null for an owner
 */
public record Actor(ShopId shop, Role role, Long userId, Long managerGroupId) {

    public static final String REQUEST_ATTRIBUTE = Actor.class.getName();

    public enum Role { OWNER, MANAGER }

    public static Actor integrator(ShopId shop) {
        return new Actor(shop, Role.OWNER, null, null);
    }

    public boolean isOwner() {
        return role == Role.OWNER;
    }

    /** Refuses managers: templates, level programmes, teams and settings are the owner's (SPEC §4). */
    public Actor requireOwner() {
        if (!isOwner()) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "owner_only", "Only the shop owner may do this; managers cannot.", Map.of());
        }
        return this;
    }
}
