package io.contactkit.domain;

import io.vavr.collection.Seq;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Why a command changed nothing. A failed command always leaves the state exactly as it was. */
public sealed interface UpsertFailure permits UpsertFailure.Conflict, UpsertFailure.Invalid, UpsertFailure.NotFound {

    /** {@return a stable machine-readable code: {@code conflict}, {@code invalid}, {@code not_found}} */
    String code();

    /** {@return a human-readable explanation} */
    String message();

    /**
     * The identifiers belong to more than one contact (under {@code strict_alias}), or to another
     * contact than the one a create or update targets.
     *
     * @param contactIds the contacts involved, in the order their identifiers were given
     * @param owners     each owned identifier of the command and its owner
     */
    record Conflict(List<String> contactIds, Map<Identifier, String> owners) implements UpsertFailure {
        /**
         * Checks the components and copies the collections.
         *
         * @param contactIds the contacts involved, in the order their identifiers were given
         * @param owners each owned identifier of the command and its owner
         */
        public Conflict {
            contactIds = List.copyOf(contactIds);
            owners = Collections.unmodifiableMap(new LinkedHashMap<>(owners));
        }

        @Override
        public String code() {
            return "conflict";
        }

        @Override
        public String message() {
            String who = owners.entrySet().stream()
                    .map(e -> e.getKey() + " belongs to " + e.getValue())
                    .collect(Collectors.joining(", "));
            return "identifiers belong to " + contactIds.size() + " different contacts " + contactIds + ": " + who;
        }
    }

    /** The command broke a rule; every problem is listed. */
    record Invalid(Seq<Violation> violations) implements UpsertFailure {
        @Override
        public String code() {
            return "invalid";
        }

        @Override
        public String message() {
            return violations.map(Violation::toString).mkString("; ");
        }
    }

    /**
     * The contact a command targets by id does not exist.
     *
     * @param contactId  the id
     * @param mergedInto the live contact it was merged into, when the failure says so (a split names it), else {@code null}
     */
    record NotFound(String contactId, @Nullable String mergedInto) implements UpsertFailure {

        /**
         * A contact that does not exist, and nothing more said of it.
         *
         * @param contactId the id
         */
        public NotFound(String contactId) {
            this(contactId, null);
        }

        @Override
        public String code() {
            return "not_found";
        }

        @Override
        public String message() {
            return mergedInto == null ? "no contact with id " + contactId
                    : "no contact with id " + contactId + ": it was merged into " + mergedInto + ", which holds its records now";
        }
    }
}
