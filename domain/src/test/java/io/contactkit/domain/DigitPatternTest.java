package io.contactkit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The digit automata against {@code java.util.regex}: hand-written patterns exhaustively, then every pattern of libphonenumber's metadata. */
class DigitPatternTest {

    /** Both answers of the automaton against the matcher's, for one string. */
    private static void assertSame(String regex, DigitPattern automaton, Matcher matcher, String s) {
        assertEquals(matcher.reset(s).matches(), automaton.matches(s), () -> "matches '" + s + "' with " + regex);
        assertEquals(matcher.reset(s).lookingAt(), automaton.lookingAt(s), () -> "lookingAt '" + s + "' with " + regex);
    }

    @Test
    void everyStringOfUpToFiveDigitsIsAnsweredAsJavaRegexAnswersIt() {
        List<String> patterns = List.of("", "1", "\\d", "[2-9]", "[02-57-9]", "[\\d]", "[0-35]\\d", "12|3|", "(?:1|23)4?",
                "(1(2)?)*3", "\\d{2}", "\\d{2,}", "\\d{1,3}", "[1-3]{0,2}4", "(?:2(?:0[1-35-9]|1[02-9])|3[0-4])\\d{1,2}",
                "(?:)5", "1+2*", "(?:1?)*2", "(?:1|12)(?:23|3)", "0(?:(11|343|3715)15)?", "1|(?:)", "(?:|0)0{2,3}",
                "9[0-2]{1}\\d{0,1}|(?:8\\d|7)+");
        for (String regex : patterns) {
            DigitPattern automaton = DigitPattern.compile(regex);
            Matcher matcher = Pattern.compile(regex).matcher("");
            for (int length = 0; length <= 5; length++) {
                int count = (int) Math.pow(10, length);
                for (int k = 0; k < count; k++) {
                    String s = length == 0 ? "" : String.format("%0" + length + "d", k);
                    assertSame(regex, automaton, matcher, s);
                }
            }
            for (String s : List.of("+1", "1+", "12a", "a", " 1", "1 ", "١")) {
                assertSame(regex, automaton, matcher, s);
            }
        }
    }

    @Test
    void theValidityAutomatonIsTheFirstPartAndAnyOtherEachWithItsLengths() {
        // hand-written parts whose possible lengths cut into what their patterns take (as libphonenumber's descriptions may),
        // one part without a pattern and one listing any length: every digit string of up to six digits, and longer ones
        List<String> regexes = java.util.Arrays.asList("\\d{2,}", "1\\d*", "2\\d{3}|3\\d", null, "[4-6]\\d{1,4}", "\\d+");
        int[][] lengths = {{3, 4, 6}, {}, {4}, {}, {2, 3, 5}, {6}};
        DigitPattern[] parts = new DigitPattern[regexes.size()];
        Matcher[] matchers = new Matcher[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (regexes.get(i) != null) {
                parts[i] = DigitPattern.compile(regexes.get(i));
                matchers[i] = Pattern.compile(regexes.get(i)).matcher("");
            }
        }
        DigitPattern validity = DigitPattern.validity(parts, lengths);
        List<String> strings = new ArrayList<>();
        for (int length = 0; length <= 6; length++) {
            int count = (int) Math.pow(10, length);
            for (int k = 0; k < count; k++) {
                strings.add(length == 0 ? "" : String.format("%0" + length + "d", k));
            }
        }
        strings.addAll(List.of("1234567", "12345678901234567890", "2000a", "a", "40 1"));
        int valid = 0;
        for (String s : strings) {
            boolean any = false;
            for (int i = 1; i < parts.length; i++) {
                any |= described(matchers[i], lengths[i], s);
            }
            boolean expected = described(matchers[0], lengths[0], s) && any;
            assertEquals(expected, validity.matches(s), () -> "'" + s + "'");
            valid += expected ? 1 : 0;
        }
        assertTrue(valid > 1000, "valid " + valid);
        // without the first part nothing is valid
        parts[0] = null;
        assertEquals(false, DigitPattern.validity(parts, lengths).matches("1000"));
    }

    /** libphonenumber's isNumberMatchingDesc: a listed length (when any is listed), then the whole pattern. */
    private static boolean described(Matcher matcher, int[] lengths, String s) {
        if (matcher == null) {
            return false;
        }
        boolean length = lengths.length == 0;
        for (int l : lengths) {
            length |= l == s.length();
        }
        return length && matcher.reset(s).matches();
    }

