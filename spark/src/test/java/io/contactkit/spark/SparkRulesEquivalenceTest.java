package io.contactkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.Strategy;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dedupe --engine spark --rules ... --audit ... --hubs ...} writes exactly what the in-memory
 * engine writes: contacts, rejects, audit lines, hubs and counts, under every kind of rule.
 */
class SparkRulesEquivalenceTest extends SparkEquivalence {

    /** Every kind of rule; the crm value shared by a tenth of the rows is blocked here, or found as a hub and blocked. */
    private static final String RULES = """
            identifiers:
              "*": {blocked: ["-1", "null"], blockedPatterns: ["^[0-]*$"], maxPerContact: 3}
              emailaddress: {blocked: ["user1@example.com"], blockedPatterns: ["^user2"]}
              phonenumber: {blocked: ["+1 201 402 0007"], maxPerContact: 1}
              crm: {%s maxPerContact: 1}
            merge: {maxContactsPerMerge: 2, maxMergesPerContact: 3}
            hubs: {threshold: 3, autoBlock: %s}
            """;

    SparkRulesEquivalenceTest() {
        super(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"strict_alias", "first_alias", "first", "merge"})
    void everyRuleGivesTheSameResultsUnderEveryStrategy(String strategy) {
        // two strategies block the giant value outright, two find it as a hub and block it for the run
        boolean listed = strategy.startsWith("first");
        Path rules = Runs.write(dir, "rules-" + strategy + ".yaml",
                List.of(RULES.formatted(listed ? "blocked: [\"crm-giant\"]," : "", !listed)));
        Path input = Runs.write(dir, "rules-" + strategy + ".csv", Inputs.giant(1_500, strategy.hashCode()));
        Runs.Run run = same(input, "--strategy", strategy, "--region", "US", "--priority", "phone,email", "--rules", rules.toString());

        assertEquals(1_500, run.audit().lines().count());
        assertTrue(run.audit().contains("identifiers.emailaddress.blocked"));
        assertTrue(run.audit().contains("identifiers.emailaddress.blockedPatterns"));
        if (!strategy.equals("first")) {
            // first adds no identifier to an existing contact: no limit to reach with one crm id per record
            assertTrue(run.audit().contains("identifiers.crm.maxPerContact"));
        }
        long largest = Long.parseLong(run.summary().replaceAll(".* largest_component=(\\d+).*", "$1"));
        if (listed) {
            // a blocked value is no hub: the engine never sees it
            assertTrue(!run.hubs().contains("crm-giant"), run.hubs());
        } else {
            assertTrue(run.hubs().contains("\"value\":\"crm-giant\""), run.hubs());
            assertTrue(run.hubs().contains("\"blocked\":true"), run.hubs());
            assertTrue(largest >= 150, run.summary());
        }
        if (strategy.equals("merge")) {
            assertTrue(run.audit().contains("merge.maxContactsPerMerge") || run.audit().contains("merge.maxMergesPerContact"));
        }
    }

    @Test
    void theLibraryTakesRulesAndGivesTheAuditAndHubs() {
        List<String> lines = Inputs.giant(600, 5);
        Path input = Runs.write(dir, "library-rules.csv", lines);
        Path file = Runs.write(dir, "library-rules.yaml", List.of(RULES.formatted("", false)));
        Runs.Run memory = Runs.audited(dir, input.toString(), "--strategy", "merge", "--region", "US", "--rules", file.toString());

        IdentityRules rules = IdentityRules.builder(IdentifierPolicy.builder().defaultRegion("US").build())
                .blocked("*", "-1").blocked("*", "null").blockedPattern("*", "^[0-]*$").maxPerContact("*", 3)
                .blocked("emailaddress", "user1@example.com").blockedPattern("emailaddress", "^user2")
                .blocked("phonenumber", "+1 201 402 0007").maxPerContact("phonenumber", 1).maxPerContact("crm", 1)
                .maxContactsPerMerge(2).maxMergesPerContact(3).hubs(3, false).build();
        Dataset<Row> records = records(lines, false);
        DedupeResult result = SparkDedupe.builder().strategy(Strategy.MERGE).region("US").rules(rules).audit().build().run(records);

        assertEquals(memory.contacts(), text(result.contacts()));
        assertEquals(memory.audit(), text(result.audit()));
        assertEquals(memory.summary(), result.summary() + " hubs=" + result.hubs().size());
        assertTrue(memory.hubs().contains(result.hubs().get(0).identifier().value()), memory.hubs());
    }

    private static String text(Dataset<Row> lines) {
        StringBuilder out = new StringBuilder();
        for (Row r : lines.select("json").collectAsList()) {
            out.append(r.getString(0)).append('\n');
        }
        return out.toString();
    }
}
