package org.sharerengine.network;

import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shop.ProgrammeSettings;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The limits of WeChat's guide distribution that a new sharer must fit (SPEC §1): sharers per
 * manager group and shops per person. A sharer counts while applied, active or frozen. Both
 * checks hold under concurrency: the group's row is locked before its sharers are counted, and a
 * person's shop count is raised by one conditional update whose row count is checked.
 */
@Component
class SharerLimits {

    /** The statuses in which a person occupies a place in a group and in the shops-per-person count. */
    static final String MEMBER_STATUSES = "('APPLIED', 'ACTIVE', 'FROZEN')";

    private final JdbcClient jdbc;

    SharerLimits(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static boolean isMember(SharerStatus status) {
        return status == SharerStatus.APPLIED || status == SharerStatus.ACTIVE || status == SharerStatus.FROZEN;
    }

    /**
     * Takes a place for a person joining the shop (and the group, if any), or refuses with 409.
     * Call it after every other check: the person's count is the only write, and a refusal here
     * writes nothing.
     */
    void admit(ShopId shop, ProgrammeSettings settings, String externalUserId, Long groupId) {
        if (groupId != null) {
            admitToGroup(shop, settings, groupId);
        }
        jdbc.sql("insert into person_membership (external_user_id, shops) values (:person, 0) on conflict do nothing")
                .param("person", externalUserId).update();
        int admitted = jdbc.sql("update person_membership set shops = shops + 1 where external_user_id = :person and shops < :max")
                .param("person", externalUserId).param("max", settings.maxShopsPerPerson()).update();
        if (admitted == 0) {
            throw ApiProblem.conflict("limit_shops_per_person", "User " + externalUserId + " is already a sharer of "
                    + settings.maxShopsPerPerson() + " shops, the most one person may join (this shop's limit).");
        }
    }

    /** Takes a place in a group for a sharer who joins it (added, or moved there by the owner), or refuses with 409. */
    void admitToGroup(ShopId shop, ProgrammeSettings settings, long groupId) {
        jdbc.sql("select id from manager_group where shop_id = :shop and id = :group for update")
                .param("shop", shop.value()).param("group", groupId).query(Long.class).single();
        long members = jdbc.sql("select count(*) from sharer where shop_id = :shop and group_id = :group and status in "
                        + MEMBER_STATUSES)
                .param("shop", shop.value()).param("group", groupId).query(Long.class).single();
        if (members >= settings.maxSharersPerManager()) {
            throw ApiProblem.conflict("limit_sharers_per_manager", "Manager group " + groupId + " already has " + members
                    + " sharers, the most this shop allows per manager (" + settings.maxSharersPerManager() + ").");
        }
    }

    /** Frees the person's place when a sharer is rejected or removed. */
    void leave(String externalUserId) {
        jdbc.sql("update person_membership set shops = shops - 1 where external_user_id = :person and shops > 0")
                .param("person", externalUserId).update();
    }
}
