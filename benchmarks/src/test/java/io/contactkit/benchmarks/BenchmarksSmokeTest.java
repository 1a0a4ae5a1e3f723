package io.contactkit.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Deduplicator;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.Strategy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Tiny runs of every benchmark and harness, so that they cannot rot; the figures themselves mean nothing here. */
class BenchmarksSmokeTest {

    @Test
    void generatorIsDeterministicWithAboutThreeDistinctIdentifiersPerRecord() {
        List<List<Identifier>> a = RecordGenerator.generate(20_000, 7);
        assertEquals(a, RecordGenerator.generate(20_000, 7));
        assertNotEquals(a, RecordGenerator.generate(20_000, 8));
        long total = 0;
        for (List<Identifier> record : a) {
            assertEquals(record.size(), new HashSet<>(record).size(), "identifiers of a record are distinct");
            assertTrue(record.size() >= 1 && record.size() <= 6);
            total += record.size();
        }
        double mean = total / 20_000.0;
        assertTrue(mean > 2.9 && mean < 3.3, "mean identifiers per record " + mean);
    }

    @Test
    void everyStrategyRunsAndMergeFindsExactlyTheJGraphTClusters() {
        List<List<Identifier>> input = RecordGenerator.generate(20_000, 42);
        int clusters = DedupBenchmark.jgraphtClusters(input);
        for (Strategy s : Strategy.values()) {
            Deduplicator d = DedupBenchmark.run(DedupBenchmark.commands(input, s));
            assertEquals(20_000, d.summary().records(), s.wireName());
            List<AuditEntry> entries = new ArrayList<>();
            Deduplicator audited = DedupBenchmark.runAudited(DedupBenchmark.commands(input, s), entries::add);
            assertEquals(20_000, entries.size());
            assertEquals(d.summary(), audited.summary(), "the bulk and the full path agree");
            if (s == Strategy.MERGE) {
                assertEquals(clusters, d.summary().contacts());
                assertTrue(d.summary().merged() > 0, "the generated overlap makes merges");
            }
        }
        assertTrue(clusters < 20_000, "the generated records overlap");
    }

    @Test
    void jmhBenchmarkRunsForEveryStrategyAndJGraphT() throws Exception {
        Options options = new OptionsBuilder()
                .include(DedupBenchmark.class.getName() + ".")
                .param("records", "500")
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .forks(0)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Set<String> seen = new HashSet<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            String strategy = r.getParams().getParam("strategy");
            seen.add(strategy == null ? label : label + ":" + strategy);
            assertTrue(r.getPrimaryResult().getScore() > 0);
        }
        assertEquals(Set.of("engine:strict_alias", "engine:first_alias", "engine:first", "engine:merge", "engineAuditedWithContacts",
                "jgraphtConnectivity"), seen);
    }

    @Test
    void adapterHarnessComparesTheThreeClients() {
        List<String> lines = new ArrayList<>();
        AdapterHarness.Result r = AdapterHarness.run(200, 1, 8, lines::add);
        assertEquals(1, lines.size());
        assertTrue(r.kit()[0] > 0 && r.netty()[0] > 0 && r.jdk()[0] > 0);
        assertTrue(r.summary().contains("facade / raw Reactor Netty"));
    }

    @Test
    void exportHarnessStreamsEveryPageAndSamplesTheHeap() {
        List<String> lines = new ArrayList<>();
        ExportHarness.Result r = ExportHarness.run(20, 50, 10, lines::add);
        assertEquals(1_000, r.contacts());
        assertEquals(2, r.heapAfterGc().size());
        assertEquals(2, lines.size());
    }
}
