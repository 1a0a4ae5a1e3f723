package io.contactkit.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.AccessTarget.Predicates.declaredIn;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.Serializable;
import java.time.Clock;
import java.time.InstantSource;

/**
 * DESIGN.md: the domain depends on the JDK, Vavr and libphonenumber only, and does no I/O, reads no
 * clock (time comes in as a value), prints nothing, and knows neither Reactor nor Jackson.
 */
@AnalyzeClasses(packages = "io.contactkit", importOptions = ImportOption.DoNotIncludeTests.class)
public class DomainPurityTest {

    static final String DOMAIN = "io.contactkit.domain..";
    /** Test support for the domain, published separately; not the domain itself. */
    static final String TESTKIT = "io.contactkit.domain.testkit..";

    @ArchTest
    static final ArchRule DOMAIN_DEPENDS_ONLY_ON_JDK_VAVR_AND_LIBPHONENUMBER = classes()
            .that().resideInAPackage(DOMAIN).and().resideOutsideOfPackage(TESTKIT)
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("io.contactkit.domain..", "java..", "io.vavr..", "com.google.i18n.phonenumbers..")
            .because("the domain depends on nothing in the project and only on the JDK, Vavr and libphonenumber");

    @ArchTest
    static final ArchRule DOMAIN_READS_NO_CLOCK = noClasses()
            .that().resideInAPackage(DOMAIN).and().resideOutsideOfPackage(TESTKIT)
            .should().callMethodWhere(target(name("now")).and(target(declaredIn(resideInAPackage("java.time..")))))
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().dependOnClassesThat(assignableTo(Clock.class).or(assignableTo(InstantSource.class)))
            .because("time is passed into the domain as a value, never read");

    @ArchTest
    static final ArchRule DOMAIN_DOES_NO_IO = noClasses()
            .that().resideInAPackage(DOMAIN).and().resideOutsideOfPackage(TESTKIT)
            .should().dependOnClassesThat(resideInAnyPackage("java.io..", "java.nio.file..", "java.net..")
                    .and(not(equivalentTo(Serializable.class))))
            .because("the domain does no I/O (java.io.Serializable is a marker, not I/O)");

    @ArchTest
    static final ArchRule DOMAIN_PRINTS_NOTHING = noClasses()
            .that().resideInAPackage(DOMAIN).and().resideOutsideOfPackage(TESTKIT)
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .because("the domain reports through values, not standard streams");

    @ArchTest
    static final ArchRule DOMAIN_KNOWS_NO_REACTOR_OR_JACKSON = noClasses()
            .that().resideInAPackage(DOMAIN).and().resideOutsideOfPackage(TESTKIT)
            .should().dependOnClassesThat().resideInAnyPackage("reactor..", "org.reactivestreams..",
                    "com.fasterxml.jackson..", "tools.jackson..")
            .because("the domain is pure: reactive types and wire formats belong to ports and adapters");
}
