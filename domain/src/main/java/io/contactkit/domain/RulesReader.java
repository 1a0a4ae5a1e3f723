package io.contactkit.domain;

import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.regex.PatternSyntaxException;

/** Reads {@link IdentityRules} from a parsed document, collecting every problem with its path. */
final class RulesReader {

    private static final Set<String> TOP = Set.of("identifiers", "merge", "hubs");
    private static final Set<String> KEY_FIELDS = Set.of("blocked", "blockedPatterns", "maxPerContact");
    private static final Set<String> MERGE_FIELDS = Set.of("maxContactsPerMerge", "maxMergesPerContact");
    private static final Set<String> HUB_FIELDS = Set.of("threshold", "autoBlock");

    private final IdentityRules.Builder rules;
    /** Whether the keys under {@code identifiers} are read as a rules file names them ({@link IdentifierNames#ruleKey}). */
    private final boolean named;
    private final List<Violation> problems = new ArrayList<>();

    RulesReader(IdentifierPolicy policy, boolean named) {
        this.rules = IdentityRules.builder(policy);
        this.named = named;
    }

    Validation<Seq<Violation>, IdentityRules> read(Map<?, ?> tree) {
        if (tree == null) {
            return Validation.invalid(io.vavr.collection.List.of(Violation.of("", "invalid_rules", "the rules must be an object")));
        }
        unknown(tree, TOP, "");
        Map<?, ?> identifiers = object(tree.get("identifiers"), "identifiers");
        if (identifiers != null) {
            identifiers.forEach((k, v) -> {
                String written = String.valueOf(k);
                key(named ? IdentifierNames.ruleKey(written) : written, "identifiers." + written, object(v, "identifiers." + written));
            });
        }
        Map<?, ?> merge = object(tree.get("merge"), "merge");
        if (merge != null) {
            unknown(merge, MERGE_FIELDS, "merge");
            integer(merge.get("maxContactsPerMerge"), "merge.maxContactsPerMerge", 1, rules::maxContactsPerMerge);
            integer(merge.get("maxMergesPerContact"), "merge.maxMergesPerContact", 0, rules::maxMergesPerContact);
        }
        Map<?, ?> hubs = object(tree.get("hubs"), "hubs");
        if (hubs != null) {
            unknown(hubs, HUB_FIELDS, "hubs");
            Object auto = hubs.get("autoBlock");
            if (auto != null && !(auto instanceof Boolean)) {
                problems.add(Violation.of("hubs.autoBlock", "invalid_type", "autoBlock must be true or false"));
            }
            if (hubs.get("threshold") == null) {
                problems.add(Violation.of("hubs.threshold", "missing_value", "hubs need a threshold: the number of contacts a value may join"));
            }
            integer(hubs.get("threshold"), "hubs.threshold", 1, t -> rules.hubs(t, Boolean.TRUE.equals(auto)));
        }
        return problems.isEmpty() ? Validation.valid(rules.build()) : Validation.invalid(io.vavr.collection.List.ofAll(problems));
    }

    /** Reads the rules of one key, reporting each problem under {@code path}, which names the key as written. */
    private void key(String key, String path, Map<?, ?> fields) {
        if (!IdentityRules.EVERY_KEY.equals(key) && !Identifier.isValidKey(key)) {
            problems.add(Violation.of(path, "invalid_key", "identifier key must be 1-64 letters, digits, '_' or '-', or " + IdentityRules.EVERY_KEY));
            return;
        }
        if (fields == null) {
            return;
        }
        unknown(fields, KEY_FIELDS, path);
        List<?> blocked = list(fields.get("blocked"), path + ".blocked");
        for (int i = 0; i < blocked.size(); i++) {
            Object v = blocked.get(i);
            String at = path + ".blocked[" + i + "]";
            if (!(v instanceof String) && !(v instanceof Number)) {
                problems.add(Violation.of(at, "invalid_type", "a blocked value must be a string"));
                continue;
            }
            rules.canonical(key, String.valueOf(v)).fold(bad -> problems.add(bad.under(at)), ok -> rules.blocked(key, String.valueOf(v)));
        }
        List<?> patterns = list(fields.get("blockedPatterns"), path + ".blockedPatterns");
        for (int i = 0; i < patterns.size(); i++) {
            Object v = patterns.get(i);
            String at = path + ".blockedPatterns[" + i + "]";
            if (!(v instanceof String)) {
                problems.add(Violation.of(at, "invalid_type", "a blocked pattern must be a string"));
                continue;
            }
            try {
                rules.blockedPattern(key, (String) v);
            } catch (PatternSyntaxException e) {
                problems.add(Violation.of(at, "invalid_pattern", "not a Java regular expression: " + e.getDescription()));
            }
        }
        integer(fields.get("maxPerContact"), path + ".maxPerContact", 1, n -> rules.maxPerContact(key, n));
    }

    private void unknown(Map<?, ?> map, Set<String> known, String path) {
        for (Object k : map.keySet()) {
            if (!known.contains(String.valueOf(k))) {
                problems.add(Violation.of(path.isEmpty() ? String.valueOf(k) : path + "." + k, "unknown_field",
                        "unknown field; expected one of " + new java.util.TreeSet<>(known)));
            }
        }
    }

    private Map<?, ?> object(Object value, String path) {
        if (value == null || value instanceof Map) {
            return (Map<?, ?>) value;
        }
        problems.add(Violation.of(path, "invalid_type", "must be an object"));
        return null;
    }

    private List<?> list(Object value, String path) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List) {
            return (List<?>) value;
        }
        problems.add(Violation.of(path, "invalid_type", "must be a list"));
        return List.of();
    }

    private void integer(Object value, String path, int min, IntConsumer to) {
        if (value == null) {
            return;
        }
        if (!(value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof java.math.BigInteger)) {
            problems.add(Violation.of(path, "invalid_type", "must be a whole number"));
            return;
        }
        Number n = (Number) value;
        if (n.longValue() < min || n.longValue() > Integer.MAX_VALUE || (value instanceof java.math.BigInteger b && b.bitLength() > 31)) {
            problems.add(Violation.of(path, "out_of_range", "must be " + min + " or more (at most " + Integer.MAX_VALUE + "), got " + value));
            return;
        }
        to.accept(n.intValue());
    }
}
