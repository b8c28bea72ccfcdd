package io.jobservice.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** One concept per package: the domain stays free of Camel and Redis, and only the queue talks to Redis. */
class PackageDependenciesTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.jobservice");
    }

    @Test
    void should_keep_the_job_domain_free_of_camel_redis_and_other_packages() {
        noClasses().that().resideInAPackage("io.jobservice.job..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "io.lettuce..",
                        "io.jobservice.queue..", "io.jobservice.worker..", "io.jobservice.api..")
                .check(classes);
    }

    @Test
    void should_let_only_the_queue_package_use_the_redis_client() {
        noClasses().that().resideOutsideOfPackages("io.jobservice.queue..")
                .should().dependOnClassesThat().resideInAPackage("io.lettuce..")
                .check(classes);
    }

    @Test
    void should_keep_camel_out_of_the_queue_config_and_json_packages() {
        noClasses().that().resideInAnyPackage("io.jobservice.queue..", "io.jobservice.config..", "io.jobservice.json..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
                .check(classes);
    }

    @Test
    void should_not_let_the_queue_depend_on_workers_or_the_api() {
        noClasses().that().resideInAPackage("io.jobservice.queue..")
                .should().dependOnClassesThat().resideInAnyPackage("io.jobservice.worker..", "io.jobservice.api..",
                        "io.jobservice.scheduling..")
                .check(classes);
    }

    @Test
    void should_let_route_jobs_and_notification_jobs_reach_only_the_job_domain() {
        noClasses().that().resideInAnyPackage("io.jobservice.jobcomponent..", "io.jobservice.notification..")
                .should().dependOnClassesThat().resideInAnyPackage("io.jobservice.queue..", "io.jobservice.worker..",
                        "io.jobservice.api..", "io.jobservice.scheduling..", "io.jobservice.hook..")
                .check(classes);
    }

    @Test
    void should_keep_monitoring_reading_and_never_writing_through_the_api() {
        noClasses().that().resideInAnyPackage("io.jobservice.jmx..", "io.jobservice.metrics..", "io.jobservice.health..")
                .should().dependOnClassesThat().resideInAnyPackage("io.jobservice.api..", "io.jobservice.jobcomponent..",
                        "io.jobservice.notification..")
                .check(classes);
    }

    @Test
    void should_keep_the_operator_actions_free_of_the_doors_that_offer_them() {
        noClasses().that().resideInAPackage("io.jobservice.admin..")
                .should().dependOnClassesThat().resideInAnyPackage("io.jobservice.api..", "io.jobservice.jmx..",
                        "org.apache.camel..", "io.lettuce..")
                .check(classes);
    }
}
