package org.sharerengine.network;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.sharerengine.shared.ApiProblem;

/**
 * The commission templates an owner assigned to a manager group (SPEC §4): a manager adding a
 * sharer must pick one of them, and when none is assigned the sharer earns by the shop's
 * default rates, so naming any template is refused.
 */
record AssignedTemplates(SortedSet<Long> ids) {

    AssignedTemplates(Set<Long> ids) {
        this(new TreeSet<>(ids));
    }

    /** The template a manager's new sharer gets: the one asked for, if it is allowed. */
    Long requireChoice(Long templateId) {
        if (templateId == null && !ids.isEmpty()) {
            throw ApiProblem.invalid("templateId", "is required: pick one of your group's commission templates " + ids);
        }
        if (templateId != null && !ids.contains(templateId)) {
            throw ApiProblem.invalid("templateId", ids.isEmpty()
                    ? "must be absent: no commission template is assigned to your group, so the shop's default rates apply"
                    : "is not one of your group's commission templates " + ids);
        }
        return templateId;
    }
}
