package io.contactkit.domain.testkit;

import io.contactkit.domain.ContactEngine;
import io.contactkit.domain.UpsertCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One step of a generated scenario against a {@link ContactEngine}: an upsert, a create, an update
 * of a contact by id, or a delete. Times are given as seconds after {@link #EPOCH}, which keeps
 * shrunk scenarios short to read.
 */
public sealed interface Op permits Op.Upsert, Op.Create, Op.Update, Op.Delete {

    /** The instant every generated time counts from. */
    Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * Applies the step and returns what the engine answered: an {@code Either<UpsertFailure, UpsertOutcome>},
     * or for a delete an {@code Either<UpsertFailure, Contact>}. Results of two engines compare with {@code equals}.
     *
     * @param engine the engine
     * @return what the engine answered
     */
    Object applyTo(ContactEngine engine);

    /** {@return the command of the step; {@code null} for a delete} */
    @Nullable UpsertCommand command();

    /**
     * A time after the epoch of the steps.
     *
     * @param second seconds after {@link #EPOCH}
     * @return the time
     */
    static Instant at(int second) {
        return EPOCH.plus(Duration.ofSeconds(second));
    }

    /** {@link ContactEngine#upsert}. */
    record Upsert(UpsertCommand command, int second) implements Op {
        /**
         * Checks the components and copies the collections.
         *
         * @param command the command
         * @param second the second
         */
        public Upsert {
            Objects.requireNonNull(command, "command");
        }

        @Override
        public Object applyTo(ContactEngine engine) {
            return engine.upsert(command, at(second));
        }

        @Override
        public String toString() {
            return "upsert@" + second + " " + command;
        }
    }

    /** {@link ContactEngine#create}. */
    record Create(UpsertCommand command, int second) implements Op {
        /**
         * Checks the components and copies the collections.
         *
         * @param command the command
         * @param second the second
         */
        public Create {
            Objects.requireNonNull(command, "command");
        }

        @Override
        public Object applyTo(ContactEngine engine) {
            return engine.create(command, at(second));
        }

        @Override
        public String toString() {
            return "create@" + second + " " + command;
        }
    }

    /** {@link ContactEngine#update}. */
    record Update(String contactId, UpsertCommand command, int second) implements Op {
        /**
         * Checks the components and copies the collections.
         *
         * @param contactId the contact id
         * @param command the command
         * @param second the second
         */
        public Update {
            Objects.requireNonNull(contactId, "contactId");
            Objects.requireNonNull(command, "command");
        }

        @Override
        public Object applyTo(ContactEngine engine) {
            return engine.update(contactId, command, at(second));
        }

        @Override
        public String toString() {
            return "update(" + contactId + ")@" + second + " " + command;
        }
    }

    /** {@link ContactEngine#delete}. */
    record Delete(String contactId) implements Op {
        /**
         * Checks the components and copies the collections.
         *
         * @param contactId the contact id
         */
        public Delete {
            Objects.requireNonNull(contactId, "contactId");
        }

        @Override
        public Object applyTo(ContactEngine engine) {
            return engine.delete(contactId);
        }

        @Override
        public @Nullable UpsertCommand command() {
            return null;
        }

        @Override
        public String toString() {
            return "delete(" + contactId + ")";
        }
    }
}
