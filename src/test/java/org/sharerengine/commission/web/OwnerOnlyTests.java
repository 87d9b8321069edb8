package org.sharerengine.commission.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharerengine.commission.Boosts;
import org.sharerengine.commission.CommissionTemplates;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shop.Actor;
import org.springframework.http.HttpStatus;

/**
 * Managers can never create or edit templates or boosts (SPEC §4). No manager can sign in
 * through the API yet, so the web adapters are called directly with a manager: they must
 * refuse before reaching the service (which is absent here, so reaching it would fail otherwise).
 */
class OwnerOnlyTests {

    static final Actor MANAGER = new Actor(new ShopId(1), Actor.Role.MANAGER, 7L, 3L);
    static final CommissionTemplates.TemplateTerms TERMS = new CommissionTemplates.TemplateTerms("Standard",
            List.of(new CommissionTemplates.RateTerms(1, 500, 100, null)), List.of());

    @Test
    void aManagerCanNeitherCreateNorEditATemplate() {
        CommissionTemplateController templates = new CommissionTemplateController(null);

        assertOwnerOnly(() -> templates.create(MANAGER, TERMS));
        assertOwnerOnly(() -> templates.update(MANAGER, 1, TERMS));
    }

    @Test
    void aManagerCanNeitherCreateNorDeleteABoost() {
        BoostController boosts = new BoostController(null);

        assertOwnerOnly(() -> boosts.create(MANAGER, new Boosts.NewBoost("tea", null, 300, Instant.EPOCH, Instant.MAX)));
        assertOwnerOnly(() -> boosts.delete(MANAGER, 1));
    }

    private static void assertOwnerOnly(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.status()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(problem.code()).isEqualTo("owner_only");
        });
    }
}
