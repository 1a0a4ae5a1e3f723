package io.contactkit.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.contactkit.adapter.bird.archfixture.BirdUsingHttp;
import io.contactkit.adapter.fixturea.AdapterA;
import io.contactkit.adapter.fixtureb.AdapterB;
import io.contactkit.adapter.http.archfixture.HttpSupport;
import io.contactkit.api.archfixture.FacadeKnowingAdapter;
import io.contactkit.api.archfixture.FacadeUsingJackson;
import io.contactkit.api.archfixture.FacadeUsingPorts;
import io.contactkit.api.archfixture.MarkedNulls;
import io.contactkit.api.archfixture.NullReturns;
import io.contactkit.api.archfixture.UnmarkedRecordUse;
import io.contactkit.domain.archfixture.CalendarReader;
import io.contactkit.domain.archfixture.DateReader;
import io.contactkit.domain.archfixture.PureTimeAndNames;
import io.contactkit.domain.testkit.archfixture.TestkitPackagedClockReader;
import io.contactkit.domain.archfixture.ClockHolder;
import io.contactkit.domain.archfixture.ClockReader;
import io.contactkit.domain.archfixture.ErrPrinter;
import io.contactkit.domain.archfixture.FileUser;
import io.contactkit.domain.archfixture.LocalDateReader;
import io.contactkit.domain.archfixture.MillisReader;
import io.contactkit.domain.archfixture.NanoReader;
import io.contactkit.domain.archfixture.NetUser;
import io.contactkit.domain.archfixture.PathUser;
import io.contactkit.domain.archfixture.PortUser;
import io.contactkit.domain.archfixture.Printer;
import io.contactkit.domain.archfixture.PureEnum;
import io.contactkit.domain.archfixture.PureRecord;
import io.contactkit.domain.archfixture.ReactorUser;
import io.contactkit.fixturea.UsesOwnInternal;
import io.contactkit.fixturea.internal.Hidden;
import io.contactkit.fixtureb.UsesForeignInternal;
import io.contactkit.ports.archfixture.PortKnowingAdapter;
import io.contactkit.ports.archfixture.PortUsingNetty;
import io.contactkit.ports.archfixture.PortUsingReactorAndDomain;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules bite: each one reports deliberately bad fixture classes (compiled with these tests, so
 * never part of what the real rules import), and none reports the good ones.
 */
class RulesBiteTest {

    static JavaClasses load(Class<?>... classes) {
        return new ClassFileImporter().importClasses(classes);
    }

    static void assertViolates(ArchRule rule, Class<?>... bad) {
        EvaluationResult result = rule.evaluate(load(bad));
        assertTrue(result.hasViolation(), () -> "expected '" + rule.getDescription() + "' to report " + List.of(bad));
    }

    static void assertHolds(ArchRule rule, Class<?>... good) {
        EvaluationResult result = rule.evaluate(load(good));
        assertFalse(result.hasViolation(), () -> "false positive of '" + rule.getDescription() + "':\n" + result.getFailureReport());
    }

    static final List<ArchRule> DOMAIN_RULES = List.of(
            DomainPurityTest.DOMAIN_DEPENDS_ONLY_ON_JDK_VAVR_AND_LIBPHONENUMBER,
            DomainPurityTest.DOMAIN_READS_NO_CLOCK,
            DomainPurityTest.DOMAIN_DOES_NO_IO,
            DomainPurityTest.DOMAIN_PRINTS_NOTHING,
            DomainPurityTest.DOMAIN_KNOWS_NO_REACTOR_OR_JACKSON);

    @Test
    void readingAClockInTheDomainIsReported() {
        for (Class<?> bad : List.of(ClockReader.class, LocalDateReader.class, ClockHolder.class, MillisReader.class, NanoReader.class,
                DateReader.class, CalendarReader.class)) {
            assertViolates(DomainPurityTest.DOMAIN_READS_NO_CLOCK, bad);
        }
    }

    @Test
    void ioInTheDomainIsReported() {
        for (Class<?> bad : List.of(FileUser.class, PathUser.class, NetUser.class)) {
            assertViolates(DomainPurityTest.DOMAIN_DOES_NO_IO, bad);
        }
    }

    @Test
    void aDateFromAValueAndIdnAreNotReported() {
        for (ArchRule rule : DOMAIN_RULES) {
            assertHolds(rule, PureTimeAndNames.class);
        }
    }

    @Test
    void aDomainClassInTheTestkitsPackageIsStillChecked() {
        assertViolates(DomainPurityTest.DOMAIN_READS_NO_CLOCK, TestkitPackagedClockReader.class);
        assertFalse(DomainPurityTest.FROM_THE_TESTKIT.test(load(TestkitPackagedClockReader.class).get(TestkitPackagedClockReader.class)),
                "the testkit is recognized by its module, not its package");
    }

