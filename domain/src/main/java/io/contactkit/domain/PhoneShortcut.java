package io.contactkit.domain;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import java.util.List;
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
 * Immutable and thread-safe (libphonenumber is asked through {@link Phones#util()}).
 */
final class PhoneShortcut {

    /** libphonenumber's bounds for a national significant number. */
    private static final int MIN_NSN = 2;
    private static final int MAX_NSN = 17;

    private final String region;
    private final int callingCode;
    private final String callingDigits;
    /** R is the region libphonenumber uses for numbers carrying C: its metadata is the one applied to them. */
    private final boolean mainRegion;
    private final Pattern internationalPrefix;
    private final Pattern nationalPrefix;
    private final List<Integer> possibleLengths;
    private final List<Integer> localOnlyLengths;

    private PhoneShortcut(String region, PhoneMetadata metadata, PhoneNumberUtil util) {
        this.region = region;
        this.callingCode = metadata.getCountryCode();
        this.callingDigits = Integer.toString(callingCode);
        this.mainRegion = region.equals(util.getRegionCodeForCountryCode(callingCode));
        this.internationalPrefix = Pattern.compile(metadata.getInternationalPrefix());
        String forParsing = metadata.getNationalPrefixForParsing();
        this.nationalPrefix = forParsing.isEmpty() ? null : Pattern.compile(forParsing);
        PhoneNumberDesc general = metadata.getGeneralDesc();
        this.possibleLengths = List.copyOf(general.getPossibleLengthList());
        this.localOnlyLengths = List.copyOf(general.getPossibleLengthLocalOnlyList());
    }

    /** The shortcut for a region, or null when libphonenumber has no metadata for it. */
    static PhoneShortcut forRegion(String region) {
        PhoneMetadata metadata = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource()
                .getMetadataForRegion(region);
        return metadata == null ? null : new PhoneShortcut(region, metadata, Phones.util());
    }

    /**
     * The E.164 form of a valid number, or null when the full way must decide (another shape, or invalid).
     *
     * @param digits decimal digits with an optional leading {@code +}, as {@code IdentifierPolicy.plainDigits} gives them
     */
    String e164(String digits) {
        String national;
        if (digits.startsWith("+")) {
            if (!mainRegion || !digits.startsWith(callingDigits, 1)) {
                return null;
            }
            national = digits.substring(1 + callingDigits.length());
        } else if (digits.startsWith(callingDigits)) {
            if (!mainRegion || !tooLongForRegion(digits.length()) || internationalPrefix.matcher(digits).lookingAt()) {
                return null;
            }
            national = digits.substring(callingDigits.length());
        } else {
            if (internationalPrefix.matcher(digits).lookingAt()) {
                return null;
            }
            national = digits;
        }
        int n = national.length();
        if (n < Math.max(3, MIN_NSN) || n > MAX_NSN || national.charAt(0) == '0'
                || (nationalPrefix != null && nationalPrefix.matcher(national).lookingAt())) {
            return null;
        }
        PhoneNumber number = new PhoneNumber().setCountryCode(callingCode).setNationalNumber(Long.parseLong(national));
        PhoneNumberUtil util = Phones.util();
        if (util.isValidNumberForRegion(number, region) || util.isValidNumber(number)) {
            return "+" + callingDigits + national;
        }
        return null;
    }

    /** libphonenumber's {@code testNumberLength(number, metadata) == TOO_LONG} for the region's numbers in general. */
    private boolean tooLongForRegion(int length) {
        return !possibleLengths.isEmpty() && possibleLengths.get(0) != -1 && !localOnlyLengths.contains(length)
                && length > possibleLengths.get(possibleLengths.size() - 1);
    }
}
