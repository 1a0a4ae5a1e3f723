package io.contactkit.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.vavr.control.Validation;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * How identifiers are normalized and ordered: the default region for phone numbers written without a
 * leading {@code +}, how strictly phone numbers are checked, and the key priority that reorders the
 * identifiers of a command.
 *
 * <p>Normalization gives each identifier one canonical value:
 * <ul>
 *   <li>{@code emailaddress}: trimmed, lower-cased, in Unicode composed form (NFC), an
 *       ASCII-encoded ({@code xn--}) domain label written in Unicode, syntactically valid;</li>
 *   <li>{@code phonenumber}: parsed with libphonenumber and written in E.164 (a number with an
 *       extension is invalid: E.164 cannot hold it);</li>
 *   <li>any other key: trimmed, compared exactly.</li>
 * </ul>
 * Trimming also removes no-break and zero-width spaces and byte-order marks. Values containing
 * control characters (CR, LF, NUL, ...) are invalid for every key.
 * Instances are immutable and thread-safe.
 */
public final class IdentifierPolicy {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final IdentifierPolicy DEFAULTS = builder().build();

    private final String defaultRegion;
    private final int defaultRegionCode;
    private final PhoneCheck phoneCheck;
    private final List<String> keyPriority;
    private final Map<String, Integer> rank;
    /** The default region's fast path for valid numbers; null without a default region or for the possible check. */
    private final PhoneShortcut shortcut;
    /**
     * The full way's answers (an {@link Identifier} or a {@link Violation}, both immutable) by trimmed text: bounded, it only
     * reads once it holds {@value #FULL_WAY_ENTRIES} texts, and texts longer than {@value #FULL_WAY_MAX_LENGTH} are not kept.
     */
    private final ConcurrentHashMap<String, Object> fullWay = new ConcurrentHashMap<>();
    static final int FULL_WAY_ENTRIES = 4096;
    static final int FULL_WAY_MAX_LENGTH = 64;

    private IdentifierPolicy(Builder b) {
        this.defaultRegion = b.defaultRegion;
        this.defaultRegionCode = b.defaultRegion == null ? -1 : PHONES.getCountryCodeForRegion(b.defaultRegion);
        this.phoneCheck = b.phoneCheck;
        this.keyPriority = List.copyOf(b.keyPriority);
        Map<String, Integer> r = new HashMap<>();
        for (String key : keyPriority) {
            r.putIfAbsent(key, r.size());
        }
        this.rank = Map.copyOf(r);
        this.shortcut = b.defaultRegion == null || b.phoneCheck != PhoneCheck.VALID ? null : PhoneShortcut.forRegion(b.defaultRegion);
    }

