package io.lakeshare.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The server's classes keep the layering; a class that breaks it is caught. */
class ArchitectureTest {

    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.lakeshare");

    @Test
    void theServerKeepsEveryRule() {
        assertTrue(SERVER.size() > 100, "the server's classes were found: " + SERVER.size());
        for (ArchRule rule : LayeringRules.ALL) {
            rule.check(SERVER);
        }
    }

    /** A table reader class that touches the database (planted in the tests' sources) breaks two rules. */
    @Test
    void aPlantedViolationIsCaught() {
        JavaClasses planted = new ClassFileImporter().importClasses(io.lakeshare.tables.planted.PlantedViolation.class);
        AssertionError jpa = assertThrows(AssertionError.class, () -> LayeringRules.JPA_ONLY_IN_CATALOG.check(planted));
        assertTrue(jpa.getMessage().contains("PlantedViolation"), jpa.getMessage());
        AssertionError layer =
                assertThrows(AssertionError.class, () -> LayeringRules.TABLES_BELOW_SHARING_AND_CATALOG.check(planted));
        assertTrue(layer.getMessage().contains("io.lakeshare.catalog"), layer.getMessage());
        assertThrows(AssertionError.class, () -> LayeringRules.HTTP_ONLY_IN_RESOURCES.check(planted));
    }
}
