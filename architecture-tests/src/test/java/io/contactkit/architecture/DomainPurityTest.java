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
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import java.io.Serializable;
import java.net.IDN;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Calendar;
import java.util.Date;

/**
 * docs/DESIGN.md: the domain depends on the JDK, Vavr and libphonenumber only, and does no I/O, reads no
 * clock (time comes in as a value), prints nothing, and knows neither Reactor nor Jackson.
 */
@AnalyzeClasses(packages = "io.contactkit", importOptions = ImportOption.DoNotIncludeTests.class)
public class DomainPurityTest {

    static final String DOMAIN = "io.contactkit.domain..";

    /**
     * The domain's test support ({@code domain-testkit}, QuickTheories generators and a reference
     * model), published separately and not the domain: recognized by where its classes come from (its
     * module's folder or jar), not by package, so a domain class placed in its package is still checked.
     */
    static final DescribedPredicate<JavaClass> FROM_THE_TESTKIT = new DescribedPredicate<>("come from the domain-testkit module") {
        @Override
        public boolean test(JavaClass c) {
            return c.getSource().map(source -> source.getUri().toString())
                    .filter(uri -> uri.contains("/domain-testkit/") || uri.contains("contactkit-domain-testkit"))
                    .isPresent();
        }
    };

    @ArchTest
    static final ArchRule DOMAIN_DEPENDS_ONLY_ON_JDK_VAVR_AND_LIBPHONENUMBER = classes()
            .that().resideInAPackage(DOMAIN).and(not(FROM_THE_TESTKIT))
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("io.contactkit.domain..", "java..", "io.vavr..", "com.google.i18n.phonenumbers..", "org.jspecify.annotations..")
            .because("the domain depends on nothing in the project and only on the JDK, Vavr and libphonenumber"
                    + " (and JSpecify's nullness annotations, which are not needed at run time)");

    @ArchTest
    static final ArchRule DOMAIN_READS_NO_CLOCK = noClasses()
            .that().resideInAPackage(DOMAIN).and(not(FROM_THE_TESTKIT))
            .should().callMethodWhere(target(name("now")).and(target(declaredIn(resideInAPackage("java.time..")))))
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callConstructor(Date.class)
            .orShould().callMethodWhere(target(name("getInstance")).and(target(declaredIn(Calendar.class))))
            .orShould().dependOnClassesThat(assignableTo(Clock.class).or(assignableTo(InstantSource.class)))
            .because("time is passed into the domain as a value, never read (new Date() and Calendar.getInstance() read it too)");

    @ArchTest
    static final ArchRule DOMAIN_DOES_NO_IO = noClasses()
            .that().resideInAPackage(DOMAIN).and(not(FROM_THE_TESTKIT))
            .should().dependOnClassesThat(resideInAnyPackage("java.io..", "java.nio.file..", "java.net..")
                    // a marker interface, not I/O
                    .and(not(equivalentTo(Serializable.class)))
                    // IDN converts internationalized domain names to ASCII and back: a pure string
                    // function with no I/O, which e-mail normalization may use; nothing else of java.net
                    .and(not(equivalentTo(IDN.class))))
            .because("the domain does no I/O (java.io.Serializable is a marker and java.net.IDN a string conversion, neither is I/O)");

    @ArchTest
    static final ArchRule DOMAIN_PRINTS_NOTHING = noClasses()
            .that().resideInAPackage(DOMAIN).and(not(FROM_THE_TESTKIT))
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .because("the domain reports through values, not standard streams");

    @ArchTest
    static final ArchRule DOMAIN_KNOWS_NO_REACTOR_OR_JACKSON = noClasses()
            .that().resideInAPackage(DOMAIN).and(not(FROM_THE_TESTKIT))
            .should().dependOnClassesThat().resideInAnyPackage("reactor..", "org.reactivestreams..",
                    "com.fasterxml.jackson..", "tools.jackson..")
            .because("the domain is pure: reactive types and wire formats belong to ports and adapters");
}
