package org.sharerengine.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.sharerengine.App;
import org.sharerengine.architecture.fixture.FixtureApp;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;

/** The module boundaries of DESIGN.md, checked by Spring Modulith. */
class ModularityTests {

    @Test
    void modulesOnlyUseEachOthersPublicApisAndFormNoCycles() {
        assertThatCode(() -> ApplicationModules.of(App.class, new ImportOption.DoNotIncludeTests()).verify()).doesNotThrowAnyException();
    }

    /**
     * Proof that the check above can fail: the fixture's beta module reaches into alpha's
     * internals. (The fixture lives among the test classes, so they are included here.)
     */
    @Test
    void theCheckRejectsAModuleReachingIntoAnothersInternals() {
        assertThatThrownBy(() -> ApplicationModules.of(FixtureApp.class, location -> true).verify())
                .isInstanceOf(Violations.class)
                .hasMessageContaining("alpha");
    }
}
