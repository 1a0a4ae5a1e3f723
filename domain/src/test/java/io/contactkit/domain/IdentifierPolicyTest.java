package io.contactkit.domain;

import static io.contactkit.domain.Fixtures.email;
import static io.contactkit.domain.Fixtures.phone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.control.Validation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Normalization of identifiers and the key priority. */
class IdentifierPolicyTest {

    @Test
    void keysAreCheckedAsTheRuleSaysAlsoWhenAskedAgain() {
        // a key found valid is known by identity afterwards: keys valid and not, each asked many times in random order,
        // as the very same strings and as equal new ones, always get the rule's answer
        java.util.SplittableRandom random = new java.util.SplittableRandom(18);
        String alphabet = "abcXYZ019_-:. \u00e9\n";
        List<String> keys = new java.util.ArrayList<>(List.of("", "crm_id", "crm id", "x".repeat(64), "x".repeat(65)));
        for (int k = 0; k < 300; k++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + random.nextInt(8);
            for (int i = 0; i < n; i++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            keys.add(b.toString());
        }
        int valid = 0;
        for (int round = 0; round < 20_000; round++) {
            String key = keys.get(random.nextInt(keys.size()));
            String asked = random.nextBoolean() ? key : new String(key);
            boolean expected = !asked.isEmpty() && asked.length() <= 64 && asked.chars().allMatch(
                    c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-');
            assertEquals(expected, Identifier.isValidKey(asked), asked);
            valid += expected ? 1 : 0;
        }
        assertTrue(valid > 2_000 && valid < 18_000, "valid " + valid);
        assertEquals(false, Identifier.isValidKey(null));
    }

    static final IdentifierPolicy NO_REGION = IdentifierPolicy.defaults();
    static final IdentifierPolicy US = IdentifierPolicy.builder().defaultRegion("US").build();
    static final IdentifierPolicy NL = IdentifierPolicy.builder().defaultRegion("nl").build();

    static Identifier valid(IdentifierPolicy policy, String key, String raw) {
        Validation<Violation, Identifier> v = policy.normalize(key, raw);
        assertTrue(v.isValid(), () -> key + " '" + raw + "' should be valid: " + v.getError());
        return v.get();
    }

    static Violation invalid(IdentifierPolicy policy, String key, String raw) {
        Validation<Violation, Identifier> v = policy.normalize(key, raw);
        assertTrue(v.isInvalid(), () -> key + " '" + raw + "' should be invalid, got " + v.get());
        return v.getError();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ann@example.com|ann@example.com",
            "  Ann.Lee@Example.COM  |ann.lee@example.com",
            "first+tag@sub.example.co.uk|first+tag@sub.example.co.uk",
            "o'brien@example.ie|o'brien@example.ie",
            "JÖRG@bücher.de|jörg@bücher.de",
    })
    void validEmailsAreTrimmedAndLowerCased(String raw, String canonical) {
        assertEquals(email(canonical), valid(NO_REGION, "emailaddress", raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ann", "ann@", "@example.com", "ann@@example.com", "a@b@example.com", "ann@example",
            "ann@.example.com", "ann@example..com", ".ann@example.com", "ann.@example.com", "an..n@example.com",
            "ann lee@example.com", "ann@exa mple.com", "ann@-example.com", "ann@example.123", "ann(x)@example.com"})
    void invalidEmailsAreValidationErrors(String raw) {
        Violation v = invalid(NO_REGION, "emailaddress", raw);
        assertEquals("invalid_email", v.code());
        assertEquals("value", v.field());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ann@example|the domain has no '.'",
            "ann@example.|misplaced '.' in the domain",
            "ann@.example.com|misplaced '.' in the domain",
            "ann@example..com|misplaced '.' in the domain",
            "ann@example.com-|a domain label starts or ends with '-'",
            "ann@-example.com|a domain label starts or ends with '-'",
            "ann@exa_mple.com|character '_' is not allowed in the domain",
            "ann@example.123|the top-level domain is numeric",
            "ann@123.456|the top-level domain is numeric",
            "ann@example.c0m|",
            "ann@123.example.com|",
            "ann@a.b|",
    })
    void theDomainsProblemIsNamedLabelByLabel(String address, String problem) {
        assertEquals(problem, EmailSyntax.problem(address));
        assertEquals("a domain label is longer than 63 characters", EmailSyntax.problem("ann@" + "b".repeat(64) + ".com"));
        assertEquals(null, EmailSyntax.problem("ann@" + "b".repeat(63) + ".com"));
    }

    /**
     * The one-pass check of plain ASCII addresses against the full way it short-cuts (control characters,
     * lower case, {@link EmailSyntax#problem}, {@link EmailSyntax#unicodeDomain}), on generated addresses
     * near every bound: it answers only for addresses the full way finds valid, with the same canonical form.
     */
    @Test
    void plainAsciiAddressesTakeTheOnePassCheckWithTheFullWaysAnswer() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(18);
        String alphabet = "abcxyzABCXYZ0123456789!#$%&'*+/=?^_`{|}~-....@@ \u0001\u007f\u00e9\u0130\"(),:;<>[]\\";
        int fast = 0;
        int valid = 0;
        for (int i = 0; i < 100_000; i++) {
            String address = address(random, alphabet);
            String trimmed = IdentifierPolicy.trim(address);
            String lower = trimmed.toLowerCase(java.util.Locale.ROOT);
            String full = trimmed.isEmpty() || IdentifierPolicy.hasControlCharacter(trimmed) || trimmed.length() > 254
                    || !trimmed.chars().allMatch(c -> c < 0x80) || EmailSyntax.problem(lower) != null ? null : EmailSyntax.unicodeDomain(lower);
            String shortcut = EmailSyntax.plainAscii(trimmed);
            if (shortcut != null) {
                assertEquals(full, shortcut, () -> "'" + address + "'");
                fast++;
            } else if (full != null) {
                assertTrue(lower.contains("xn--"), () -> "'" + address + "' is valid and plain ASCII, without an IDNA label: one pass should do");
            }
            Validation<Violation, Identifier> v = NO_REGION.normalize(Identifier.EMAIL, address);
            if (full != null) {
                assertEquals(full, v.get().value(), () -> "'" + address + "'");
                valid++;
            } else if (trimmed.chars().allMatch(c -> c < 0x80) && !trimmed.isEmpty()) {
                assertTrue(v.isInvalid(), () -> "'" + address + "' should be invalid, got " + v.get());
            }
        }
        // the generated addresses reach both answers, and the shortcut takes most valid ones (not those with xn-- labels)
        assertTrue(valid > 2_500 && valid < 90_000, "valid: " + valid);
        assertTrue(fast > valid * 3 / 4, fast + " of " + valid);
        assertEquals(null, EmailSyntax.plainAscii("ann@xn--bcher-kva.de"));
        assertEquals(null, EmailSyntax.plainAscii("ann@shop.XN--bcher-kva.de"));
        assertEquals("jörg@bücher.de", valid(NO_REGION, Identifier.EMAIL, "jörg@xn--bcher-kva.de").value());
        assertEquals("a.xn--b@example.com", EmailSyntax.plainAscii("a.xn--b@Example.com"));
        assertEquals("a".repeat(64) + "@" + "b".repeat(63) + ".com", EmailSyntax.plainAscii("a".repeat(64) + "@" + "b".repeat(63) + ".com"));
        assertEquals(null, EmailSyntax.plainAscii("a".repeat(65) + "@b.com"));
        assertEquals(null, EmailSyntax.plainAscii("a@" + "b".repeat(64) + ".com"));
    }

