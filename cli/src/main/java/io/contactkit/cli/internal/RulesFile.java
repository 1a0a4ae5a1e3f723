package io.contactkit.cli.internal;

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

/** Reads a rules file ({@code --rules FILE}, {@code --new-rules FILE}): JSON, or YAML when the name ends in {@code .yaml} or {@code .yml}. */
final class RulesFile {

    private RulesFile() {
    }

    /** {@link #read(String, String, IdentifierPolicy)} for {@code --rules}. */
    static IdentityRules read(String file, IdentifierPolicy policy) {
        return read("--rules", file, policy);
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
            throw new CliFailure(where + ": not valid " + (yaml ? "YAML" : "JSON") + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CliFailure(where + ": cannot read the file: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> tree)) {
            throw new CliFailure(where + ": the rules must be an object with identifiers, merge and hubs");
        }
        Validation<Seq<Violation>, IdentityRules> rules = IdentityRules.fromTree(tree, policy);
        if (rules.isInvalid()) {
            throw new CliFailure(where + ": " + rules.getError().map(Violation::toString).mkString("; "));
        }
        return rules.get();
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
}
