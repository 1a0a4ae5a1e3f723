package io.contactkit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.vavr.control.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The phone shortcuts (the default region's fast path, one libphonenumber instance per thread) against libphonenumber's full answer, computed here the way normalization did before them:
 * the shared instance parses the text, then {@code isValidNumber} and E.164.
 */
class PhoneShortcutTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** Default regions: one calling code shared by many regions (+1, +7, +44), trunk prefixes 0, 1, 8, 06, carrier codes (AR, BR, MX), other dialling prefixes (011, 810, 119, 001). */
    private static final List<String> DEFAULT_REGIONS = List.of("US", "CA", "JM", "GB", "GG", "DE", "FR", "IT", "NL", "ES",
            "BR", "MX", "AR", "IN", "RU", "KZ", "BY", "HU", "JP", "AU", "CN", "ZA", "NG", "CU", "MN", "SG", "CH");
    /** Regions the numbers come from. */
    private static final List<String> NUMBER_REGIONS = List.of("US", "CA", "JM", "PR", "GB", "IM", "DE", "FR", "IT", "VA",
            "NL", "ES", "BR", "MX", "AR", "IN", "RU", "KZ", "BY", "HU", "JP", "AU", "CN", "ZA", "NG", "CU", "MN", "SG", "CH",
            "SE", "PL", "TR", "EG", "KR", "NZ", "IE", "IL", "AE");
    private static final PhoneNumberType[] TYPES = {PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE};
    private static final char[] SEPARATORS = {' ', '-', '.', '(', ')'};

    /** libphonenumber's answer for the text, as normalization gave it before the shortcuts: E.164, or null when invalid. */
    private static String fullAnswer(String text, String defaultRegion) {
        boolean international = text.startsWith("+");
        if (!international && defaultRegion == null) {
            return null;
        }
        String digits = IdentifierPolicy.plainDigits(text);
        try {
            PhoneNumber n = UTIL.parse(digits != null ? digits : text, international ? "ZZ" : defaultRegion);
            return !n.hasExtension() && UTIL.isValidNumber(n) ? UTIL.format(n, PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static String normalized(IdentifierPolicy policy, String text) {
        Validation<Violation, Identifier> v = policy.normalize(Identifier.PHONE, text);
        return v.isValid() ? v.get().value() : null;
    }

    /** Numbers of many regions in many shapes: valid ones, their neighbours, and random digits. */
    private static List<String> inputs(String defaultRegion, SplittableRandom random, int count) {
        List<String> out = new ArrayList<>(count);
        String idd = switch (defaultRegion) {
            case "US", "CA", "JM" -> "011";
            case "RU", "KZ", "BY" -> "810";
            case "CU" -> "119";
            case "MN", "SG" -> "001";
            default -> "00";
        };
        while (out.size() < count) {
            String region = random.nextInt(2) == 0 ? defaultRegion : NUMBER_REGIONS.get(random.nextInt(NUMBER_REGIONS.size()));
            PhoneNumber example = UTIL.getExampleNumberForType(region, TYPES[random.nextInt(TYPES.length)]);
            String nsn;
            int cc;
            if (example == null || random.nextInt(8) == 0) {
                // random digits of any length, often with a leading 0, 1 or 8
                cc = UTIL.getCountryCodeForRegion(region);
                StringBuilder b = new StringBuilder();
                int length = 3 + random.nextInt(15);
                for (int i = 0; i < length; i++) {
                    b.append((char) ('0' + random.nextInt(10)));
                }
                nsn = b.toString();
            } else {
                cc = example.getCountryCode();
                // keep the leading digits (the range), change the rest: many stay valid, some do not
                char[] d = UTIL.getNationalSignificantNumber(example).toCharArray();
                int keep = Math.min(d.length, 2 + random.nextInt(4));
                for (int i = keep; i < d.length; i++) {
                    d[i] = (char) ('0' + random.nextInt(10));
                }
                nsn = new String(d);
                if (random.nextInt(10) == 0) {
                    nsn = random.nextInt(2) == 0 ? nsn + random.nextInt(10) : nsn.substring(0, nsn.length() - 1);
                }
            }
            String text;
            switch (random.nextInt(8)) {
                case 0 -> text = "+" + cc + nsn;
                case 1 -> text = "+" + cc + " " + nsn;
                case 2 -> text = cc + nsn;
                case 3 -> text = idd + cc + nsn;
                case 4 -> text = trunk(region) + nsn;
                case 5 -> text = national(cc, nsn);
                default -> text = nsn;
            }
            out.add(separated(text, random));
        }
        return out;
    }

    private static String trunk(String region) {
        String prefix = UTIL.getNddPrefixForRegion(region, true);
        return prefix == null ? "" : prefix;
    }

    /** The number as the region writes it nationally (trunk prefix included), where libphonenumber can format it. */
    private static String national(int cc, String nsn) {
        try {
            return UTIL.format(UTIL.parse("+" + cc + nsn, "ZZ"), PhoneNumberFormat.NATIONAL);
        } catch (NumberParseException e) {
            return nsn;
        }
    }

    /** Sometimes separators between the digits (after a leading +), sometimes not. */
    private static String separated(String text, SplittableRandom random) {
        if (random.nextInt(3) == 0) {
            return text;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            b.append(text.charAt(i));
            if (i > 0 && random.nextInt(4) == 0) {
                b.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
            }
        }
        return b.toString();
    }

    @Test
    void everyShortcutGivesLibphonenumbersFullAnswer() {
        SplittableRandom random = new SplittableRandom(20261204);
        int total = 0;
        int valid = 0;
        int shortcut = 0;
        for (String region : DEFAULT_REGIONS) {
            IdentifierPolicy policy = IdentifierPolicy.builder().defaultRegion(region).build();
            PhoneShortcut fast = PhoneShortcut.forRegion(region);
            List<String> inputs = inputs(region, random, 800);
            for (String text : inputs) {
                String expected = fullAnswer(text, region);
                assertEquals(expected, normalized(policy, text), () -> "'" + text + "' in " + region);
                String digits = IdentifierPolicy.plainDigits(text);
                String quick = digits == null ? null : fast.e164(digits);
                if (quick != null) {
                    assertEquals(expected, quick, () -> "shortcut: '" + text + "' in " + region);
                    shortcut++;
                }
                total++;
                valid += expected == null ? 0 : 1;
            }
        }
        // the comparison means something: many valid numbers, many invalid ones, many valid ones taken by the shortcut
        assertTrue(valid > total / 4 && valid < total * 3 / 4, "valid " + valid + " of " + total);
        assertTrue(shortcut > valid / 3, "shortcut " + shortcut + " of " + valid + " valid");
        System.out.printf("phones compared: %d, valid %d, through the shortcut %d%n", total, valid, shortcut);
    }

    /**
     * Every answer normalization gives for a phone, the violations included, is the full way's answer for the same text:
     * a valid number taken by the shortcut, a number it takes and finds invalid (whose "not a valid phone number" message
     * it then writes itself), and a text whose full-way answer was kept from an earlier row and is given again.
     */
    @Test
    void everyAnswerIsTheFullWaysAnswerViolationsIncluded() {
        SplittableRandom random = new SplittableRandom(20261206);
        List<String> messy = List.of("n/a", "0", "1-800-FLOWERS x", "(415) 209-8994 ext. 12", "555-0100", "415-209-899",
                "+1 415 209 89944", "(123) 456-7890", "  +1 (415) 209-8994 ", "4152098994", "1-415-209-8994", "+44 20 7946 0958",
                "011 44 20 7946 0958", "+", "++1", "1+415", "()", "12", "123", "+0", "+1", "+12", "(000) 000-0000");
        int invalidByShortcut = 0;
        int violations = 0;
        int total = 0;
        for (String region : DEFAULT_REGIONS) {
            IdentifierPolicy policy = IdentifierPolicy.builder().defaultRegion(region).build();
            IdentifierPolicy possible = IdentifierPolicy.builder().defaultRegion(region).phoneCheck(PhoneCheck.POSSIBLE).build();
            PhoneShortcut fast = PhoneShortcut.forRegion(region);
            List<String> inputs = new ArrayList<>(inputs(region, random, 600));
            inputs.addAll(messy);
            // every text twice: the second time from what the full way kept, when it went there
            inputs.addAll(new ArrayList<>(inputs));
            for (String text : inputs) {
                for (IdentifierPolicy p : List.of(policy, possible)) {
                    String value = IdentifierPolicy.trim(text);
                    Object expected = p.parsePhone(value, IdentifierPolicy.plainDigits(value), value.startsWith("+"));
                    Validation<Violation, Identifier> actual = p.normalize(Identifier.PHONE, text);
                    assertEquals(expected, actual.isValid() ? actual.get() : actual.getError(), () -> "'" + text + "' in " + region);
                    violations += actual.isValid() ? 0 : 1;
                    total++;
                }
                String digits = IdentifierPolicy.plainDigits(IdentifierPolicy.trim(text));
                invalidByShortcut += digits != null && fast.check(digits) == PhoneShortcut.INVALID ? 1 : 0;
            }
        }
        // the comparison means something: many violations, many of them written by the shortcut
        assertTrue(violations > total / 5, "violations " + violations + " of " + total);
        assertTrue(invalidByShortcut > violations / 10, "found invalid by the shortcut " + invalidByShortcut + " of " + violations);
        System.out.printf("phone answers compared: %d, violations %d, numbers the shortcut found invalid %d%n", total, violations,
                invalidByShortcut);
    }

    @Test
    void theFullWaysAnswersAreKeptForShortTextsOnlyAndBounded() {
        IdentifierPolicy policy = IdentifierPolicy.builder().defaultRegion("US").build();
        String longText = "n/a " + "x".repeat(IdentifierPolicy.FULL_WAY_MAX_LENGTH);
        Validation<Violation, Identifier> first = policy.normalize(Identifier.PHONE, longText);
        assertEquals(first, policy.normalize(Identifier.PHONE, longText));
        // more distinct texts than are kept: the answers stay the full way's after the memo is full
        for (int i = 0; i < IdentifierPolicy.FULL_WAY_ENTRIES + 100; i++) {
            String text = "n/a " + i;
            Validation<Violation, Identifier> v = policy.normalize(Identifier.PHONE, text);
            assertEquals(policy.parsePhone(text, null, false), v.getError(), text);
        }
        assertEquals(policy.parsePhone("(415) 209-8994 ext. 12", IdentifierPolicy.plainDigits("(415) 209-8994 ext. 12"), false),
                policy.normalize(Identifier.PHONE, "(415) 209-8994 ext. 12").getError());
    }

    @Test
    void theDefaultRegionsPatternsAreAllAutomata() {
        // the fast way keeps a matcher only for a pattern DigitPattern refuses: none of these regions' number
        // descriptions, nor the US's dialling prefixes (a few national prefixes for parsing are anchored with '$')
        for (String region : DEFAULT_REGIONS) {
            PhoneShortcut fast = PhoneShortcut.forRegion(region);
            for (int i = region.equals("US") ? 0 : PhoneShortcut.FIRST_DESC; i < fast.patternCount(); i++) {
                int p = i;
                assertTrue(fast.compiled(i) || !fast.hasPattern(i), () -> "pattern " + p + " of " + region);
            }
            // and its validity check is one automaton
            assertTrue(fast.hasValidityAutomaton(), region);
        }
    }

    @Test
    void theValidityCheckForTheRegionIsLibphonenumbers() {
        // every region libphonenumber knows: national significant numbers of every type, their
        // neighbours (one digit changed, one added, one dropped) and random digits of every length
        SplittableRandom random = new SplittableRandom(20261205);
        int total = 0;
        int valid = 0;
        for (String region : UTIL.getSupportedRegions()) {
            PhoneShortcut fast = PhoneShortcut.forRegion(region);
            int cc = UTIL.getCountryCodeForRegion(region);
            List<String> nsns = new ArrayList<>();
            for (String nsn : exampleNumbers(region)) {
                nsns.add(nsn);
                for (int k = 0; k < 6; k++) {
                    nsns.add(oneDigitChanged(nsn, random));
                }
                nsns.add(nsn + random.nextInt(10));
                nsns.add(nsn.substring(0, nsn.length() - 1));
            }
            for (int length = 3; length <= 17; length++) {
                StringBuilder b = new StringBuilder().append((char) ('1' + random.nextInt(9)));
                while (b.length() < length) {
                    b.append((char) ('0' + random.nextInt(10)));
                }
                nsns.add(b.toString());
            }
            for (String nsn : nsns) {
                if (nsn.length() < 3 || nsn.charAt(0) == '0') {
                    continue;   // the shortcut leaves those to the full way before asking
                }
                PhoneNumber number = new PhoneNumber().setCountryCode(cc).setNationalNumber(Long.parseLong(nsn));
                boolean expected = UTIL.isValidNumberForRegion(number, region);
                assertEquals(expected, fast.validForRegion(nsn), () -> nsn + " in " + region);
                // and valid in any region of the calling code, as isValidNumber says (the region it belongs to first)
                assertEquals(UTIL.isValidNumber(number), fast.validForCallingCode(nsn), () -> nsn + " with +" + cc + " (" + region + ")");
                total++;
                valid += expected ? 1 : 0;
            }
        }
        assertTrue(valid > total / 5 && valid < total * 4 / 5, "valid " + valid + " of " + total);
    }

    /**
     * International numbers ({@code +C} and digits, with or without separators) of every region libphonenumber knows and
     * of its non-geographic calling codes: valid ones, their neighbours, a trunk prefix after the calling code, random
     * digits of every length, unknown calling codes. Under a policy without a default region and under several with one,
     * every answer, violations included, is the full way's; and the calling code's shortcut takes most of them.
     */
    @Test
    void internationalNumbersOfEveryCallingCodeGetTheFullWaysAnswer() {
        SplittableRandom random = new SplittableRandom(20261207);
        List<String> inputs = new ArrayList<>();
        List<Integer> codes = new ArrayList<>(UTIL.getSupportedCallingCodes());
        for (String region : UTIL.getSupportedRegions()) {
            internationalInputs(UTIL.getCountryCodeForRegion(region), exampleNumbers(region), random, inputs);
        }
        for (int code : UTIL.getSupportedGlobalNetworkCallingCodes()) {
            PhoneNumber example = UTIL.getExampleNumberForNonGeoEntity(code);
            internationalInputs(code, example == null ? List.of() : List.of(UTIL.getNationalSignificantNumber(example)), random, inputs);
        }
        for (int i = 0; i < 300; i++) {
            // calling codes libphonenumber may not know, and texts that only start like numbers
            inputs.add("+" + random.nextInt(1000) + (100000 + random.nextInt(900000)) + random.nextInt(10000));
            inputs.add("+" + codes.get(random.nextInt(codes.size())) + "0" + (1000000 + random.nextInt(9000000)));
        }
        inputs.addAll(List.of("+", "++1", "+0", "+00", "+01", "+1", "+12", "+123", "+1 ", "+44", "+4420", "+800", "+8001234",
                "+999 123 456", "+38112345678", "+3 80 44 123 4567", "+0044 20 7946 0958", "+44 (0) 20 7946 0958"));
        int total = 0;
        int taken = 0;
        int violations = 0;
        List<IdentifierPolicy> policies = List.of(IdentifierPolicy.defaults(), IdentifierPolicy.builder().defaultRegion("US").build(),
                IdentifierPolicy.builder().defaultRegion("CA").build(), IdentifierPolicy.builder().defaultRegion("GB").build(),
                IdentifierPolicy.builder().defaultRegion("DE").build(),
                IdentifierPolicy.builder().phoneCheck(PhoneCheck.POSSIBLE).build());
        for (String text : inputs) {
            String value = IdentifierPolicy.trim(text);
            String digits = IdentifierPolicy.plainDigits(value);
            for (IdentifierPolicy p : policies) {
                Object expected = p.parsePhone(value, digits, value.startsWith("+"));
                Validation<Violation, Identifier> actual = p.normalize(Identifier.PHONE, text);
                assertEquals(expected, actual.isValid() ? actual.get() : actual.getError(), () -> "'" + text + "' under " + p);
                violations += actual.isValid() ? 0 : 1;
                total++;
            }
            // made at once here, so that the policies above take the calling code's shortcut for its later numbers
            PhoneShortcut fast = digits == null ? null : PhoneShortcut.forInternational(digits, 1);
            String quick = fast == null ? null : fast.check(digits);
            if (quick != null) {
                taken++;
                if (quick != PhoneShortcut.INVALID) {
                    assertEquals(fullAnswer(text, null), quick, () -> "shortcut: '" + text + "'");
                }
            }
        }
        // the comparison means something: many valid numbers and many violations, most numbers taken by a shortcut
        assertTrue(violations > total / 5 && violations < total * 4 / 5, "violations " + violations + " of " + total);
        assertTrue(taken > inputs.size() / 2, "taken by the calling code's shortcut " + taken + " of " + inputs.size());
        System.out.printf("international phones compared: %d, violations %d, taken by the calling code's shortcut %d of %d%n",
                total, violations, taken, inputs.size());
    }

    @Test
    void theCallingCodeIsFoundAsLibphonenumberFindsItAndNonGeographicOnesGoTheFullWay() throws NumberParseException {
        for (String text : List.of("+14152098994", "+442079460958", "+380441234567", "+97226543210", "+8613812345678")) {
            PhoneShortcut fast = PhoneShortcut.forInternational(text, 1);
            assertNotNull(fast, text);
            assertTrue(fast.takesInternational(text), text);
            assertTrue(fast.takesInternational("+" + UTIL.parse(text, "ZZ").getCountryCode()), text);
            assertEquals(UTIL.format(UTIL.parse(text, "ZZ"), PhoneNumberFormat.E164), fast.check(text), text);
        }
        assertTrue(PhoneShortcut.forInternational("+14152098994", 1) == PhoneShortcut.forInternational("+12125550123"),
                "one shortcut per calling code");
        // +800 (international freephone) belongs to no region; +0 and a calling code libphonenumber does not know, to nothing
        int unknown = 100;
        while (UTIL.getSupportedCallingCodes().contains(unknown / 100) || UTIL.getSupportedCallingCodes().contains(unknown / 10)
                || UTIL.getSupportedCallingCodes().contains(unknown)) {
            unknown++;
        }
        for (String text : List.of("+80012345678", "+0123456", "+" + unknown + "1234567", "+", "+9", "4152098994")) {
            assertNull(PhoneShortcut.forInternational(text, 1), text);
        }
    }

    @Test
    void aCallingCodesShortcutIsMadeOnlyOnceEnoughNumbersCarriedIt() {
        PhoneShortcut.International codes = new PhoneShortcut.International();
        for (int i = 1; i < PhoneShortcut.MAKE_AFTER; i++) {
            assertNull(codes.shortcut("+44207946" + (1000 + i % 9000), PhoneShortcut.MAKE_AFTER), "number " + i);
        }
        PhoneShortcut made = codes.shortcut("+442079460958", PhoneShortcut.MAKE_AFTER);
        assertNotNull(made);
        assertTrue(made == codes.shortcut("+447400123456", PhoneShortcut.MAKE_AFTER), "made once, then kept");
        // another calling code counts on its own; a non-geographic one never gets a shortcut
        assertNull(codes.shortcut("+4930123456", PhoneShortcut.MAKE_AFTER));
        for (int i = 0; i < 2 * PhoneShortcut.MAKE_AFTER; i++) {
            assertNull(codes.shortcut("+80012345678", PhoneShortcut.MAKE_AFTER));
        }
    }

    private static void internationalInputs(int cc, List<String> nsns, SplittableRandom random, List<String> out) {
        List<String> all = new ArrayList<>();
        for (String nsn : nsns) {
            all.add(nsn);
            for (int k = 0; k < 4; k++) {
                all.add(oneDigitChanged(nsn, random));
            }
            all.add(nsn + random.nextInt(10));
            all.add(nsn.substring(0, Math.max(1, nsn.length() - 1)));
            all.add("0" + nsn);
        }
        for (int length = 1; length <= 18; length += 1 + random.nextInt(3)) {
            StringBuilder b = new StringBuilder();
            while (b.length() < length) {
                b.append((char) ('0' + random.nextInt(10)));
            }
            all.add(b.toString());
        }
        for (String nsn : all) {
            String text = "+" + cc + nsn;
            out.add(random.nextInt(3) == 0 ? "+" + cc + " " + nsn : separated(text, random));
        }
    }

    /** The national significant numbers of a region's example numbers, one per type that has one. */
    private static List<String> exampleNumbers(String region) {
        List<String> nsns = new ArrayList<>();
        for (PhoneNumberType type : PhoneNumberType.values()) {
            PhoneNumber example = UTIL.getExampleNumberForType(region, type);
            if (example != null) {
                nsns.add(UTIL.getNationalSignificantNumber(example));
            }
        }
        return nsns;
    }

    private static String oneDigitChanged(String nsn, SplittableRandom random) {
        char[] d = nsn.toCharArray();
        d[random.nextInt(d.length)] = (char) ('0' + random.nextInt(10));
        return new String(d);
    }

    @Test
    void theRegionsValidityAutomatonAnswersAsItsDescriptionsOneByOne() {
        // every region libphonenumber knows: the one automaton (the descriptions run side by side, with the count of
        // digits) against matching each description in turn, on example numbers of every type, their neighbours, their
        // prefixes and extensions, random digits of every length from 0 to 20 (leading zeros included) and a non-digit
        SplittableRandom random = new SplittableRandom(20261206);
        int total = 0;
        int valid = 0;
        for (String region : UTIL.getSupportedRegions()) {
            PhoneShortcut fast = PhoneShortcut.forRegion(region);
            List<String> nsns = new ArrayList<>();
            for (String nsn : exampleNumbers(region)) {
                nsns.add(nsn);
                nsns.add(nsn.substring(0, nsn.length() - 1) + "x");
                for (int k = 0; k < 20; k++) {
                    nsns.add(oneDigitChanged(nsn, random));
                    nsns.add(nsn.substring(0, random.nextInt(nsn.length() + 1)));
                    nsns.add(nsn + random.nextInt(1000));
                }
            }
            for (int length = 0; length <= 20; length++) {
                for (int k = 0; k < 20; k++) {
                    StringBuilder b = new StringBuilder();
                    while (b.length() < length) {
                        b.append((char) ('0' + random.nextInt(10)));
                    }
                    nsns.add(b.toString());
                }
            }
            for (String nsn : nsns) {
                boolean expected = fast.validForRegionByDescription(nsn, 0);
                assertEquals(expected, fast.validForRegion(nsn), () -> nsn + " in " + region);
                total++;
                valid += expected ? 1 : 0;
            }
        }
        assertTrue(valid > total / 20 && valid < total / 2, "valid " + valid + " of " + total);
    }

    @Test
    void theShortcutTakesTheShapesOfTheDefaultRegionAndLeavesTheRestToTheFullWay() {
        PhoneShortcut us = PhoneShortcut.forRegion("US");
        assertEquals("+14152098994", us.e164("4152098994"));
        assertEquals("+14152098994", us.e164("14152098994"));
        assertEquals("+14152098994", us.e164("+14152098994"));
        assertNull(us.e164("01144207946095"), "dialled abroad: the full way");
        assertNull(us.e164("+442079460958"), "another calling code: the full way");
        assertNull(us.e164("1415209899"), "a national prefix that would be stripped: the full way");
        assertNull(us.e164("4150000000"), "invalid: the full way, which gives the reason");
        PhoneShortcut ca = PhoneShortcut.forRegion("CA");
        String canadian = UTIL.getNationalSignificantNumber(UTIL.getExampleNumber("CA"));
        assertEquals("+1" + canadian, ca.e164(canadian));
        assertNull(ca.e164("+1" + canadian), "+1 is read with the metadata of US, its main region: the full way");
        PhoneShortcut gb = PhoneShortcut.forRegion("GB");
        assertNull(gb.e164("02079460958"), "a trunk prefix: the full way");
        assertEquals("+442079460958", gb.e164("2079460958"));
        assertEquals("+442079460958", gb.e164("+442079460958"));
        IdentifierPolicy policy = IdentifierPolicy.builder().defaultRegion("GB").build();
        assertEquals("+442079460958", normalized(policy, "020 7946 0958"));
    }

    @Test
    void threadsNormalizingAtOnceGetTheSameAnswers() throws Exception {
        IdentifierPolicy policy = IdentifierPolicy.builder().defaultRegion("US").build();
        List<String> inputs = inputs("US", new SplittableRandom(7), 4_000);
        ConcurrentHashMap<String, String> expected = new ConcurrentHashMap<>();
        for (String text : inputs) {
            String e = fullAnswer(text, "US");
            expected.put(text, e == null ? "" : e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t * 997;
                done.add(pool.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < inputs.size(); i++) {
                        String text = inputs.get((i + offset) % inputs.size());
                        String actual = normalized(policy, text);
                        assertEquals(expected.get(text), actual == null ? "" : actual, text);
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(inputs.size(), f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertNotNull(Phones.util());
    }
}