    /** {@return the policy with no default region, strict phone check and no key priority} */
    public static IdentifierPolicy defaults() {
        return DEFAULTS;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this policy, to derive a variant} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.defaultRegion = defaultRegion;
        b.phoneCheck = phoneCheck;
        b.keyPriority = new ArrayList<>(keyPriority);
        return b;
    }

    /** {@return the region of phone numbers without a leading {@code +}; empty for none} */
    public Optional<String> defaultRegion() {
        return Optional.ofNullable(defaultRegion);
    }

    /** {@return how strictly phone numbers are checked} */
    public PhoneCheck phoneCheck() {
        return phoneCheck;
    }

    /** {@return the keys ordered first, in this order} */
    public List<String> keyPriority() {
        return keyPriority;
    }

    /**
     * Normalizes one identifier. The violation's field is {@code key} or {@code value}; callers place
     * it under their own path with {@link Violation#under(String)}.
     *
     * @param key the identifier's key
     * @param rawValue the value as entered
     * @return the canonical identifier, or the violation
     */
    public Validation<Violation, Identifier> normalize(String key, String rawValue) {
        Object result = normalized(key, rawValue);
        return result instanceof Identifier id ? Validation.valid(id) : Validation.invalid((Violation) result);
    }

    /**
     * {@link #normalize(String, String)} without its wrapper, for the command's build, which runs it for every identifier of
     * every record of a file: the canonical {@link Identifier}, or the {@link Violation}.
     */
    Object normalized(String key, String rawValue) {
        if (!Identifier.isValidKey(key)) {
            return Violation.of("key", "invalid_key",
                    "identifier key must be 1-64 letters, digits, '_' or '-'" + (key == null ? "" : ", got '" + abbreviate(key) + "'"));
        }
        if (rawValue == null) {
            return Violation.of("value", "missing_value", "identifier " + key + " has no value");
        }
        String value = trim(rawValue);
        if (value.isEmpty()) {
            return Violation.of("value", "missing_value", "identifier " + key + " has an empty value");
        }
        // the usual shapes, each found valid in one pass that also rules out control characters: a plain ASCII
        // address, a number of digits and separators; anything else goes the full way below
        if (key == Identifier.EMAIL) {
            String canonical = EmailSyntax.plainAscii(value);
            if (canonical != null) {
                return new Identifier(Identifier.EMAIL, canonical);
            }
        } else if (key == Identifier.PHONE) {
            // a number written with separators is copied without them: after the "+" and calling code of the shortcut's
            // region, so that the copy is the E.164 form of a national number as it stands
            String prefix = shortcut == null ? "" : shortcut.e164Prefix();
            String digits = plainDigits(value, prefix);
            if (digits != null) {
                return normalizePhone(value, digits, digits == value || value.charAt(0) == '+' ? 0 : prefix.length());
            }
        }
        if (hasControlCharacter(value)) {
            return Violation.of("value", "control_character",
                    "identifier " + key + " contains a control character");
        }
        switch (key) {
            case Identifier.EMAIL:
                return normalizeEmail(value);
            case Identifier.PHONE:
                return normalizePhone(value, plainDigits(value), 0);
            default:
                if (value.length() > Identifier.MAX_VALUE_LENGTH) {
                    return tooLong(key, value);
                }
                return new Identifier(key, value);
        }
    }

    /**
     * Orders identifiers by the key priority: listed keys first in list order, unlisted keys after,
     * each group keeping its given order; a repeated identifier keeps its first position.
     *
     * @param identifiers the identifiers
     * @return them in priority order, each once
     */
    public List<Identifier> order(Collection<Identifier> identifiers) {
        Identifier[] a = identifiers.toArray(new Identifier[0]);
        return new ArrayList<>(Arrays.asList(a).subList(0, order(a, a.length)));
    }

    /**
     * {@link #order(Collection)} in place: the first {@code n} identifiers of the array, each once in its first position,
     * in priority order at its start.
     *
     * @return how many distinct identifiers there are (the array's start, in order)
     */
    int order(Identifier[] ids, int n) {
        int distinct = 0;
        if (n <= 8) {
            // the usual few identifiers: a pairwise check costs less than a hash set
            for (int i = 0; i < n; i++) {
                Identifier id = ids[i];
                boolean seen = false;
                // equal identifiers have equal hashes (their strings keep theirs, which the command's hashes need anyway): the
                // values of different identifiers are compared only when their hashes meet
                int hash = id == null ? 0 : id.hashCode();
                for (int j = 0; j < distinct && !seen; j++) {
                    seen = id == null ? ids[j] == null : ids[j] != null && ids[j].hashCode() == hash && id.equals(ids[j]);
                }
                if (!seen) {
                    ids[distinct++] = id;
                }
            }
        } else {
            java.util.Set<Identifier> seen = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                if (seen.add(ids[i])) {
                    ids[distinct++] = ids[i];
                }
            }
        }
        if (rank.isEmpty() || distinct < 2) {
            return distinct;
        }
        int unlisted = rank.size();
        // a stable sort keeps command order inside each group (the sort ArrayList.sort runs on its array)
        Arrays.sort(ids, 0, distinct, (a, b) -> Integer.compare(rank.getOrDefault(a.key(), unlisted), rank.getOrDefault(b.key(), unlisted)));
        return distinct;
    }

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The identifier, or the violation. */
    private Object normalizeEmail(String value) {
        if (value.length() > 254) {
            return Violation.of("value", "invalid_email",
                    "e-mail address is longer than 254 characters");
        }
        // one canonical form for internationalized addresses: composed characters (NFC) before and after
        // lower-casing, which may decompose (U+0130 becomes 'i' and a combining dot)
        // (an ASCII address is in NFC already, and stays ASCII when lower-cased: no normalization to do)
        String lower = isAscii(value) ? value.toLowerCase(Locale.ROOT)
                : Normalizer.normalize(Normalizer.normalize(value, Normalizer.Form.NFC).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
        String problem = EmailSyntax.problem(lower);
        if (problem != null) {
            return Violation.of("value", "invalid_email",
                    "'" + abbreviate(value) + "' is not a valid e-mail address: " + problem);
        }
        return new Identifier(Identifier.EMAIL, EmailSyntax.unicodeDomain(lower));
    }

    /**
     * The identifier, or the violation.
     *
     * @param digitsFrom {@link #plainDigits} of {@code value} from {@code start} on, or null
     * @param start where the digits start in {@code digitsFrom}: 0, or after the shortcut's {@link PhoneShortcut#e164Prefix()}
     */
    private Object normalizePhone(String value, String digitsFrom, int start) {
        // "00..." is an international prefix only in some regions, so it needs a default region too
        boolean international = value.startsWith("+");
        if (!international && defaultRegion == null) {
            return Violation.of("value", "invalid_phone",
                    "'" + abbreviate(value) + "' has no country code (+...) and no default region is configured");
        }
        PhoneShortcut fast = shortcut;
        if (international && start == 0 && digitsFrom != null && phoneCheck == PhoneCheck.VALID
                && (fast == null || !fast.takesInternational(digitsFrom))) {
            // "+C...": libphonenumber applies the metadata of C's main region to it, whatever the default region
            fast = PhoneShortcut.forInternational(digitsFrom);
        }
        String e164 = digitsFrom == null || fast == null ? null : fast.check(digitsFrom, start);
        if (e164 == PhoneShortcut.INVALID) {
            // what the full way answers for it: its parse builds the number the shortcut checked, and its validity check
            // asks the same automata (isValid)
            return notValid(value, international);
        }
        if (e164 != null) {
            return new Identifier(Identifier.PHONE, e164);
        }
        String digits = start == 0 ? digitsFrom : digitsFrom.substring(start);
        // the full way costs some tens of times the shortcut (libphonenumber's parse tries its extension patterns at every
        // position of the text), and what reaches it repeats in a file ("n/a", "0", one number with "ext." written in many
        // rows): its answer, a function of the text alone for this policy, is kept for texts seen again
        if (value.length() > FULL_WAY_MAX_LENGTH) {
            return parsePhone(value, digits, international);
        }
        Object known = fullWay.get(value);
        if (known == null) {
            known = parsePhone(value, digits, international);
            if (fullWay.size() < FULL_WAY_ENTRIES) {
                fullWay.putIfAbsent(value, known);
            }
        }
        return known;
    }

    /** The full way's violation for a number that parses but is not valid. */
    private Violation notValid(String value, boolean international) {
        return Violation.of("value", "invalid_phone",
                "'" + abbreviate(value) + "' is not a " + (phoneCheck == PhoneCheck.VALID ? "valid" : "possible")
                        + " phone number" + (international ? "" : " for region " + defaultRegion));
    }

    /**
     * The full way: libphonenumber parses the number, then checks it. The identifier, or the violation.
     *
     * @param value the trimmed value
     * @param digits {@link #plainDigits} of {@code value}
     * @param international whether {@code value} starts with {@code +}
     */
    Object parsePhone(String value, String digits, boolean international) {
        PhoneNumberUtil phones = Phones.util();
        String region = international ? "ZZ" : defaultRegion;
        PhoneNumber parsed;
        try {
            parsed = phones.parse(digits != null ? digits : value, region);
        } catch (NumberParseException e) {
            // the reason for the text as written: the same text when it was parsed as written (no need to parse it again)
            NumberParseException.ErrorType reason = digits != null ? parseError(value, region, e) : e.getErrorType();
            return Violation.of("value", "invalid_phone",
                    "'" + abbreviate(value) + "' is not a phone number: " + describe(reason));
        }
        if (parsed.hasExtension()) {
            // E.164 has no room for an extension: dropping it would make two different lines one identifier
            return Violation.of("value", "invalid_phone",
                    "'" + abbreviate(value) + "' has an extension (" + abbreviate(parsed.getExtension())
                            + "), which a phone identifier cannot hold: give the number without it");
        }
        boolean ok = phoneCheck == PhoneCheck.VALID ? isValid(phones, parsed) : phones.isPossibleNumber(parsed);
        if (!ok) {
            return notValid(value, international);
        }
        return new Identifier(Identifier.PHONE, phones.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164));
    }

    /**
     * The digits of a number written only with digits, an optional leading {@code +} and the usual
     * separators (space, parentheses, hyphen, dot), or null for anything else. libphonenumber ignores
     * those separators, and parses the bare digits markedly faster (its patterns are written for
     * letters, extensions and other punctuation); anything else is parsed as written.
     */
    static String plainDigits(String value) {
        return plainDigits(value, "");
    }

    /**
     * {@link #plainDigits(String)}, the copy of a number with separators that does not start with {@code +} made with
     * {@code prefix} (ASCII) before the digits: the value itself when it has no separator, else {@code prefix} and the
     * digits for a value not starting with {@code +}, else the digits.
     */
    static String plainDigits(String value, String prefix) {
        int n = value.length();
        // the kept characters, once a separator is found: digits and '+' only, so one byte each
        byte[] digits = null;
        int k = 0;
        int p = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if ((c >= '0' && c <= '9') || (c == '+' && i == 0)) {
                if (digits != null) {
                    digits[k++] = (byte) c;
                }
            } else if (c == ' ' || c == '(' || c == ')' || c == '-' || c == '.') {
                if (digits == null) {
                    p = value.charAt(0) == '+' ? 0 : prefix.length();
                    digits = new byte[p + n];
                    for (int j = 0; j < p; j++) {
                        digits[j] = (byte) prefix.charAt(j);
                    }
                    for (k = p; k < p + i; k++) {
                        digits[k] = (byte) value.charAt(k - p);
                    }
                }
            } else {
                return null;
            }
        }
        return digits == null ? value : new String(digits, 0, k, StandardCharsets.ISO_8859_1);
    }

    /** The reason libphonenumber gives for the number as written (the bare digits may fail otherwise). */
    private static NumberParseException.ErrorType parseError(String value, String region, NumberParseException digitsError) {
        try {
            Phones.util().parse(value, region);
            return digitsError.getErrorType();
        } catch (NumberParseException e) {
            return e.getErrorType();
        }
    }

    /**
     * libphonenumber's {@code isValidNumber}, checking the default region first: a number valid for a
     * region is valid, and the full check must try every region sharing the calling code (some twenty
     * for +1), which makes it several times slower on the common case of numbers from the default region.
     */
    private boolean isValid(PhoneNumberUtil phones, PhoneNumber parsed) {
        if (shortcut != null && defaultRegionCode == parsed.getCountryCode() && !parsed.isItalianLeadingZero()
                && parsed.getNationalNumber() > 0) {
            // the same two questions, answered with the region's automata (the national significant number is the
            // national number's digits when there is no leading zero)
            String nsn = Long.toString(parsed.getNationalNumber());
            return shortcut.validForRegion(nsn) || shortcut.validForCallingCode(nsn);
        }
        if (defaultRegionCode == parsed.getCountryCode() && phones.isValidNumberForRegion(parsed, defaultRegion)) {
            return true;
        }
        return phones.isValidNumber(parsed);
    }

    private static String describe(NumberParseException.ErrorType type) {
        switch (type) {
            case INVALID_COUNTRY_CODE:
                return "unknown country code";
            case TOO_SHORT_NSN:
            case TOO_SHORT_AFTER_IDD:
                return "too short";
            case TOO_LONG:
                return "too long";
            default:
                return "not a number";
        }
    }

    private static Violation tooLong(String key, String value) {
        return Violation.of("value", "too_long", "identifier " + key + " is " + value.length()
                + " characters long; at most " + Identifier.MAX_VALUE_LENGTH + " are allowed");
    }

    /**
     * Strips leading and trailing white space, including the no-break spaces, zero-width spaces and
     * byte-order marks that spreadsheets and exports leave around values ({@link String#strip()} keeps them).
     */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isBlankCharacter(s.charAt(start))) {
            start++;
        }
        while (end > start && isBlankCharacter(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    static boolean isBlankCharacter(char c) {
        // printable ASCII, what values mostly start and end with, is neither white space nor a space character: answered
        // without the character tables
        if (c > ' ' && c < 0x7F) {
            return false;
        }
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200B' || c == '\uFEFF';
    }

    static boolean hasControlCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Keeps messages short: user data is quoted, but never more than 64 characters of it. */
    static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }

    @Override
    public String toString() {
        return "IdentifierPolicy[defaultRegion=" + defaultRegion + ", phoneCheck=" + phoneCheck + ", keyPriority=" + keyPriority + "]";
    }

    /** Builds an {@link IdentifierPolicy}. */
    public static final class Builder {
        private String defaultRegion;
        private PhoneCheck phoneCheck = PhoneCheck.VALID;
        private List<String> keyPriority = new ArrayList<>();

        private Builder() {
        }

        /**
         * The ISO 3166 region (e.g. {@code US}) used for phone numbers without a leading {@code +};
         * {@code null} for none (such numbers are then invalid).
         *
         * @param region the region code, or {@code null}
         * @return this builder
         * @throws IllegalArgumentException when libphonenumber does not know the region
         */
        public Builder defaultRegion(@Nullable String region) {
            if (region == null) {
                this.defaultRegion = null;
                return this;
            }
            String upper = region.strip().toUpperCase(Locale.ROOT);
            if (!PHONES.getSupportedRegions().contains(upper)) {
                throw new IllegalArgumentException("unknown region '" + abbreviate(region) + "': use an ISO 3166 code such as US or GB");
            }
            this.defaultRegion = upper;
            return this;
        }

        /**
         * Sets how strictly phone numbers are checked.
         *
         * @param check the check
         * @return this builder
         */
        public Builder phoneCheck(PhoneCheck check) {
            this.phoneCheck = Objects.requireNonNull(check, "check");
            return this;
        }

        /**
         * Keys listed first, in this order; e.g. {@code emailaddress, phonenumber}.
         *
         * @param keys the keys
         * @return this builder
         */
        public Builder keyPriority(List<String> keys) {
            for (String key : keys) {
                if (!Identifier.isValidKey(key)) {
                    throw new IllegalArgumentException("invalid identifier key in priority: '" + (key == null ? "null" : abbreviate(key)) + "'");
                }
            }
            this.keyPriority = new ArrayList<>(keys);
            return this;
        }

        /**
         * Keys listed first, in this order.
         *
         * @param keys the keys
         * @return this builder
         */
        public Builder keyPriority(String... keys) {
            return keyPriority(List.of(keys));
        }

        /** {@return the policy} */
        public IdentifierPolicy build() {
            return new IdentifierPolicy(this);
        }
    }
}
