package io.contactkit.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of the README is a file of this module, shown whole but for its package line,
 * and every file of this module is shown: the README's code is the code the build compiles and
 * runs. Each block follows a comment naming its file: {@code <!-- sample: samples/src/... -->}.
 * After changing a sample, {@code mvn -pl samples -am verify -Dtest=ReadmeSamplesTest
 * -Dsamples.updateReadme=true} copies the files into the README.
 */
class ReadmeSamplesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path README = ROOT.resolve("README.md");
    private static final Pattern BLOCK = Pattern.compile("(?m)^(?:<!-- sample: (\\S+) -->\\n)?```java\\n(.*?)^```$", Pattern.DOTALL);

    @Test
    void everyJavaBlockOfTheReadmeIsASampleFileAndEverySampleIsShown() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        Matcher m = BLOCK.matcher(readme);
        StringBuilder updated = new StringBuilder();
        List<String> problems = new ArrayList<>();
        Set<String> shown = new TreeSet<>();
        while (m.find()) {
            String name = m.group(1);
            if (name == null) {
                problems.add("a Java block names no sample file: " + firstLine(m.group(2)));
                m.appendReplacement(updated, Matcher.quoteReplacement(m.group()));
                continue;
            }
            shown.add(name);
            String expected = shown(ROOT.resolve(name));
            if (!expected.equals(m.group(2))) {
                problems.add(name + " differs from its README block at: " + firstDifference(expected, m.group(2)));
            }
            m.appendReplacement(updated, Matcher.quoteReplacement("<!-- sample: " + name + " -->\n```java\n" + expected + "```"));
        }
        m.appendTail(updated);
        Set<String> files = samples();
        files.removeAll(shown);
        if (!files.isEmpty()) {
            problems.add("samples the README does not show: " + files);
        }
        if (Boolean.getBoolean("samples.updateReadme") && !updated.toString().equals(readme)) {
            Files.writeString(README, updated, StandardCharsets.UTF_8);
            fail("README.md updated from the sample files; check the change and run again");
        }
        assertEquals(List.of(), problems, "README.md and the samples module drifted apart"
                + " (-Dsamples.updateReadme=true copies the files into the README)");
    }

    /** The file as the README shows it: everything after the package line and the blank line after it. */
    static String shown(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.replaceFirst("\\Apackage [\\w.]+;\\n\\n", "");
    }

    private static Set<String> samples() throws IOException {
        try (Stream<Path> main = Files.walk(ROOT.resolve("samples/src/main/java"));
             Stream<Path> contract = Stream.of(ROOT.resolve("samples/src/test/java/io/contactkit/samples/BirdProviderContractTest.java"))) {
            return Stream.concat(main, contract).filter(p -> p.toString().endsWith(".java"))
                    .map(p -> ROOT.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static String firstLine(String block) {
        int end = block.indexOf('\n');
        return end < 0 ? block : block.substring(0, end);
    }

    private static String firstDifference(String expected, String actual) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "<end>";
            String y = i < b.length ? b[i] : "<end>";
            if (!x.equals(y)) {
                return "line " + (i + 1) + ": file has \"" + x + "\", README has \"" + y + "\"";
            }
        }
        return "?";
    }
}
