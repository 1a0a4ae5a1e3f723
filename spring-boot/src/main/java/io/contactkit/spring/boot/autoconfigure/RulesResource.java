package io.contactkit.spring.boot.autoconfigure;

import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.Violation;
import io.vavr.control.Validation;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.util.ClassUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a property's identity rules file: JSON, or YAML when the name ends in {@code .yaml} or {@code .yml} (with
 * {@code jackson-dataformat-yaml} on the class path, as the starter brings it), as the command line's {@code --rules} reads
 * one ({@link IdentityRules#fromFile}): keys under {@code identifiers} written as identifier columns are named ({@code email},
 * {@code Phone Number}, {@code id:crm}) are those identifier keys, two keys naming one identifier key are refused, and a file
 * without any content (empty, blank or, in YAML, only comments) holds no rules. Any problem fails the application's start
 * with the property, the file and every violation named.
 */
final class RulesResource {

    private static final String YAML_MAPPER = "tools.jackson.dataformat.yaml.YAMLMapper";

    private RulesResource() {
    }

    /**
     * @param property the property that named the file, for messages
     * @throws IllegalStateException when the file is missing, unreadable, not JSON or YAML, or not valid rules
     */
    static IdentityRules read(Resource file, String property) {
        String where = property + " (" + file.getDescription() + ")";
        if (!file.exists()) {
            throw new IllegalStateException(where + ": no such file");
        }
        String name = file.getFilename() == null ? "" : file.getFilename().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        ObjectMapper mapper = mapper(yaml, where);
        Object parsed;
        try (InputStream in = file.getInputStream()) {
            byte[] content = in.readAllBytes();
            if (empty(mapper, content, yaml)) {
                return IdentityRules.NONE;
            }
            parsed = mapper.readValue(content, Object.class);
        } catch (JacksonIOException e) {
            // the resource could not be read, which is not a fault of its syntax
            throw new IllegalStateException(where + ": cannot be read: " + e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new IllegalStateException(where + ": not valid " + (yaml ? "YAML" : "JSON") + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException(where + ": cannot be read: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> tree)) {
            throw new IllegalStateException(where + ": the rules must be an object with identifiers, merge and hubs");
        }
        Validation<io.vavr.collection.Seq<Violation>, IdentityRules> rules = IdentityRules.fromFile(tree, IdentifierPolicy.defaults());
        if (rules.isInvalid()) {
            throw new IllegalStateException(where + ": " + rules.getError().map(Violation::toString).mkString("; "));
        }
        return rules.get();
    }

    /**
     * Whether the file holds no rules at all, as {@code --rules} decides it: nothing, blanks or (YAML) only comments, or a
     * YAML document left empty ({@code ---} alone).
     */
    private static boolean empty(ObjectMapper mapper, byte[] content, boolean yaml) {
        try (JsonParser parser = mapper.createParser(content)) {
            JsonToken first = parser.nextToken();
            return first == null || yaml && first == JsonToken.VALUE_NULL && parser.nextToken() == null;
        }
    }

    private static ObjectMapper mapper(boolean yaml, String where) {
        if (!yaml) {
            return JsonMapper.builder().build();
        }
        if (!ClassUtils.isPresent(YAML_MAPPER, RulesResource.class.getClassLoader())) {
            throw new IllegalStateException(where + ": a YAML rules file needs tools.jackson.dataformat:jackson-dataformat-yaml"
                    + " on the class path (the starter brings it); or give the rules as JSON");
        }
        return tools.jackson.dataformat.yaml.YAMLMapper.builder().build();
    }
}
