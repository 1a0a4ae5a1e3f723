package io.contactkit.cli.internal;

import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.Violation;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads {@code --rules FILE}: JSON, or YAML when the name ends in {@code .yaml} or {@code .yml}. */
final class RulesFile {

    private RulesFile() {
    }

    /** The rules in the file, or {@link IdentityRules#NONE} without one. @throws CliFailure naming every problem */
    static IdentityRules read(String file, IdentifierPolicy policy) {
        if (file == null) {
            return IdentityRules.NONE;
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new CliFailure("--rules " + file + ": no such file");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAMLMapper.builder().build() : JsonMapper.builder().build();
        Map<?, ?> tree;
        try {
            Object parsed = mapper.readValue(path.toFile(), Object.class);
            if (!(parsed instanceof Map)) {
                throw new CliFailure("--rules " + file + ": the rules must be an object with identifiers, merge and hubs");
            }
            tree = (Map<?, ?>) parsed;
        } catch (JacksonException e) {
            throw new CliFailure("--rules " + file + ": not valid " + (mapper instanceof YAMLMapper ? "YAML" : "JSON") + ": " + e.getOriginalMessage());
        }
        Validation<Seq<Violation>, IdentityRules> rules = IdentityRules.fromTree(tree, policy);
        if (rules.isInvalid()) {
            throw new CliFailure("--rules " + file + ": " + rules.getError().map(Violation::toString).mkString("; "));
        }
        return rules.get();
    }
}