    /** Mostly address-shaped text: a local part, '@', and labels of lengths around the limits, now and then mutated. */
    private static String address(java.util.SplittableRandom random, String alphabet) {
        StringBuilder s = new StringBuilder();
        String plain = "abcxyz0123456789";
        int local = random.nextInt(10) == 0 ? 60 + random.nextInt(8) : random.nextInt(12);
        for (int k = 0; k < local; k++) {
            s.append(random.nextInt(6) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : plain.charAt(random.nextInt(plain.length())));
        }
        if (random.nextInt(20) != 0) {
            s.append('@');
        }
        int labels = 1 + random.nextInt(4);
        for (int l = 0; l < labels; l++) {
            if (l > 0) {
                s.append('.');
            }
            if (random.nextInt(15) == 0) {
                s.append(random.nextBoolean() ? "xn--" : "Xn--");
            }
            int n = random.nextInt(12) == 0 ? 60 + random.nextInt(6) : random.nextInt(10);
            boolean digits = random.nextInt(5) == 0;
            for (int k = 0; k < n; k++) {
                String from = digits ? "0123456789" : random.nextInt(8) == 0 ? alphabet : "abcXYZ09-";
                s.append(from.charAt(random.nextInt(from.length())));
            }
        }
        if (random.nextInt(40) == 0) {
            s.append("x".repeat(200));
        }
        if (random.nextInt(10) == 0) {
            s.insert(0, ' ').append(" ");
        }
        return s.toString();
    }

