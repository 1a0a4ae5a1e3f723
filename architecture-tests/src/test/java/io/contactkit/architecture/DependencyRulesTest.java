package io.contactkit.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Arrays;

/** docs/DESIGN.md's module rules: dependencies point inward, adapters stand alone, internals stay inside their module. */
@AnalyzeClasses(packages = "io.contactkit", importOptions = ImportOption.DoNotIncludeTests.class)
public class DependencyRulesTest {

    @ArchTest
    static final ArchRule PORTS_KNOW_NO_ADAPTER_AND_NO_FACADE = noClasses()
            .that().resideInAPackage("io.contactkit.ports..")
            .should().dependOnClassesThat().resideInAnyPackage("io.contactkit.adapter..", "io.contactkit.api..", "io.contactkit.cli..")
            .because("adapters implement the ports and the facade uses them; the ports know neither");

    /** Reactor Core and the Reactive Streams interfaces, not Reactor Netty or other Reactor projects. */
    static final String[] REACTOR_CORE = {"reactor.core..", "reactor.util..", "org.reactivestreams.."};

    @ArchTest
    static final ArchRule PORTS_DEPEND_ONLY_ON_DOMAIN_REACTOR_VAVR_AND_JDK = classes()
            .that().resideInAPackage("io.contactkit.ports..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(concat(REACTOR_CORE,
                    "io.contactkit.ports..", "io.contactkit.domain..", "io.vavr..", "java.."))
            .because("the ports are the domain's contract with providers: Mono/Flux over domain types, nothing of any transport or format");

    @ArchTest
    static final ArchRule FACADE_DEPENDS_ONLY_ON_PORTS_DOMAIN_REACTOR_VAVR_AND_JDK = classes()
            .that().resideInAPackage("io.contactkit.api..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(concat(REACTOR_CORE,
                    "io.contactkit.api..", "io.contactkit.ports..", "io.contactkit.domain..", "io.vavr..", "java..",
                    "io.micrometer.observation..", "io.micrometer.common.."))
            .because("reactive-api talks to providers through the ports only, and brings no transport or wire format"
                    + " (Micrometer's Observation API is a facade, not a transport)")
            .allowEmptyShould(true);

    static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @ArchTest
    static final ArchRule FACADE_KNOWS_ADAPTERS_ONLY_THROUGH_THE_PORTS = noClasses()
            .that().resideInAPackage("io.contactkit.api..")
            .should().dependOnClassesThat().resideInAPackage("io.contactkit.adapter..")
            .because("reactive-api finds providers through the ports (ServiceLoader or explicit wiring), never by their classes")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule ADAPTERS_NEVER_DEPEND_ON_EACH_OTHER = slices()
            .matching("io.contactkit.adapter.(*)..")
            .should().notDependOnEachOther()
            .ignoreDependency(resideInAnyPackage("io.contactkit.adapter.bird..", "io.contactkit.adapter.bridge.."),
                    resideInAPackage("io.contactkit.adapter.http.."))
            .because("each adapter stands alone; only the shared HTTP support package may serve Bird and Bridge");

    @ArchTest
    static final ArchRule HTTP_SUPPORT_KNOWS_NO_PROVIDER = noClasses()
            .that().resideInAPackage("io.contactkit.adapter.http..")
            .should().dependOnClassesThat().resideInAnyPackage("io.contactkit.adapter.bird..", "io.contactkit.adapter.bridge..",
                    "io.contactkit.adapter.memory..")
            .because("the shared HTTP support serves the adapters and knows none of them")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule NO_MODULE_USES_ANOTHER_MODULES_INTERNALS = classes()
            .that().resideInAPackage("io.contactkit..")
            .should(useNoOtherModulesInternalPackage())
            .because("..internal.. packages are implementation details of their own module");

    /** The package a {@code ..internal..} package belongs to: everything before the {@code internal} segment; null if none. */
    static String ownerOfInternal(String packageName) {
        String[] segments = packageName.split("\\.");
        int at = Arrays.asList(segments).indexOf("internal");
        return at <= 0 ? null : String.join(".", Arrays.copyOfRange(segments, 0, at));
    }

    static ArchCondition<JavaClass> useNoOtherModulesInternalPackage() {
        return new ArchCondition<>("use no other module's ..internal.. package") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String from = origin.getPackageName();
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    String owner = ownerOfInternal(d.getTargetClass().getPackageName());
                    if (owner != null && owner.startsWith("io.contactkit") && !(from.equals(owner) || from.startsWith(owner + "."))) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
    }
}
