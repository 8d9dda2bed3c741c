package io.lakeshare.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The layering of the house (README "Layout", CONTRIBUTING.md),
 * as rules on the compiled classes. A change that has to break one changes the rule here, on
 * purpose, with its reason.
 */
public final class LayeringRules {

    private LayeringRules() {}

    static final String[] HTTP = {
        "jakarta.ws.rs..", "io.vertx..", "org.jboss.resteasy..", "io.quarkus.vertx..", "io.quarkus.resteasy.."
    };

    /**
     * HTTP types only where requests come in and answers go out: the recipients' resources and
     * filters, the admin API (resources and their bodies only), the error mapper, and the
     * request-lifecycle hooks of shutdown and audit. Services below take typed requests.
     */
    static final ArchRule HTTP_ONLY_IN_RESOURCES = noClasses()
            .that()
            .resideOutsideOfPackages(
                    "io.lakeshare.sharing.http..",
                    "io.lakeshare.admin..",
                    "io.lakeshare.ops.shutdown..",
                    "io.lakeshare.ops.audit..")
            .and()
            .doNotHaveFullyQualifiedName("io.lakeshare.errors.ErrorMapper")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(HTTP)
            .because("resources own HTTP; the services under them stream lines through a sink");

    /** The database only in the catalog. */
    static final ArchRule JPA_ONLY_IN_CATALOG = noClasses()
            .that()
            .resideOutsideOfPackage("io.lakeshare.catalog..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "jakarta.persistence..", "org.hibernate..", "io.quarkus.hibernate..", "jakarta.transaction..")
            .because("the catalog is the only place that touches the database");

    /** S3 only in storage. */
    static final ArchRule AWS_ONLY_IN_STORAGE = noClasses()
            .that()
            .resideOutsideOfPackage("io.lakeshare.storage..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("software.amazon..")
            .because("nothing outside storage knows about S3");

    /** Delta Kernel only in the Delta reader. */
    static final ArchRule KERNEL_ONLY_IN_DELTA = noClasses()
            .that()
            .resideOutsideOfPackage("io.lakeshare.tables.delta..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.delta..")
            .because("adding or upgrading a format touches its own package only");

    /** Kernel's internal API only behind its one adapter. */
    static final ArchRule KERNEL_INTERNALS_BEHIND_ONE_ADAPTER = noClasses()
            .that()
            .doNotHaveFullyQualifiedName("io.lakeshare.tables.delta.KernelInternals")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.delta.kernel.internal..")
            .because("a Kernel upgrade that changes its internals touches KernelInternals only");

    /** Iceberg only in the Iceberg reader. */
    static final ArchRule ICEBERG_ONLY_IN_ICEBERG = noClasses()
            .that()
            .resideOutsideOfPackage("io.lakeshare.tables.iceberg..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.apache.iceberg..")
            .because("adding or upgrading a format touches its own package only");

    /** Data flows one way: resource, catalog, tables, storage. The lower layers know nothing of the upper ones. */
    static final ArchRule TABLES_BELOW_SHARING_AND_CATALOG = noClasses()
            .that()
            .resideInAPackage("io.lakeshare.tables..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.lakeshare.sharing..",
                    "io.lakeshare.admin..",
                    "io.lakeshare.catalog..",
                    "io.lakeshare.ops..",
                    "io.lakeshare.errors..",
                    "io.lakeshare.cli..")
            .because("the table readers take a location and know nothing of who asks or how");

    static final ArchRule STORAGE_AT_THE_BOTTOM = noClasses()
            .that()
            .resideInAPackage("io.lakeshare.storage..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.lakeshare.sharing..",
                    "io.lakeshare.admin..",
                    "io.lakeshare.catalog..",
                    "io.lakeshare.tables..",
                    "io.lakeshare.ops..",
                    "io.lakeshare.errors..",
                    "io.lakeshare.cli..")
            .because("storage is the bottom layer: what it needs from above comes through interfaces it owns");

    /** The CLI talks to the admin API over HTTP; it never opens the database or the tables itself. */
    static final ArchRule CLI_ONLY_OVER_HTTP = noClasses()
            .that()
            .resideInAPackage("io.lakeshare.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.lakeshare.sharing..",
                    "io.lakeshare.admin..",
                    "io.lakeshare.catalog..",
                    "io.lakeshare.tables..",
                    "io.lakeshare.storage..",
                    "io.lakeshare.ops..")
            .because("the CLI manages a remote server just as well as a local one");

    static final ArchRule NO_CYCLES = slices().matching("io.lakeshare.(*)..")
            .should()
            .beFreeOfCycles()
            .because("top-level packages depend on each other one way only");

    /** The fuzzer is a test tool: the server never links it. */
    static final ArchRule FUZZER_ONLY_IN_TESTS = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("com.code_intelligence..")
            .because("Jazzer drives the fuzz tests (*FuzzTest) and ships with nothing");

    static final List<ArchRule> ALL = List.of(
            HTTP_ONLY_IN_RESOURCES,
            JPA_ONLY_IN_CATALOG,
            AWS_ONLY_IN_STORAGE,
            KERNEL_ONLY_IN_DELTA,
            KERNEL_INTERNALS_BEHIND_ONE_ADAPTER,
            ICEBERG_ONLY_IN_ICEBERG,
            TABLES_BELOW_SHARING_AND_CATALOG,
            STORAGE_AT_THE_BOTTOM,
            CLI_ONLY_OVER_HTTP,
            FUZZER_ONLY_IN_TESTS,
            NO_CYCLES);
}