    @Test
    void overlongEmailsAreInvalid() {
        assertEquals("invalid_email", invalid(NO_REGION, "emailaddress", "a".repeat(65) + "@example.com").code());
        assertEquals("invalid_email", invalid(NO_REGION, "emailaddress", "a@" + "b".repeat(250) + ".com").code());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+14084029292|+14084029292",
            "+1 (408) 402-9292|+14084029292",
            "+1.408.402.9292|+14084029292",
            " +31 6 1234 5678 |+31612345678",
            "+44 20 7946 0958|+442079460958",
    })
    void phonesWithAPlusNeedNoRegion(String raw, String e164) {
        assertEquals(phone(e164), valid(NO_REGION, "phonenumber", raw));
        assertEquals(phone(e164), valid(US, "phonenumber", raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4084029292", "(408) 402-9292", "408.402.9292", "0612345678", "00442079460958"})
    void phonesWithoutAPlusAreInvalidWithoutADefaultRegion(String raw) {
        Violation v = invalid(NO_REGION, "phonenumber", raw);
        assertEquals("invalid_phone", v.code());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "4084029292|+14084029292",
            "(408) 402-9292|+14084029292",
            "408 402 9292|+14084029292",
            "1-408-402-9292|+14084029292",
            "011 44 20 7946 0958|+442079460958",
    })
    void phonesWithoutAPlusUseTheDefaultRegion(String raw, String e164) {
        assertEquals(phone(e164), valid(US, "phonenumber", raw));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "06 12345678|+31612345678",
            "06-1234-5678|+31612345678",
            "0044 20 7946 0958|+442079460958",
            "00 1 408 402 9292|+14084029292",
    })
    void aDoubleZeroPrefixIsInternationalWhereTheRegionDialsSo(String raw, String e164) {
        assertEquals(phone(e164), valid(NL, "phonenumber", raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 408 402", "+999 1234 5678", "not a number", "+31 6 1234", "+1 408 402 9292 9292 99"})
    void impossiblePhonesAreInvalid(String raw) {
        assertEquals("invalid_phone", invalid(US, "phonenumber", raw).code());
    }

    @Test
    void anInternationalDoubleZeroPrefixNeedsADefaultRegionAndSaysSo() {
        Violation v = invalid(NO_REGION, "phonenumber", "0044 20 7946 0958");
        assertEquals("invalid_phone", v.code());
        assertTrue(v.message().contains("no default region"), v.message());
    }

    @Test
    void thePhoneCheckCanBeRelaxedToPossibleNumbers() {
        IdentifierPolicy possible = US.toBuilder().phoneCheck(PhoneCheck.POSSIBLE).build();
        assertEquals("invalid_phone", invalid(US, "phonenumber", "+1 555 010 0000").code());
        assertEquals(phone("+15550100000"), valid(possible, "phonenumber", "+1 555 010 0000"));
    }

    @Test
    void anUnknownDefaultRegionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> IdentifierPolicy.builder().defaultRegion("XX"));
        assertEquals(Optional.of("NL"), NL.defaultRegion());
        assertEquals(Optional.empty(), NO_REGION.defaultRegion());
    }

    @Test
    void internationalizedEmailsHaveOneCanonicalForm() {
        Identifier composed = valid(NO_REGION, "emailaddress", "J\u00D6RG@b\u00FCcher.de");
        assertEquals(email("j\u00F6rg@b\u00FCcher.de"), composed);
        // the same letters written decomposed (o + combining diaeresis), and the domain in its ASCII form
        assertEquals(composed, valid(NO_REGION, "emailaddress", "Jo\u0308rg@bu\u0308cher.de"));
        assertEquals(composed, valid(NO_REGION, "emailaddress", "j\u00F6rg@XN--BCHER-KVA.de"));
        // a capital I with a dot lower-cases to i and a combining dot, which is part of the letter
        assertEquals(email("i\u0307lker@example.com"), valid(NO_REGION, "emailaddress", "\u0130lker@example.com"));
        // a label that only looks like punycode stays as written
        assertEquals(email("ann@xn--zz.example.com"), valid(NO_REGION, "emailaddress", "ann@xn--zz.example.com"));
    }

    @Test
    void anIdnaLabelIsDecodedAsIdna2008WritesItAndTheCanonicalValueNormalizesToItself() {
        // names IDNA2003 would fold or refuse to decode (ß, a final sigma): one identifier whichever way they are written
        assertEquals(email("a@straße.de"), valid(NO_REGION, "emailaddress", "a@xn--strae-oqa.de"));
        assertEquals(email("a@straße.de"), valid(NO_REGION, "emailaddress", "A@Straße.DE"));
        assertEquals(email("a@faß.de"), valid(NO_REGION, "emailaddress", "a@XN--FA-HIA.de"));
        assertEquals(email("a@ελληνικά.gr"), valid(NO_REGION, "emailaddress", "a@xn--hxargifdar.gr"));
        // a label that decodes to what no domain label may hold in Unicode (symbols) stays as written, so that the value
        // is valid when given again; the symbol itself is refused, named whole
        for (String label : List.of("xn--n3h", "xn--ls8h", "xn--9-3ga")) {
            Identifier kept = valid(NO_REGION, "emailaddress", "ann@" + label + ".com");
            assertEquals(email("ann@" + label + ".com"), kept);
        }
        assertEquals("'ann@☃.com' is not a valid e-mail address: character '☃' is not allowed in the domain",
                NO_REGION.normalize("emailaddress", "ann@☃.com").getError().message());
        assertEquals("'a@💩.la' is not a valid e-mail address: character '💩' is not allowed in the domain",
                NO_REGION.normalize("emailaddress", "a@💩.la").getError().message());
        assertEquals("'\ud83d\ude00a@b.la' is not a valid e-mail address: character '\ud83d\ude00' is not allowed before '@'",
                NO_REGION.normalize("emailaddress", "\ud83d\ude00a@b.la").getError().message());
    }

    /** Every canonical e-mail value, normalized again, is valid and itself: a contact's identifiers can be sent back. */
    @Test
    void aCanonicalEmailAddressNormalizesToItself() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(2008);
        int[][] ranges = {{'a', 'z'}, {'A', 'Z'}, {'0', '9'}, {'-', '-'}, {0xDF, 0xFF}, {0x3A3, 0x3C9}, {0x410, 0x44F}, {0x4E00, 0x4E20},
            {0x2600, 0x2610}, {0x1F600, 0x1F610}, {0x0300, 0x0302}, {0x130, 0x131}};
        int decoded = 0;
        int checked = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder domain = new StringBuilder();
            int labels = 2 + random.nextInt(2);
            for (int l = 0; l < labels; l++) {
                StringBuilder label = new StringBuilder();
                int n = 1 + random.nextInt(8);
                for (int k = 0; k < n; k++) {
                    int[] r = ranges[random.nextInt(ranges.length)];
                    label.appendCodePoint(r[0] + random.nextInt(r[1] - r[0] + 1));
                }
                String written = label.toString();
                if (random.nextBoolean()) {
                    try {
                        written = java.net.IDN.toASCII(written, java.net.IDN.ALLOW_UNASSIGNED);
                    } catch (IllegalArgumentException e) {
                        // kept in Unicode
                    }
                }
                domain.append(l == 0 ? "" : ".").append(written);
            }
            String address = (random.nextBoolean() ? "Ann" : "j\u00F6rg") + "@" + domain;
            Validation<Violation, Identifier> first = NO_REGION.normalize("emailaddress", address);
            if (first.isValid()) {
                String value = first.get().value();
                Validation<Violation, Identifier> again = NO_REGION.normalize("emailaddress", value);
                assertTrue(again.isValid(), () -> "'" + address + "' gave '" + value + "', which is refused: " + again.getError());
                assertEquals(value, again.get().value(), () -> "'" + address + "'");
                checked++;
                decoded += address.contains("xn--") && !value.contains("xn--") ? 1 : 0;
            }
        }
        assertTrue(checked > 2_000 && decoded > 200, checked + " checked, " + decoded + " decoded");
        // and through a command, as the contact's own identifier
        UpsertCommand sent = UpsertCommand.builder().identifier("emailaddress", "ann@xn--n3h.com").build(NO_REGION).get();
        assertTrue(sent.toBuilder().build(NO_REGION).isValid());
    }

    @Test
    void noBreakAndZeroWidthSpacesAndByteOrderMarksAreTrimmed() {
        assertEquals(Identifier.of("crmId", "crm-7"), valid(NO_REGION, "crmId", "\u00A0crm-7\u00A0"));
        assertEquals(email("ann@example.com"), valid(NO_REGION, "emailaddress", "\uFEFFAnn@Example.com\u200B"));
        assertEquals(phone("+14084029292"), valid(NO_REGION, "phonenumber", "\u202F+1 408 402 9292\u2007"));
        assertEquals(Identifier.of("crmId", "a\u00A0b"), valid(NO_REGION, "crmId", "a\u00A0b"));
        assertEquals("missing_value", invalid(NO_REGION, "crmId", "\u00A0\u200B").code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 408 402 9292 ext. 123", "+1 408 402 9292 x123", "+1-408-402-9292;ext=5", "(408) 402-9292 ext 22"})
    void phonesWithAnExtensionAreInvalidNotTruncated(String raw) {
        Violation v = invalid(US, "phonenumber", raw);
        assertEquals("invalid_phone", v.code());
        assertTrue(v.message().contains("extension"), v.message());
    }

    /** The default-region shortcut of the validity check accepts exactly the numbers libphonenumber's full check does. */
    @Test
    void theValidityCheckAgreesWithLibphonenumberOnNumbersOfEveryShape() {
        com.google.i18n.phonenumbers.PhoneNumberUtil util = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
        java.util.Random random = new java.util.Random(20261202);
        int valid = 0;
        int invalid = 0;
        for (String region : List.of("US", "CA", "GB", "NL", "DE", "JM")) {
            IdentifierPolicy policy = IdentifierPolicy.builder().defaultRegion(region).build();
            for (int i = 0; i < 3000; i++) {
                // national numbers of 7 to 11 digits, some written with the +1 or +44 calling code
                StringBuilder raw = new StringBuilder(i % 3 == 0 ? "+1 " : i % 7 == 0 ? "+44 " : "");
                int digits = 7 + random.nextInt(5);
                for (int d = 0; d < digits; d++) {
                    raw.append((char) ('0' + random.nextInt(10)));
                }
                boolean expected;
                try {
                    expected = util.isValidNumber(util.parse(raw.toString(), region));
                } catch (com.google.i18n.phonenumbers.NumberParseException e) {
                    expected = false;
                }
                boolean actual = policy.normalize("phonenumber", raw.toString()).isValid();
                assertEquals(expected, actual, () -> raw + " in " + region);
                if (actual) {
                    valid++;
                } else {
                    invalid++;
                }
            }
        }
        assertTrue(valid > 1000 && invalid > 1000, "valid " + valid + ", invalid " + invalid);
    }

    /** Numbers written with separators are parsed from their bare digits: the result is libphonenumber's for the text as written. */
    @Test
    void separatorsGiveExactlyWhatLibphonenumberGivesForTheTextAsWritten() {
        com.google.i18n.phonenumbers.PhoneNumberUtil util = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
        java.util.Random random = new java.util.Random(7);
        String separators = " ().-";
        int valid = 0;
        int withSeparators = 0;
        for (String region : List.of("US", "GB", "NL", "DE", "FR", "BR", "IN", "JP")) {
            IdentifierPolicy policy = IdentifierPolicy.builder().defaultRegion(region).build();
            for (int i = 0; i < 2500; i++) {
                StringBuilder raw = new StringBuilder(random.nextInt(3) == 0 ? "+" : "");
                int digits = 4 + random.nextInt(11);
                for (int d = 0; d < digits; d++) {
                    if (d > 0 && random.nextInt(4) == 0) {
                        raw.append(separators.charAt(random.nextInt(separators.length())));
                    }
                    raw.append((char) ('0' + random.nextInt(10)));
                }
                String text = raw.toString();
                String expected;
                try {
                    com.google.i18n.phonenumbers.Phonenumber.PhoneNumber n = util.parse(text, text.startsWith("+") ? "ZZ" : region);
                    expected = util.isValidNumber(n) ? util.format(n, com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat.E164) : null;
                } catch (com.google.i18n.phonenumbers.NumberParseException e) {
                    expected = null;
                }
                Validation<Violation, Identifier> actual = policy.normalize("phonenumber", text);
                assertEquals(expected, actual.isValid() ? actual.get().value() : null, () -> text + " in " + region);
                valid += expected == null ? 0 : 1;
                withSeparators += IdentifierPolicy.plainDigits(text).equals(text) ? 0 : 1;
            }
        }
        assertTrue(valid > 1000 && withSeparators > 5000, "valid " + valid + ", with separators " + withSeparators);
        assertEquals("+14084029292", IdentifierPolicy.plainDigits("+1 (408) 402-9292"));
        assertEquals(null, IdentifierPolicy.plainDigits("408 402 9292 x12"));
        assertEquals(null, IdentifierPolicy.plainDigits("1+408"));
    }

    @Test
    void customIdentifiersAreTrimmedAndCaseSensitive() {
        assertEquals(Identifier.of("crmId", "AbC-1"), valid(NO_REGION, "crmId", "  AbC-1 "));
        assertEquals(Identifier.of("visitorid", "v-Ü"), valid(NO_REGION, "visitorid", "v-Ü"));
        assertTrue(!valid(NO_REGION, "crmId", "abc").equals(valid(NO_REGION, "crmId", "ABC")));
    }

    @Test
    void badKeysAndValuesAreInvalid() {
        assertEquals("invalid_key", invalid(NO_REGION, "crm id", "1").code());
        assertEquals("invalid_key", invalid(NO_REGION, "", "1").code());
        assertEquals("invalid_key", invalid(NO_REGION, "k".repeat(65), "1").code());
        assertEquals("invalid_key", invalid(NO_REGION, null, "1").code());
        assertEquals("missing_value", invalid(NO_REGION, "crmId", "   ").code());
        assertEquals("missing_value", invalid(NO_REGION, "crmId", null).code());
        assertEquals("control_character", invalid(NO_REGION, "crmId", "a\nb").code());
        assertEquals("too_long", invalid(NO_REGION, "crmId", "x".repeat(501)).code());
        assertEquals(Identifier.of("crmId", "x".repeat(500)), valid(NO_REGION, "crmId", "x".repeat(500)));
        assertEquals(Identifier.of("k".repeat(64), "1"), valid(NO_REGION, "k".repeat(64), "1"));
    }

    @Test
    void theKeyPriorityPutsListedKeysFirstAndKeepsCommandOrderInEachGroup() {
        IdentifierPolicy policy = IdentifierPolicy.builder().keyPriority("emailaddress", "phonenumber").build();
        Identifier crm = Identifier.of("crmId", "1");
        Identifier visitor = Identifier.of("visitorid", "v");
        Identifier e1 = email("a@x.io");
        Identifier e2 = email("b@x.io");
        Identifier p1 = phone("+31612345678");

        assertEquals(List.of(e1, e2, p1, crm, visitor), policy.order(List.of(crm, p1, e1, visitor, e2)));
        assertEquals(List.of(crm, p1, e1, visitor, e2), NO_REGION.order(List.of(crm, p1, e1, visitor, e2)));
    }

    @Test
    void aRepeatedIdentifierKeepsItsFirstPosition() {
        IdentifierPolicy policy = IdentifierPolicy.builder().keyPriority("phonenumber").build();
        UpsertCommand c = Fixtures.valid(UpsertCommand.builder()
                .identifier("crmId", "1")
                .identifier("emailaddress", "B@x.io")
                .identifier("emailaddress", "a@x.io")
                .identifier("emailaddress", " b@X.IO ")
                .identifier("phonenumber", "+31 6 12345678")
                .identifier("crmId", "1")
                .identifier("phonenumber", "+31612345678")
                .build(policy));

        assertEquals(List.of(phone("+31612345678"), Identifier.of("crmId", "1"), email("b@x.io"), email("a@x.io")), c.identifiers());
        assertEquals(Optional.of(phone("+31612345678")), c.primaryIdentifier());
    }

    @Test
    void commandsNormalizeTheirIdentifiersWithThePolicy() {
        UpsertCommand c = Fixtures.valid(UpsertCommand.builder()
                .identifier("phonenumber", "(408) 402-9292")
                .identifier("emailaddress", " Ann@Example.com")
                .build(US));
        assertEquals(List.of(phone("+14084029292"), email("ann@example.com")), c.identifiers());
    }

    @Test
    void identifierOfChecksOnlySyntax() {
        assertThrows(IllegalArgumentException.class, () -> Identifier.of("bad key", "v"));
        assertThrows(IllegalArgumentException.class, () -> Identifier.of("k", ""));
        assertTrue(email("a@x.io").isEmail());
        assertTrue(phone("+1").isPhone());
        assertTrue(Identifier.of("visitorid", "v").isVisitor());
        assertTrue(Identifier.of("secondaryEmailAddress", "v").isCustom());
        assertEquals("emailaddress:a@x.io", email("a@x.io").toString());
    }

    @Test
    void theKeyPriorityRefusesInvalidKeys() {
        assertThrows(IllegalArgumentException.class, () -> IdentifierPolicy.builder().keyPriority("email address"));
    }

    @Test
    void aBlankCharacterIsTheFullChecksForEveryCharacter() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            char ch = (char) c;
            boolean expected = Character.isWhitespace(ch) || Character.isSpaceChar(ch) || ch == '\u200B' || ch == '\uFEFF';
            org.junit.jupiter.api.Assertions.assertEquals(expected, IdentifierPolicy.isBlankCharacter(ch), "U+" + Integer.toHexString(c));
        }
    }
}