    @Test
    void printingInTheDomainIsReported() {
        assertViolates(DomainPurityTest.DOMAIN_PRINTS_NOTHING, Printer.class);
        assertViolates(DomainPurityTest.DOMAIN_PRINTS_NOTHING, ErrPrinter.class);
    }

    @Test
    void reactorOrAProjectModuleInTheDomainIsReported() {
        assertViolates(DomainPurityTest.DOMAIN_KNOWS_NO_REACTOR_OR_JACKSON, ReactorUser.class);
        assertViolates(DomainPurityTest.DOMAIN_DEPENDS_ONLY_ON_JDK_VAVR_AND_LIBPHONENUMBER, ReactorUser.class);
        assertViolates(DomainPurityTest.DOMAIN_DEPENDS_ONLY_ON_JDK_VAVR_AND_LIBPHONENUMBER, PortUser.class);
    }

    @Test
    void enumsRecordsLambdasAndSerializableMarkersAreNotReported() {
        for (ArchRule rule : DOMAIN_RULES) {
            assertHolds(rule, PureEnum.class, PureRecord.class);
        }
    }

    @Test
    void portsAndFacadeDependOnlyOnWhatTheyMay() {
        assertViolates(DependencyRulesTest.PORTS_DEPEND_ONLY_ON_DOMAIN_REACTOR_VAVR_AND_JDK, PortUsingNetty.class);
        assertViolates(DependencyRulesTest.PORTS_DEPEND_ONLY_ON_DOMAIN_REACTOR_VAVR_AND_JDK, PortKnowingAdapter.class);
        assertHolds(DependencyRulesTest.PORTS_DEPEND_ONLY_ON_DOMAIN_REACTOR_VAVR_AND_JDK, PortUsingReactorAndDomain.class);
        assertViolates(DependencyRulesTest.FACADE_DEPENDS_ONLY_ON_PORTS_DOMAIN_REACTOR_VAVR_AND_JDK, FacadeUsingJackson.class);
        assertViolates(DependencyRulesTest.FACADE_DEPENDS_ONLY_ON_PORTS_DOMAIN_REACTOR_VAVR_AND_JDK, FacadeKnowingAdapter.class);
        assertHolds(DependencyRulesTest.FACADE_DEPENDS_ONLY_ON_PORTS_DOMAIN_REACTOR_VAVR_AND_JDK, FacadeUsingPorts.class);
    }

    @Test
    void portsOrFacadeKnowingAnAdapterAreReported() {
        assertViolates(DependencyRulesTest.PORTS_KNOW_NO_ADAPTER_AND_NO_FACADE, PortKnowingAdapter.class);
        assertViolates(DependencyRulesTest.FACADE_KNOWS_ADAPTERS_ONLY_THROUGH_THE_PORTS, FacadeKnowingAdapter.class);
    }

    @Test
    void adaptersUsingEachOtherAreReportedButTheSharedHttpSupportIsAllowed() {
        assertViolates(DependencyRulesTest.ADAPTERS_NEVER_DEPEND_ON_EACH_OTHER, AdapterA.class, AdapterB.class);
        assertHolds(DependencyRulesTest.ADAPTERS_NEVER_DEPEND_ON_EACH_OTHER, BirdUsingHttp.class, HttpSupport.class);
    }

    @Test
    void usingAnotherModulesInternalPackageIsReported() {
        assertViolates(DependencyRulesTest.NO_MODULE_USES_ANOTHER_MODULES_INTERNALS, UsesForeignInternal.class, Hidden.class);
        assertHolds(DependencyRulesTest.NO_MODULE_USES_ANOTHER_MODULES_INTERNALS, UsesOwnInternal.class, Hidden.class);
        assertEquals("io.contactkit.adapter.bird", DependencyRulesTest.ownerOfInternal("io.contactkit.adapter.bird.internal.wire"));
        assertEquals(null, DependencyRulesTest.ownerOfInternal("io.contactkit.adapter.internalish"));
    }

    @Test
    void everyUnmarkedNullAPublicMethodReturnsIsReported() {
        EvaluationResult result = NullableRulesTest.RETURNED_NULLS_ARE_MARKED.evaluate(load(NullReturns.class, MarkedNulls.class));
        List<String> reported = result.getFailureReport().getDetails();
        for (String method : List.of("literal", "throughABranch", "fromANullableField", "fromANullableMethod")) {
            assertTrue(reported.stream().anyMatch(d -> d.contains("NullReturns." + method + " returns")), () -> method + ": " + reported);
        }
        assertEquals(4, reported.size(), () -> String.join("\n", reported));
    }

    @Test
    void aPublishedRecordBuiltWithNullForAnUnmarkedComponentIsReported() {
        assertViolates(NullableRulesTest.NULL_RECORD_COMPONENTS_ARE_MARKED, UnmarkedRecordUse.class, UnmarkedRecordUse.Plain.class);
        assertHolds(NullableRulesTest.NULL_RECORD_COMPONENTS_ARE_MARKED, MarkedNulls.class, MarkedNulls.Pair.class);
    }
}
