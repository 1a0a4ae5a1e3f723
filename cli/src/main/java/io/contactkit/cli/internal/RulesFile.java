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
     * The rules in the file, or {@link IdentityRules#NONE} without one.
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
            parsed = mapper.readValue(in, Object.class);
        } catch (JacksonIOException e) {
            // the file could not be read, which is not a fault of its syntax
            throw new CliFailure(where + ": cannot read the file: " + e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new CliFailure(where + ": not valid " + (yaml ? "YAML: " + e.getOriginalMessage() : "JSON: " + JsonProblem.describe(e, false)));
        } catch (IOException e) {
            // only closing the file throws it here
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
}
