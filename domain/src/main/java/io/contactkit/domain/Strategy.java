package io.contactkit.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * How an upsert chooses its contact and which identifiers it adds. See docs/DESIGN.md's strategy table.
 */
public enum Strategy {
    /** The one contact owning any of the identifiers; two or more owners is a conflict that changes nothing. Bird's default. */
    STRICT_ALIAS("strict_alias"),
    /** The owner of the first owned identifier; identifiers owned by another contact are skipped and reported. */
    FIRST_ALIAS("first_alias"),
    /** The owner of the first owned identifier; adds nothing; a new contact gets only the first identifier. */
    FIRST("first"),
    /** Every owner is merged into the earliest created one. Deduplication only; not a Bird strategy. */
    MERGE("merge");

    private final String wireName;

    Strategy(String wireName) {
        this.wireName = wireName;
    }

    /** {@return the name providers and the command line use: {@code strict_alias}, {@code first_alias}, {@code first}, {@code merge}} */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name, case-insensitively; {@code -} is accepted for {@code _}.
     *
     * @param name the name, or {@code null}
     * @return the strategy; empty for an unknown name
     */
    public static Optional<Strategy> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Strategy s : values()) {
            if (s.wireName.equals(n)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
