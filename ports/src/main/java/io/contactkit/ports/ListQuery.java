package io.contactkit.ports;

import io.contactkit.domain.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What to list: page size, where to resume, order, and the filters some providers offer.
 * {@link Builder#build()} checks the generic ranges; providers check their own stricter ones (for
 * example Bridge's older API serves 10-100 per page) before sending anything.
 */
public final class ListQuery {

    /** The largest page size any provider serves. */
    public static final int MAX_PAGE_SIZE = 1000;
    /** Bird's limit for page tokens. */
    public static final int MAX_TOKEN_LENGTH = 8000;
    /** The longest owner or search text. */
    public static final int MAX_FILTER_LENGTH = 500;

    private static final ListQuery DEFAULTS = builder().build();

    private final Integer pageSize;
    private final String pageToken;
    private final boolean reverse;
    private final String owner;
    private final String search;

    private ListQuery(Builder b) {
        this.pageSize = b.pageSize;
        this.pageToken = b.pageToken;
        this.reverse = b.reverse;
        this.owner = b.owner;
        this.search = b.search;
    }

    /**
     * Every contact, with the provider's default page size.
     *
     * @return the default query
     */
    public static ListQuery all() {
        return DEFAULTS;
    }

    /**
     * A builder of queries.
     *
     * @return a new builder with nothing set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The page size asked for.
     *
     * @return the size; empty means the provider's default
     */
    public Optional<Integer> pageSize() {
        return Optional.ofNullable(pageSize);
    }

    /**
     * Where to resume: a token, cursor or page number the provider returned earlier (see {@link Page#nextToken()}).
     *
     * @return the token; empty to start at the beginning
     */
    public Optional<String> pageToken() {
        return Optional.ofNullable(pageToken);
    }

    /**
     * Newest first, where the provider supports it.
     *
     * @return true for newest first
     */
    public boolean reverse() {
        return reverse;
    }

    /**
     * Only contacts of this owner (Bridge: {@code ownerEmail} or {@code ownerId}).
     *
     * @return the owner; empty for every owner
     */
    public Optional<String> owner() {
        return Optional.ofNullable(owner);
    }

    /**
     * A free-text search, where the provider supports it.
     *
     * @return the text; empty for no search
     */
    public Optional<String> search() {
        return Optional.ofNullable(search);
    }

    @Override
    public String toString() {
        return "ListQuery[pageSize=" + pageSize + ", pageToken=" + (pageToken == null ? null : "...") + ", reverse=" + reverse
                + ", owner=" + owner + ", search=" + search + "]";
    }

    /** Builds a {@link ListQuery}. */
    public static final class Builder {
        private Integer pageSize;
        private String pageToken;
        private boolean reverse;
        private String owner;
        private String search;

        private Builder() {
        }

        /**
         * The page size to ask for.
         *
         * @param value 1-{@value ListQuery#MAX_PAGE_SIZE}; providers check their own maximum
         * @return this builder
         */
        public Builder pageSize(int value) {
            this.pageSize = value;
            return this;
        }

        /**
         * Where to resume: a token the provider returned earlier, such as a {@link Page#nextToken()}.
         *
         * @param value the token; {@code null} starts at the beginning
         * @return this builder
         */
        public Builder pageToken(@Nullable String value) {
            this.pageToken = value;
            return this;
        }

        /**
         * Newest first, where the provider supports it.
         *
         * @param value true for newest first
         * @return this builder
         */
        public Builder reverse(boolean value) {
            this.reverse = value;
            return this;
        }

        /**
         * Only contacts of this owner.
         *
         * @param value the owner; {@code null} for every owner
         * @return this builder
         */
        public Builder owner(@Nullable String value) {
            this.owner = value;
            return this;
        }

        /**
         * A free-text search.
         *
         * @param value the text; {@code null} for none
         * @return this builder
         */
        public Builder search(@Nullable String value) {
            this.search = value;
            return this;
        }

        /**
         * The query, checked against the generic ranges.
         *
         * @return the query
         * @throws ValidationException listing every out-of-range value
         */
        public ListQuery build() {
            List<Violation> problems = new ArrayList<>();
            if (pageSize != null && (pageSize < 1 || pageSize > MAX_PAGE_SIZE)) {
                problems.add(Violation.of("pageSize", "out_of_range", "page size must be 1-" + MAX_PAGE_SIZE + ", got " + pageSize));
            }
            text("pageToken", pageToken, MAX_TOKEN_LENGTH, problems);
            text("owner", owner, MAX_FILTER_LENGTH, problems);
            text("search", search, MAX_FILTER_LENGTH, problems);
            if (!problems.isEmpty()) {
                throw ValidationException.local("query", problems);
            }
            return new ListQuery(this);
        }

        private static void text(String field, String value, int max, List<Violation> problems) {
            if (value == null) {
                return;
            }
            if (value.isEmpty() || value.length() > max) {
                problems.add(Violation.of(field, "out_of_range", field + " must be 1-" + max + " characters"));
            } else if (value.chars().anyMatch(Character::isISOControl)) {
                problems.add(Violation.of(field, "control_character", field + " contains a control character"));
            } else if (hasLoneSurrogate(value)) {
                // not valid Unicode: encoded as UTF-8 it would reach the provider as another value
                problems.add(Violation.of(field, "malformed_text", field + " contains a lone surrogate"));
            }
        }

        private static boolean hasLoneSurrogate(String value) {
            return !StandardCharsets.UTF_8.newEncoder().canEncode(value);
        }
    }
}
