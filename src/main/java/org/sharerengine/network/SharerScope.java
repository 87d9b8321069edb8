package org.sharerengine.network;

import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shop.Actor;
import org.springframework.stereotype.Service;

/**
 * What an actor may see of the network (SPEC §13): an owner sees every sharer of the shop, a
 * manager only the sharers of its own group. Records outside the scope are answered like
 * unknown ids (404), so a manager cannot even learn that they exist.
 */
@Service
public class SharerScope {

    private final Sharers sharers;

    SharerScope(Sharers sharers) {
        this.sharers = sharers;
    }

    /** The sharer, or 404 when it is unknown or outside the actor's group. */
    public Sharer sharer(Actor actor, SharerId id) {
        Sharer sharer = sharers.get(actor.shop(), id);
        if (!covers(actor, sharer)) {
            throw ApiProblem.notFound("sharer", id);
        }
        return sharer;
    }

    public boolean covers(Actor actor, Sharer sharer) {
        return actor.isOwner() || actor.managerGroupId().equals(sharer.groupId());
    }

    /** Whether records of this sharer (orders, commission, wallet) are visible; none are for a manager when it is null. */
    public boolean covers(Actor actor, SharerId id) {
        // An owner's check reads nothing; a manager's reads the sharer once and applies the one rule above.
        return actor.isOwner() || id != null && sharers.find(actor.shop(), id).filter(s -> covers(actor, s)).isPresent();
    }

    /** Refuses, as unknown (404 {@code <what>_not_found}), a record that belongs to a sharer outside the actor's scope. */
    public void require(Actor actor, SharerId owner, String what, Object id) {
        if (!covers(actor, owner)) {
            throw ApiProblem.notFound(what, id);
        }
    }
}
