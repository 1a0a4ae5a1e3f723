package io.contactkit.cli.internal;

import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierNames;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.Violation;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a rules file ({@code --rules FILE}, {@code --new-rules FILE}): JSON, or YAML when the name ends in {@code .yaml} or {@code .yml}.
 * Its identifier keys are read as the input's column names are ({@link Field}), as {@code --priority} reads them: {@code email},
 * {@code E-mail}, {@code Phone Number}, {@code visitor_id} (any case, words joined or separated) are the well-known keys, and
 * {@code id:<key>} is the key {@code <key>}. Any other key is taken as written. The domain reads them so
 * ({@link IdentityRules#fromFile}), as the Spring Boot starter does for its rules file.
 */
final class RulesFile {

    private RulesFile() {
    }

    /**
     * The rules in the file, or {@link IdentityRules#NONE} without one or for a file without any content (empty, blank or,
     * in YAML, only comments).
     *
     * @param option the option that named the file, for messages
     * @throws CliFailure naming the option, the file and every problem
     */
    static IdentityRules read(String option, String file, IdentifierPolicy policy) {
        if (file == null) {
            return IdentityRules.NONE;
        }
        String where = option + " " + file;
        Path path = Path.of(file);
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        ObjectMapper mapper = yaml ? YAMLMapper.builder().build() : JsonMapper.builder().build();
        Object parsed;
        try (InputStream in = RecordReader.openFile(where, path)) {
            // read whole first (a rules file is small), as it may be a pipe, which can be read only once
            byte[] content = in.readAllBytes();
            if (empty(mapper, content, yaml)) {
                return IdentityRules.NONE;
            }
            parsed = mapper.readValue(content, Object.class);
        } catch (JacksonIOException e) {
            // the file could not be read, which is not a fault of its syntax
            throw new CliFailure(where + ": cannot read the file: " + e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new CliFailure(where + ": not valid " + (yaml ? "YAML: " + yamlProblem(e.getOriginalMessage()) : "JSON: " + JsonProblem.describe(e, false)));
        } catch (IOException e) {
            throw new CliFailure(where + ": cannot read the file: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> tree)) {
            throw new CliFailure(where + ": the rules must be an object with identifiers, merge and hubs");
        }
        IdentifierNames.clash(tree).ifPresent(c -> {
            // whose rules were meant cannot be told: said alone, with the keys shown as the CLI shows names
            throw new CliFailure(where + ": " + c.message(Field::abbreviate));
        });
        Validation<Seq<Violation>, IdentityRules> rules = IdentityRules.fromFile(tree, policy);
        if (rules.isInvalid()) {
            throw new CliFailure(where + ": " + rules.getError().map(Violation::toString).mkString("; "));
        }
        return rules.get();
    }

    /**
     * Whether rules under this key are for keys every input may hold whatever its columns: {@value IdentityRules#EVERY_KEY}
     * and the well-known keys.
     */
    static boolean everyInputsKey(String key) {
        return key.equals(IdentityRules.EVERY_KEY) || key.equals(Identifier.EMAIL) || key.equals(Identifier.PHONE) || key.equals(Identifier.VISITOR);
    }

    /**
     * Whether the file holds no rules at all: nothing, blanks or (YAML) only comments, or a YAML document left empty
     * ({@code ---} alone). It then means no rules, as an empty object does.
     */
    private static boolean empty(ObjectMapper mapper, byte[] content, boolean yaml) {
        try (JsonParser parser = mapper.createParser(content)) {
            JsonToken first = parser.nextToken();
            return first == null || yaml && first == JsonToken.VALUE_NULL && parser.nextToken() == null;
        }
    }

    /**
     * The YAML parser's message on one line: its parts (what it was reading, what it found) each with their place, without the
     * quoted lines of the file and the caret under them that it adds on lines of their own.
     */
    static String yamlProblem(String message) {
        if (message == null || message.isBlank()) {
            return "malformed YAML";
        }
        StringBuilder out = new StringBuilder();
        boolean quoted = false;   // the line after a place is the file's line, quoted
        for (String line : message.split("\\R")) {
            java.util.regex.Matcher place = YAML_PLACE.matcher(line);
            if (place.matches()) {
                out.append(" (line ").append(place.group(1)).append(", column ").append(place.group(2)).append(')');
                quoted = true;
                continue;
            }
            if (quoted || line.isBlank() || line.strip().equals("^")) {
                quoted = quoted && !line.strip().equals("^");
                continue;
            }
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(line.strip());
        }
        return out.isEmpty() ? "malformed YAML" : out.toString();
    }

    private static final java.util.regex.Pattern YAML_PLACE = java.util.regex.Pattern.compile("\\s*in \\S+, line (\\d+), column (\\d+):?\\s*");
}