    @Test
    void patternsOutsideTheSubsetAreRefused() {
        for (String regex : List.of("^1", "1$", "1.", "[^1]", "[a-c]", "1??", "1*+", "1{2}?", "1{2}{3}", "(?=1)1", "(?!1)\\d",
                "a", "\\s", "(1)\\1", "1{3,2}", "[1-]", "[]", "(?i)1", "(1", "1)", "[12", "1{", "\\D")) {
            assertThrows(IllegalArgumentException.class, () -> DigitPattern.compile(regex), regex);
        }
    }

    /** The patterns the phone shortcut uses, for one region's metadata: dialling prefixes, general description, number types. */
    private static List<String> patterns(PhoneMetadata m) {
        List<String> all = new ArrayList<>();
        all.add(m.getInternationalPrefix());
        all.add(m.getNationalPrefixForParsing());
        for (PhoneNumberDesc d : List.of(m.getGeneralDesc(), m.getFixedLine(), m.getMobile(), m.getTollFree(), m.getPremiumRate(),
                m.getSharedCost(), m.getPersonalNumber(), m.getVoip(), m.getPager(), m.getUan(), m.getVoicemail(), m.getNoInternationalDialling())) {
            all.add(d.getNationalNumberPattern());
            if (d.hasExampleNumber()) {
                all.add(d.getExampleNumber());   // as a literal pattern too: a long string of digits
            }
        }
        all.removeIf(String::isEmpty);
        return all;
    }

    @Test
    void everyPatternOfLibphonenumbersMetadataIsAnsweredAsJavaRegexAnswersIt() {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        MetadataSource source = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
        List<PhoneMetadata> metadata = new ArrayList<>();
        for (String region : util.getSupportedRegions()) {
            metadata.add(source.getMetadataForRegion(region));
        }
        for (int code : util.getSupportedGlobalNetworkCallingCodes()) {
            metadata.add(source.getMetadataForNonGeographicalRegion(code));
        }
        SplittableRandom random = new SplittableRandom(20261205);
        int compiled = 0;
        int refused = 0;
        long compared = 0;
        for (PhoneMetadata m : metadata) {
            // strings to try: the region's example numbers, their prefixes, neighbours, and random digits of every length
            Set<String> strings = new LinkedHashSet<>();
            for (PhoneNumberDesc d : List.of(m.getGeneralDesc(), m.getFixedLine(), m.getMobile(), m.getTollFree(),
                    m.getPremiumRate(), m.getSharedCost(), m.getPersonalNumber(), m.getVoip(), m.getPager(), m.getUan(),
                    m.getVoicemail())) {
                if (!d.hasExampleNumber()) {
                    continue;
                }
                String example = d.getExampleNumber();
                for (int i = 0; i <= example.length(); i++) {
                    strings.add(example.substring(0, i));
                }
                for (int k = 0; k < 20; k++) {
                    char[] c = example.toCharArray();
                    c[random.nextInt(c.length)] = (char) ('0' + random.nextInt(10));
                    strings.add(new String(c));
                    strings.add(new String(c) + random.nextInt(10));
                    strings.add(random.nextInt(10) + new String(c));
                }
            }
            for (int length = 0; length <= 18; length++) {
                for (int k = 0; k < 40; k++) {
                    StringBuilder b = new StringBuilder();
                    while (b.length() < length) {
                        b.append((char) ('0' + random.nextInt(10)));
                    }
                    strings.add(b.toString());
                }
            }
            strings.add(m.getInternationalPrefix() + "14152098994");
            strings.add(m.getNationalPrefix() + "4152098994");
            for (String regex : patterns(m)) {
                DigitPattern automaton;
                try {
                    automaton = DigitPattern.compile(regex);
                    compiled++;
                } catch (IllegalArgumentException e) {
                    refused++;
                    continue;
                }
                Matcher matcher = Pattern.compile(regex).matcher("");
                for (String s : strings) {
                    assertSame(regex, automaton, matcher, s);
                    compared++;
                }
            }
        }
        System.out.printf("metadata patterns: %d compiled, %d refused; %d strings compared%n", compiled, refused, compared);
        // the shortcut keeps a matcher for a pattern refused; nearly all of them should be automata
        assertTrue(refused * 100 < compiled, compiled + " compiled, " + refused + " refused");
    }
}
