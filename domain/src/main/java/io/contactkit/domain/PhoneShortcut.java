package io.contactkit.domain;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fast way to the E.164 form of the numbers a file of one region is mostly made of, written with
 * digits only (separators already dropped): the number is built straight from its digits and
 * libphonenumber is asked only whether it is valid, instead of parsing the text.
 *
 * <p>Exact by construction: a number is taken only when libphonenumber's {@code parse} would build
 * the very same number from the same digits, which it does when none of its rewriting steps applies.
 * Those steps are checked with libphonenumber's own metadata: the region's international dialling
 * prefix (the number would be international), its national prefix for parsing (a trunk prefix or
 * carrier code would be stripped), a leading zero (kept apart by libphonenumber), and a calling code
 * written without {@code +} (taken, as libphonenumber takes it, only where the number is too long to
 * be national). Anything else, and every number the check finds invalid, goes the full way, which
 * also gives the reason. Handles three shapes, for a default region {@code R} with calling code
 * {@code C}:
 * <ul>
 *   <li>national digits, not starting with {@code C}: {@code 4152098994} in {@code US};</li>
 *   <li>{@code +C} and national digits, where {@code R} is the main region of {@code C};</li>
 *   <li>{@code C} and national digits without {@code +}, too long to be national, same condition:
 *       {@code 14152098994} in {@code US}.</li>
 * </ul>
 * The same shortcut, made for the main region of a calling code, takes international numbers {@code +C...} of that calling
 * code under any default region or none ({@link #forInternational}): libphonenumber parses them with that region's metadata.
 * Whether the number is valid for the region is decided as libphonenumber's
 * {@code isValidNumberForRegion} decides it, with the region's own metadata (its general description,
 * then its number types), each pattern compiled once into a {@link DigitPattern} (a table step per digit;
 * a pattern outside its subset is matched by a matcher each thread keeps); a number it finds invalid is asked
 * of libphonenumber itself, which knows the other regions of the calling code. Thread-safe; the
 * shortcut's own state is immutable (libphonenumber is asked through {@link Phones#util()}).
 */
final class PhoneShortcut {

    /** libphonenumber's bounds for a national significant number. */
    private static final int MIN_NSN = 2;
    private static final int MAX_NSN = 17;
    /** Positions in {@link #patterns}. */
    private static final int INTERNATIONAL_PREFIX = 0;
    private static final int NATIONAL_PREFIX = 1;
    static final int FIRST_DESC = 2;

    private final String region;
    private final int callingCode;
    private final String callingDigits;
    /** "+" and {@link #callingDigits}: the start of every E.164 form the shortcut gives. */
    private final String plusCallingDigits;
    /** R is the region libphonenumber uses for numbers carrying C: its metadata is the one applied to them. */
    private final boolean mainRegion;
    private final List<Integer> possibleLengths;
    private final List<Integer> localOnlyLengths;
    /**
     * The patterns a number is matched with: the international dialling prefix, the national prefix
     * for parsing (null when the region has none), then the number descriptions libphonenumber's
     * validity check for the region tries (general first; null for one without a pattern). Patterns
     * are shared; each thread matches with matchers of its own, reset for every number, instead of a
     * new matcher per pattern and number.
     */
    private final Pattern[] patterns;
    /** The same patterns as automata over digits (same positions); null where a pattern has none (then its matcher is used). */
    private final DigitPattern[] automata;
    /** Per number description (same positions as {@link #patterns}): its possible lengths; empty for any. */
    private final int[][] lengths;
    private final ThreadLocal<Matcher[]> matchers = ThreadLocal.withInitial(this::newMatchers);
    /**
     * The validity check for the region as one automaton ({@link DigitPattern#validity}): made on first use, and
     * {@link #NO_VALIDITY} when a description's pattern has no automaton (then each description is matched in turn).
     */
    private volatile DigitPattern validity;
    private static final DigitPattern NO_VALIDITY = DigitPattern.compile("0");
    /** libphonenumber's view of the calling code's regions, for {@link #validForCallingCode}; made once, on first use. */
    private volatile CallingCode callingCodeRegions;

    private PhoneShortcut(String region, PhoneMetadata metadata, PhoneNumberUtil util) {
        this.region = region;
        this.callingCode = metadata.getCountryCode();
        this.callingDigits = Integer.toString(callingCode);
        this.plusCallingDigits = "+" + callingDigits;
        this.mainRegion = region.equals(util.getRegionCodeForCountryCode(callingCode));
        PhoneNumberDesc general = metadata.getGeneralDesc();
        this.possibleLengths = List.copyOf(general.getPossibleLengthList());
        this.localOnlyLengths = List.copyOf(general.getPossibleLengthLocalOnlyList());
        // libphonenumber's getNumberTypeHelper: valid when the general description matches and then one
        // of the types does (mobile only when its pattern differs from fixed line's, as it checks it). Which type matches
        // first does not change the answer, so the types most numbers are of come first: fixed line and mobile, then the
        // rest in libphonenumber's order (a number of the usual kinds is then found valid without trying the others)
        List<PhoneNumberDesc> descs = new ArrayList<>(List.of(general, metadata.getFixedLine()));
        if (!metadata.getSameMobileAndFixedLinePattern()) {
            descs.add(metadata.getMobile());
        }
        descs.addAll(List.of(metadata.getPremiumRate(), metadata.getTollFree(), metadata.getSharedCost(), metadata.getVoip(),
                metadata.getPersonalNumber(), metadata.getPager(), metadata.getUan(), metadata.getVoicemail()));
        String forParsing = metadata.getNationalPrefixForParsing();
        this.patterns = new Pattern[FIRST_DESC + descs.size()];
        this.lengths = new int[patterns.length][];
        this.automata = new DigitPattern[patterns.length];
        patterns[INTERNATIONAL_PREFIX] = Pattern.compile(metadata.getInternationalPrefix());
        patterns[NATIONAL_PREFIX] = forParsing.isEmpty() ? null : Pattern.compile(forParsing);
        for (int i = 0; i < descs.size(); i++) {
            PhoneNumberDesc d = descs.get(i);
            // as libphonenumber's matcher: an empty pattern matches nothing
            patterns[FIRST_DESC + i] = d.getNationalNumberPattern().isEmpty() ? null : Pattern.compile(d.getNationalNumberPattern());
            lengths[FIRST_DESC + i] = d.getPossibleLengthList().stream().mapToInt(Integer::intValue).toArray();
        }
        for (int i = 0; i < patterns.length; i++) {
            automata[i] = patterns[i] == null ? null : automaton(patterns[i].pattern());
        }
    }

    /** The pattern's automaton, or null when it is outside {@link DigitPattern}'s subset (or too large). */
    private static DigitPattern automaton(String regex) {
        try {
            return DigitPattern.compile(regex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether the automaton of pattern {@code i} was built (for tests). */
    boolean compiled(int i) {
        return automata[i] != null;
    }

    /** Whether pattern {@code i} exists (a region without a national prefix for parsing, or a description without a pattern, has none; for tests). */
    boolean hasPattern(int i) {
        return patterns[i] != null;
    }

    /** The number of patterns (for tests). */
    int patternCount() {
        return patterns.length;
    }

    /** {@code Matcher.lookingAt} for pattern {@code i} (not null), on {@code s} from {@code from} on. */
    private boolean lookingAt(int i, String s, int from) {
        DigitPattern a = automata[i];
        return a != null ? a.lookingAt(s, from) : matchers.get()[i].reset(from == 0 ? s : s.substring(from)).lookingAt();
    }

    /** {@code Matcher.matches} for pattern {@code i} (not null), on {@code s} from {@code from} on. */
    private boolean matches(int i, String s, int from) {
        DigitPattern a = automata[i];
        return a != null ? a.matches(s, from) : matchers.get()[i].reset(from == 0 ? s : s.substring(from)).matches();
    }

    private Matcher[] newMatchers() {
        Matcher[] m = new Matcher[patterns.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = patterns[i] == null ? null : patterns[i].matcher("");
        }
        return m;
    }

    /** The shortcut for a region, or null when libphonenumber has no metadata for it. */
    static PhoneShortcut forRegion(String region) {
        PhoneMetadata metadata = metadataOf(region);
        return metadata == null ? null : new PhoneShortcut(region, metadata, Phones.util());
    }

    /**
     * The shortcut for an international number {@code +C...} written with digits only: that of the main region of its calling
     * code {@code C}, whose metadata libphonenumber's parse applies to every number carrying {@code C}, whatever the default
     * region; null when the full way must decide (no calling code libphonenumber knows, a non-geographic one such as
     * {@code +800}, no metadata, or a calling code not yet common). {@code C} is found as libphonenumber's parse finds it:
     * the first one to three digits after the {@code +} that form a calling code it knows (none when the first digit is 0).
     * A calling code's shortcut is made once {@value #MAKE_AFTER} numbers have carried it (making one takes some
     * milliseconds, some hundred full-way parses: a file of a few numbers from many countries keeps the full way), and then
     * kept (two threads may both make one: the same, immutable).
     *
     * @param digits {@code +} and decimal digits, as {@code IdentifierPolicy.plainDigits} gives them
     */
    static PhoneShortcut forInternational(String digits) {
        return International.SHARED.shortcut(digits, MAKE_AFTER);
    }

    /** {@link #forInternational(String)}, making a calling code's shortcut once {@code makeAfter} numbers carried it (for tests). */
    static PhoneShortcut forInternational(String digits, int makeAfter) {
        return International.SHARED.shortcut(digits, makeAfter);
    }

    /** How many numbers carry a calling code before its shortcut is made (see {@link #forInternational(String)}). */
    static final int MAKE_AFTER = 1024;
    /** The longest calling code, in digits. */
    private static final int MAX_CALLING_DIGITS = 3;

    /** The shortcuts of international numbers by calling code (see {@link #forInternational}): one set for the process. */
    static final class International {
        static final International SHARED = new International();
        /** Not a calling code libphonenumber knows: the next digit may make one. */
        private static final Object UNKNOWN = new Object();
        /** A calling code whose numbers go the full way. */
        private static final Object FULL_WAY = new Object();
        /** Per number below 1000: {@link #UNKNOWN}, {@link #FULL_WAY} or the main region's shortcut; null until made. */
        private final AtomicReferenceArray<Object> byCode = new AtomicReferenceArray<>(1000);
        /** Per calling code without a shortcut yet: how many numbers carried it. */
        private final AtomicIntegerArray seen = new AtomicIntegerArray(1000);

        /** {@link PhoneShortcut#forInternational(String, int)} from this set. */
        PhoneShortcut shortcut(String digits, int makeAfter) {
            if (digits.length() < 2 || digits.charAt(0) != '+') {
                return null;
            }
            int code = 0;
            for (int i = 1; i <= MAX_CALLING_DIGITS && i < digits.length(); i++) {
                char c = digits.charAt(i);
                if (c < '0' || c > '9' || (i == 1 && c == '0')) {
                    return null;
                }
                code = code * 10 + (c - '0');
                Object known = byCode.get(code);
                if (known == null) {
                    if (!Phones.util().getSupportedCallingCodes().contains(code)) {
                        byCode.compareAndSet(code, null, UNKNOWN);
                        continue;
                    }
                    if (seen.incrementAndGet(code) < makeAfter) {
                        return null;
                    }
                    byCode.compareAndSet(code, null, make(code));
                    known = byCode.get(code);
                }
                if (known != UNKNOWN) {
                    return known instanceof PhoneShortcut shortcut ? shortcut : null;
                }
            }
            return null;
        }

        /** The calling code's shortcut, or {@link #FULL_WAY}. */
        private static Object make(int code) {
            String region = Phones.util().getRegionCodeForCountryCode(code);
            PhoneShortcut shortcut = PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region) ? null : forRegion(region);
            return shortcut == null || !shortcut.mainRegion ? FULL_WAY : shortcut;
        }
    }

    /** Whether {@link #check} takes international numbers {@code +C...} of this shortcut's calling code {@code C}. */
    boolean takesInternational(String digits) {
        return mainRegion && digits.startsWith(plusCallingDigits);
    }

    /**
     * What {@link #check} answers for a number it took and found invalid: libphonenumber's parse would build the very number
     * the digits spell (the premise of every answer the shortcut gives) and its validity check, the one the full way asks of
     * the same automata, says no; the full way's answer is then its "not a valid phone number" message. Compared by identity.
     */
    static final String INVALID = new String("invalid");

    /**
     * The E.164 form of a valid number, or null when the full way must decide (another shape, or invalid).
     *
     * @param digits decimal digits with an optional leading {@code +}, as {@code IdentifierPolicy.plainDigits} gives them
     */
    String e164(String digits) {
        String answer = check(digits);
        return answer == INVALID ? null : answer;
    }

    /**
     * The E.164 form of a valid number; {@link #INVALID} for a number of a shape the shortcut takes that is not valid; null
     * when the full way must decide (another shape).
     *
     * @param digits decimal digits with an optional leading {@code +}, as {@code IdentifierPolicy.plainDigits} gives them
     */
    String check(String digits) {
        return check(digits, 0);
    }

    /** {@link #plusCallingDigits}: what {@link #check(String, int)} takes before the digits, to answer with the whole string. */
    String e164Prefix() {
        return plusCallingDigits;
    }

    /**
     * {@link #check(String)} of the characters of {@code s} from {@code start} on. When {@code start} is not 0, {@code s}
     * starts with {@link #e164Prefix()} and {@code start} is its length: the E.164 form of a national number is then
     * {@code s} itself, with no copy (a number written with separators, whose digits are copied anyway, is copied once).
     */
    String check(String s, int start) {
        // the national significant number is s from `from` on; the E.164 form is "+", the calling code and those
        int from;
        if (s.startsWith("+", start)) {
            if (!mainRegion || !s.startsWith(callingDigits, start + 1)) {
                return null;
            }
            from = start + 1 + callingDigits.length();
        } else if (s.startsWith(callingDigits, start)) {
            if (!mainRegion || !tooLongForRegion(s.length() - start) || lookingAt(INTERNATIONAL_PREFIX, s, start)) {
                return null;
            }
            from = start + callingDigits.length();
        } else {
            if (lookingAt(INTERNATIONAL_PREFIX, s, start)) {
                return null;
            }
            from = start;
        }
        int n = s.length() - from;
        if (n < Math.max(3, MIN_NSN) || n > MAX_NSN || s.charAt(from) == '0'
                || (patterns[NATIONAL_PREFIX] != null && lookingAt(NATIONAL_PREFIX, s, from))) {
            return null;
        }
        // the number's national significant number is its digits (no leading zero): libphonenumber's
        // isValidNumberForRegion, without its metadata look-up and matcher per description; else valid for another region
        // of the same calling code (or invalid)
        if (!validForRegion(s, from) && !validForCallingCode(s, from)) {
            return INVALID;
        }
        // the E.164 form without a copy in between: the digits themselves when written so (or with the prefix before them),
        // else one concatenation
        if (start == 0) {
            return from == 0 ? plusCallingDigits.concat(s) : s.charAt(0) == '+' ? s : "+".concat(s);
        }
        return from == start ? s : s.charAt(start) == '+' ? s.substring(start) : "+".concat(s.substring(start));
    }

    /** Whether a national significant number (no leading zero) is valid for this region, as libphonenumber's {@code isValidNumberForRegion} says. */
    boolean validForRegion(String nsn) {
        return validForRegion(nsn, 0);
    }

    /** {@link #validForRegion(String)} of the digits of {@code s} from {@code from} on. */
    private boolean validForRegion(String s, int from) {
        DigitPattern v = validity;
        if (v == null) {
            v = validityAutomaton();   // two threads may both make one: the same, immutable
            validity = v;
        }
        return v != NO_VALIDITY ? v.matches(s, from) : validForRegionByDescription(s, from);
    }

    /** The region's descriptions as one automaton, or {@link #NO_VALIDITY}. */
    private DigitPattern validityAutomaton() {
        DigitPattern[] parts = new DigitPattern[patterns.length - FIRST_DESC];
        int[][] partLengths = new int[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            if (patterns[FIRST_DESC + i] != null && automata[FIRST_DESC + i] == null) {
                return NO_VALIDITY;
            }
            parts[i] = automata[FIRST_DESC + i];
            partLengths[i] = lengths[FIRST_DESC + i];
        }
        DigitPattern v = DigitPattern.validity(parts, partLengths);
        return v == null ? NO_VALIDITY : v;
    }

    /** Whether the validity check runs as one automaton (for tests; makes it when not made yet). */
    boolean hasValidityAutomaton() {
        validForRegion("0", 0);
        return validity != NO_VALIDITY;
    }

    /** {@link #validForRegion(String)} by each description in turn, as libphonenumber tries them (and for tests). */
    boolean validForRegionByDescription(String s, int from) {
        // libphonenumber's getNumberTypeHelper(nsn, metadata) != UNKNOWN for this region's metadata
        if (!matchesDesc(FIRST_DESC, s, from)) {
            return false;
        }
        for (int i = FIRST_DESC + 1; i < patterns.length; i++) {
            if (matchesDesc(i, s, from)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a number of this region's calling code, with this national significant number (no leading zero), is
     * valid, as libphonenumber's {@code isValidNumber} says: the number belongs to the first region of the calling
     * code (in libphonenumber's order) whose leading digits start it or, for a region without leading digits, for
     * which it is valid; it is valid when it is valid for that region. With the regions' automata instead of a
     * metadata look-up and a matcher per region and pattern.
     */
    boolean validForCallingCode(String nsn) {
        return validForCallingCode(nsn, 0);
    }

    /** {@link #validForCallingCode(String)} of the digits of {@code s} from {@code from} on. */
    private boolean validForCallingCode(String s, int from) {
        CallingCode c = callingCodeRegions();
        if (!c.usable) {
            return Phones.util().isValidNumber(new PhoneNumber().setCountryCode(callingCode)
                    .setNationalNumber(Long.parseLong(s, from, s.length(), 10)));
        }
        for (int i = 0; i < c.leadingDigits.length; i++) {
            DigitPattern leading = c.leadingDigits[i];
            if (leading != null) {
                if (leading.lookingAt(s, from)) {
                    return c.region(i).validForRegion(s, from);
                }
            } else if (c.region(i).validForRegion(s, from)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link #callingCodeRegions}, made by the first thread that needs it while the others wait for it: it loads the metadata
     * of every region of the calling code, which a run's mapping threads would otherwise each do at once as they start.
     */
    private CallingCode callingCodeRegions() {
        CallingCode c = callingCodeRegions;
        if (c == null) {
            synchronized (this) {
                c = callingCodeRegions;
                if (c == null) {
                    c = new CallingCode(this);
                    callingCodeRegions = c;
                }
            }
        }
        return c;
    }

    /**
     * The regions of a calling code, in libphonenumber's order, with their leading digits' automata (null where a region has
     * none). A region's own shortcut (its number descriptions compiled into automata, the larger part of the work) is made
     * the first time a number is asked of it: the numbers a file's default region finds invalid mostly belong to none of the
     * others, or to few.
     */
    private static final class CallingCode {
        /** False when libphonenumber must be asked (a leading-digits pattern outside the automata's subset, no metadata). */
        final boolean usable;
        final DigitPattern[] leadingDigits;
        private final String[] codes;
        private final PhoneMetadata[] metadata;
        /** Each region's shortcut, made on first use (two threads may both make one: the same, immutable). */
        private final AtomicReferenceArray<PhoneShortcut> regions;

        CallingCode(PhoneShortcut own) {
            List<String> regionCodes = Phones.util().getRegionCodesForCountryCode(own.callingCode);
            int n = regionCodes.size();
            this.codes = regionCodes.toArray(new String[0]);
            this.metadata = new PhoneMetadata[n];
            this.leadingDigits = new DigitPattern[n];
            this.regions = new AtomicReferenceArray<>(n);
            boolean ok = n > 0;
            for (int i = 0; i < n && ok; i++) {
                PhoneMetadata m = metadataOf(codes[i]);
                metadata[i] = m;
                if (codes[i].equals(own.region)) {
                    regions.set(i, own);
                }
                ok = m != null && (!m.hasLeadingDigits() || (leadingDigits[i] = automaton(m.getLeadingDigits())) != null);
            }
            this.usable = ok;
        }

        /** Region {@code i}'s shortcut (only when {@link #usable}). */
        PhoneShortcut region(int i) {
            PhoneShortcut r = regions.get(i);
            if (r == null) {
                r = new PhoneShortcut(codes[i], metadata[i], Phones.util());
                regions.compareAndSet(i, null, r);
            }
            return r;
        }
    }

    private static PhoneMetadata metadataOf(String region) {
        return DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource().getMetadataForRegion(region);
    }

    /** libphonenumber's {@code isNumberMatchingDesc}: a possible length (when the description lists any), then the whole pattern. */
    private boolean matchesDesc(int i, String s, int from) {
        if (patterns[i] == null) {
            return false;
        }
        int[] possible = lengths[i];
        if (possible.length > 0) {
            int length = s.length() - from;
            boolean found = false;
            for (int l : possible) {
                found |= l == length;
            }
            if (!found) {
                return false;
            }
        }
        return matches(i, s, from);
    }

    /** libphonenumber's {@code testNumberLength(number, metadata) == TOO_LONG} for the region's numbers in general. */
    private boolean tooLongForRegion(int length) {
        return !possibleLengths.isEmpty() && possibleLengths.get(0) != -1 && !localOnlyLengths.contains(length)
                && length > possibleLengths.get(possibleLengths.size() - 1);
    }
}
