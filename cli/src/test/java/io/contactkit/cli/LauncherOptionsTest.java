package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options the launcher script ({@code contactkit} at the repository's root) chooses. The script runs from a copy in
 * a folder of its own, with a built jar it takes as fresh (so it builds nothing) and a {@code java} that only writes down
 * its arguments.
 */
class LauncherOptionsTest {

    private static final Path SCRIPT = Path.of("..", "contactkit");
    private static final List<String> PROMOTION = List.of("-XX:MaxTenuringThreshold=0", "-XX:SurvivorRatio=64");

    @TempDir
    Path dir;

    @BeforeEach
    void layout() throws IOException {
        Path launcher = dir.resolve("contactkit");
        Files.copy(SCRIPT, launcher);
        Path target = Files.createDirectories(dir.resolve("cli").resolve("target"));
        Files.writeString(target.resolve("contactkit-cli.jar"), "");
        Path stamp = Files.writeString(target.resolve(".contactkit-built"), "");
        Files.setLastModifiedTime(stamp, FileTime.from(Instant.now().plusSeconds(3600)));
        Path java = Files.createDirectories(dir.resolve("jdk").resolve("bin")).resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > \"$(dirname \"$0\")/../args\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void anOfflineDedupeGetsAHeapThatStartsAt768MbAndMayGrowAndPromotionAfterOneCollection() throws Exception {
        List<String> args = run("", "dedupe", "in.csv");
        assertTrue(args.containsAll(List.of("-Xms768m", "-Xmn192m", "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1")), args::toString);
        assertFalse(args.contains("-Xmn320m"), args::toString);
        assertTrue(args.containsAll(PROMOTION), args::toString);
        // no maximum: the JVM's own (a quarter of the memory, and never below the start), so that a larger input grows the
        // old generation instead of running out; and adaptive sizing on, without which the old generation never grows
        assertTrue(args.stream().noneMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize=")), args::toString);
        assertFalse(args.contains("-XX:-UseAdaptiveSizePolicy"), args::toString);
        assertEquals(List.of("dedupe", "in.csv"), args.subList(args.size() - 2, args.size()));
    }

    @Test
    void anOfflineDedupeRunsTheOneOfflineJarAndTheOtherCommandsEveryLibraryAfterIt() throws Exception {
        Path target = dir.resolve("cli").resolve("target");
        Path jar = target.resolve("contactkit-cli.jar");
        // without the offline jar (an older build), every command runs the jar, whose manifest names every library
        assertEquals(List.of("-jar", jar.toString(), "dedupe", "in.csv"), tail(run("", "dedupe", "in.csv"), 4));
        // the offline jar holds the tool's classes and the libraries an offline dedupe can use, merged by the build: alone on
        // the class path (one jar for the JVM to open), whatever list of libraries an older build left beside it
        Path offline = Files.writeString(target.resolve("contactkit-cli-offline.jar"), "");
        Path libs = Files.createDirectories(target.resolve("launcher")).resolve("classpath-offline");
        Files.writeString(libs, "/lib/domain.jar:/lib/picocli.jar");
        String lean = offline.toString();
        assertEquals(List.of("-cp", lean, "io.contactkit.cli.Main", "dedupe", "in.csv"), tail(run("", "dedupe", "in.csv"), 5));
        assertEquals(List.of("-cp", lean, "io.contactkit.cli.Main", "--verbose", "dedupe", "in.csv"),
                tail(run("", "--verbose", "dedupe", "in.csv"), 6));
        assertEquals(List.of("-cp", lean, "io.contactkit.cli.Main", "dedupe", "--rules", "r.yaml", "--audit", "a.ndjson", "in.csv"),
                tail(run("", "dedupe", "--rules", "r.yaml", "--audit", "a.ndjson", "in.csv"), 9));
        // the class-data archive is made from an offline dedupe: the other class paths start with the same entry
        String all = lean + ":" + jar;
        assertEquals(List.of("-cp", all, "io.contactkit.cli.Main", "generate"), tail(run("", "generate"), 4));
        assertEquals(List.of("-cp", all, "io.contactkit.cli.Main", "dedupe", "--provider", "postgres", "in.csv"),
                tail(run("", "dedupe", "--provider", "postgres", "in.csv"), 7));
        assertEquals(List.of("-cp", all, "io.contactkit.cli.Main", "dedupe", "--provider=postgres", "in.csv"),
                tail(run("", "dedupe", "--provider=postgres", "in.csv"), 6));
    }

    private static List<String> tail(List<String> args, int n) {
        return args.subList(args.size() - n, args.size());
    }

    @Test
    void theClassDataArchiveIsUsedWhenNewerThanTheJar() throws Exception {
        List<String> without = run("", "dedupe", "in.csv");
        assertTrue(without.stream().noneMatch(a -> a.startsWith("-XX:SharedArchiveFile=")), without::toString);
        Path target = dir.resolve("cli").resolve("target");
        Path archive = Files.writeString(target.resolve("contactkit.jsa"), "");
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().plusSeconds(60)));
        for (List<String> line : List.of(List.of("dedupe", "in.csv"), List.of("generate"), List.of("dedupe", "--provider", "postgres", "in.csv"))) {
            List<String> args = run("", line.toArray(String[]::new));
            assertTrue(args.contains("-XX:SharedArchiveFile=" + archive), args::toString);
        }
        // an archive older than the jar is not used
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minusSeconds(3600)));
        List<String> stale = run("", "dedupe", "in.csv");
        assertTrue(stale.stream().noneMatch(a -> a.startsWith("-XX:SharedArchiveFile=")), stale::toString);
    }

    @Test
    void anOfflineDedupeMapsItsOwnArchiveWhenMadeAfterItsJarAndTheOtherCommandsTheGeneralOne() throws Exception {
        Path target = dir.resolve("cli").resolve("target");
        Path offline = Files.writeString(target.resolve("contactkit-cli-offline.jar"), "");
        Path archive = Files.writeString(target.resolve("contactkit.jsa"), "");
        Path dedupe = Files.writeString(target.resolve("contactkit-dedupe.jsa"), "");
        for (Path file : List.of(archive, dedupe)) {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
        }
        for (List<String> line : List.of(List.of("dedupe", "in.csv"), List.of("--verbose", "dedupe", "--rules", "r.yaml", "in.csv"))) {
            List<String> args = run("", line.toArray(String[]::new));
            assertTrue(args.contains("-XX:SharedArchiveFile=" + dedupe), args::toString);
            assertFalse(args.contains("-XX:SharedArchiveFile=" + archive), args::toString);
        }
        for (List<String> line : List.of(List.of("generate"), List.of("dedupe", "--provider", "postgres", "in.csv"), List.of("sync", "in.csv"))) {
            List<String> args = run("", line.toArray(String[]::new));
            assertTrue(args.contains("-XX:SharedArchiveFile=" + archive), args::toString);
            assertFalse(args.contains("-XX:SharedArchiveFile=" + dedupe), args::toString);
        }
        // older than the offline jar (a build after the training): the general archive, which the JVM checks itself
        Files.setLastModifiedTime(offline, FileTime.from(Instant.now().plusSeconds(120)));
        List<String> stale = run("", "dedupe", "in.csv");
        assertFalse(stale.contains("-XX:SharedArchiveFile=" + dedupe), stale::toString);
        // and without the offline jar, no dedupe archive either: the jar alone, with the general archive
        Files.delete(offline);
        Files.setLastModifiedTime(dedupe, FileTime.from(Instant.now().plusSeconds(180)));
        List<String> old = run("", "dedupe", "in.csv");
        assertTrue(old.contains("-XX:SharedArchiveFile=" + archive), old::toString);
        assertFalse(old.contains("-XX:SharedArchiveFile=" + dedupe), old::toString);
    }

    @Test
    void aHeapTheOptionsSizeKeepsAdaptiveSizingSoThatItCanGrow() throws Exception {
        // with adaptive sizing off, a heap given as -Xmx alone stayed at its initial size and collected without end
        List<String> args = run("-Xmx12g", "dedupe", "in.csv");
        assertTrue(args.contains("-Xmx12g"), args::toString);
        assertFalse(args.contains("-Xmx768m") || args.contains("-Xms768m") || args.contains("-Xmn192m") || args.contains("-Xmn320m"), args::toString);
        assertTrue(PROMOTION.stream().noneMatch(args::contains), args::toString);
    }

    @Test
    void withTheLaunchersHeapOptionsScaledDownADedupeBeyondTheStartingHeapGrowsItAndEnds() throws Exception {
        // the launcher's own options for an offline dedupe, run by a real JVM with the heap's start and young generation
        // scaled down (24 and 8 MB instead of 768 and 192) on an input that needs several times that: the heap must grow.
        // With adaptive sizing off (as the launcher had it) the old generation stayed near its start and such a run made
        // thousands of full collections (here, about 100 s of them); with it on, a handful
        List<String> options = new java.util.ArrayList<>();
        for (String a : run("", "dedupe", "in.csv")) {
            if (a.equals("-Xms768m")) {
                options.add("-Xms24m");
            } else if (a.equals("-Xmn192m")) {
                options.add("-Xmn8m");
            } else if (a.startsWith("-X") && !a.startsWith("-XX:SharedArchiveFile=")) {
                options.add(a);
            }
        }
        assertTrue(options.containsAll(List.of("-Xms24m", "-Xmn8m")) && options.containsAll(PROMOTION), options::toString);
        Path input = dir.resolve("big.csv");
        assertEquals(0, Cli.run("generate", "--rows", "200000", "--seed", "3", "--output", input.toString()).status());
        Path gc = dir.resolve("gc.log");
        options.add("-Xlog:gc:file=" + gc);
        Cli.Forked run = Cli.fork(options, dir.resolve("run.log"), 180, "dedupe", "--output", dir.resolve("contacts.ndjson").toString(),
                input.toString());
        assertTrue(run.ended(), "the run ended: " + options);
        String said = run.said();
        assertEquals(0, run.status(), said);
        assertTrue(said.contains("records=200000 contacts="), said);
        long full = Files.readAllLines(gc).stream().filter(l -> l.contains("Pause Full")).count();
        assertTrue(full < 50, full + " full collections: the heap did not grow");
    }

    @Test
    void aDedupeIntoAStoreGetsALargerHeapToStartWithAndPromotionAfterOneCollection() throws Exception {
        // room in the old generation for what the store's run holds beside the engine: no full collection near its end
        List<String> args = run("", "dedupe", "--provider", "postgres", "--workspace", "w", "in.csv");
        assertTrue(args.containsAll(List.of("-Xms1024m", "-Xmn320m", "-XX:+UseParallelGC")), args::toString);
        assertTrue(args.stream().noneMatch(a -> a.startsWith("-Xmx")), args::toString);
        assertFalse(args.contains("-Xms768m") || args.contains("-XX:-UseAdaptiveSizePolicy"), args::toString);
        assertTrue(args.containsAll(PROMOTION), args::toString);
        List<String> sized = run("-Xmx2g", "dedupe", "--provider", "postgres", "--workspace", "w", "in.csv");
        assertFalse(sized.contains("-Xms1024m") || PROMOTION.stream().anyMatch(sized::contains), sized::toString);
    }

    @Test
    void aSplitOfAFileOrOfAStoreGetsALargerHeapToStartWithAndPromotionAfterOneCollection() throws Exception {
        // the history a split replays lives to the end of the run, as a dedupe's state does
        for (List<String> line : List.of(List.of("split", "--contacts", "c1", "--new-rules", "r.json", "in.csv"),
                List.of("db", "split", "--workspace", "w", "--contacts", "c1", "--new-rules", "r.json"),
                List.of("sync", "--provider", "memory", "--workspace", "split", "in.csv"))) {
            List<String> args = run("", line.toArray(String[]::new));
            if (line.get(0).equals("sync")) {
                // an option's value named split is not the command
                assertFalse(args.contains("-Xms1024m") || PROMOTION.stream().anyMatch(args::contains), args::toString);
                continue;
            }
            assertTrue(args.containsAll(List.of("-Xms1024m", "-Xmn320m", "-XX:+UseParallelGC")), args::toString);
            assertTrue(args.containsAll(PROMOTION), args::toString);
            assertTrue(args.stream().noneMatch(a -> a.startsWith("-Xmx")), args::toString);
            List<String> sized = run("-Xmx2g", line.toArray(String[]::new));
            assertFalse(sized.contains("-Xms1024m") || PROMOTION.stream().anyMatch(sized::contains), sized::toString);
        }
        for (List<String> line : List.of(List.of("db", "migrate"), List.of("db", "status"))) {
            List<String> args = run("", line.toArray(String[]::new));
            assertTrue(args.containsAll(List.of("-Xms768m", "-Xmn320m")) && PROMOTION.stream().noneMatch(args::contains), args::toString);
        }
    }

    @Test
    void otherCommandsKeepTheCollectorsOwnSizing() throws Exception {
        assertTrue(PROMOTION.stream().noneMatch(run("", "sync", "--provider", "postgres", "in.csv")::contains));
        assertTrue(PROMOTION.stream().noneMatch(run("", "simulate")::contains));
        // the smaller young generation is measured for an offline dedupe only; every command's heap may grow (the contacts of a
        // simulator or of sync --provider memory hold more the more records there are), with the collector's own sizing
        for (List<String> line : List.of(List.of("simulate"), List.of("sync", "--provider", "memory", "--workspace", "w", "in.csv"))) {
            List<String> args = run("", line.toArray(String[]::new));
            assertTrue(args.containsAll(List.of("-Xms768m", "-Xmn320m")), args::toString);
            assertTrue(args.stream().noneMatch(a -> a.startsWith("-Xmx")) && PROMOTION.stream().noneMatch(args::contains), args::toString);
        }
        assertTrue(PROMOTION.stream().noneMatch(run("-XX:+UseG1GC", "dedupe", "in.csv")::contains));
    }

    @Test
    void aLocalSparkRunGetsTheClientCompilerWithTheUsualRoomForCompiledCode() throws Exception {
        Path target = Files.createDirectories(dir.resolve("spark").resolve("target"));
        Files.writeString(target.resolve("contactkit-spark.jar"), "");
        Path launcher = Files.createDirectories(target.resolve("launcher"));
        for (String file : List.of("jvm-options", "classpath-compile", "classpath-runtime")) {
            Files.writeString(launcher.resolve(file), "");
        }
        Path stamp = Files.writeString(target.resolve(".contactkit-built"), "");
        Files.setLastModifiedTime(stamp, FileTime.from(Instant.now().plusSeconds(3600)));
        List<String> args = run("", "dedupe", "--engine", "spark", "in.csv");
        // the client compiler alone would reserve 48 MB, which Spark's generated code filled
        assertTrue(args.containsAll(List.of("-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=240m")), args::toString);
        assertTrue(PROMOTION.stream().noneMatch(args::contains), args::toString);
        assertEquals(List.of("dedupe", "--engine", "spark", "in.csv"), args.subList(args.size() - 4, args.size()));
        // huge pages for the heap where the kernel gives them on request, unless the options decide
        assertEquals(hugePagesOnRequest(), args.contains("-XX:+UseTransparentHugePages"), args::toString);
        assertFalse(run("-XX:-UseTransparentHugePages", "dedupe", "--engine", "spark", "in.csv").contains("-XX:+UseTransparentHugePages"));
    }

    /**
     * An offline dedupe with the client compiler alone gets one compiler thread on two cores or fewer (where the JVM would
     * start two beside the run's two busy threads); never where the options choose the compilers, nor for other commands.
     */
    @Test
    void anOfflineDedupeOnTwoCoresOrFewerGetsOneCompilerThread() throws Exception {
        String one = "-XX:CICompilerCount=1";
        assertEquals(twoCoresOrFewer(), run("", "dedupe", "--region", "US", "in.csv").contains(one));
        assertFalse(run("-XX:TieredStopAtLevel=4", "dedupe", "in.csv").contains(one), "C2 back: tiered needs two");
        assertFalse(run("-XX:-TieredCompilation", "dedupe", "in.csv").contains(one));
        List<String> chosen = run("-XX:CICompilerCount=2", "dedupe", "in.csv");
        assertFalse(chosen.contains(one), chosen::toString);
        assertFalse(run("", "dedupe", "--provider", "postgres", "--workspace", "w", "in.csv").contains(one));
        assertFalse(run("", "split", "--contacts", "c1", "in.csv").contains(one));
        assertFalse(run("", "generate", "--rows", "10").contains(one));
    }

    /** Whether the kernel lists two online processors or fewer, as the launcher reads it. */
    private static boolean twoCoresOrFewer() throws IOException {
        Path online = Path.of("/sys/devices/system/cpu/online");
        if (!Files.isReadable(online)) {
            return false;
        }
        String cpus = Files.readString(online).strip();
        return cpus.equals("0") || cpus.equals("0-1");
    }

    private static boolean hugePagesOnRequest() throws IOException {
        Path setting = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        return Files.isReadable(setting) && Files.readString(setting).contains("[madvise]");
    }

    @Test
    void aChangedSourceOfTheToolRebuildsItAndAChangedTestSourceDoesNot() throws Exception {
        // a stand-in Maven that notes each build; the build itself is not what this checks
        Path built = dir.resolve("built");
        Path mvn = dir.resolve("mvn");
        Files.writeString(mvn, "#!/usr/bin/env bash\necho build >> '" + built + "'\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path stamp = dir.resolve("cli").resolve("target").resolve(".contactkit-built");
        Files.setLastModifiedTime(stamp, FileTime.from(Instant.now().minusSeconds(3600)));

        Path test = Files.createDirectories(dir.resolve("domain/src/test/java")).resolve("SomeTest.java");
        Files.writeString(test, "class SomeTest {}");
        run("", Map.of("MVN", mvn.toString()), "dedupe", "in.csv");
        assertFalse(Files.exists(built), "a test source changed only: the tool, built without tests, is not rebuilt");

        Path main = Files.createDirectories(dir.resolve("domain/src/main/java")).resolve("Some.java");
        Files.writeString(main, "class Some {}");
        List<String> args = run("", Map.of("MVN", mvn.toString()), "dedupe", "in.csv");
        assertEquals(List.of("build"), Files.readAllLines(built), "a source of the tool changed: it is rebuilt once");
        assertEquals(List.of("dedupe", "in.csv"), args.subList(args.size() - 2, args.size()));
        assertTrue(Files.getLastModifiedTime(stamp).toInstant().isAfter(Instant.now().minusSeconds(600)), "the build is stamped");
    }

    private List<String> run(String options, String... arguments) throws Exception {
        return run(options, Map.of(), arguments);
    }

    private List<String> run(String options, Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", dir.resolve("contactkit").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile());
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", dir.resolve("jdk").toString());
        env.put("CONTACTKIT_JAVA_OPTS", options);
        env.putAll(environment);
        Files.deleteIfExists(dir.resolve("jdk").resolve("args"));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not finish");
        assertEquals(0, p.exitValue(), () -> read(dir.resolve("out")));
        return Files.readAllLines(dir.resolve("jdk").resolve("args"), StandardCharsets.UTF_8);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
