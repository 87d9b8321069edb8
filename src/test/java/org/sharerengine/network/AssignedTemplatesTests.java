package org.sharerengine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sharerengine.shared.ApiProblem;

/** SPEC §4: "a manager picks one of its assigned templates when adding a sharer". */
class AssignedTemplatesTests {

    @Test
    void aManagerPicksOneOfItsGroupsTemplates() {
        AssignedTemplates assigned = new AssignedTemplates(Set.of(7L, 3L));

        assertThat(assigned.requireChoice(3L)).isEqualTo(3L);
        assertThatThrownBy(() -> assigned.requireChoice(null)).isInstanceOf(ApiProblem.class)
                .hasMessage("templateId: is required: pick one of your group's commission templates [3, 7]");
        assertThatThrownBy(() -> assigned.requireChoice(5L)).isInstanceOf(ApiProblem.class)
                .hasMessage("templateId: is not one of your group's commission templates [3, 7]");
    }

    @Test
    void withoutAssignedTemplatesTheSharerEarnsByTheShopsDefaultRates() {
        AssignedTemplates none = new AssignedTemplates(Set.of());

        assertThat(none.requireChoice(null)).isNull();
        assertThatThrownBy(() -> none.requireChoice(3L)).isInstanceOf(ApiProblem.class)
                .hasMessageContaining("must be absent: no commission template is assigned to your group");
    }
}
