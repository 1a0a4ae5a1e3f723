package io.contactkit.cli.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic messy contact CSV: the same rows and seed always give the same bytes.
 *
 * <p>Columns {@code email,phone,firstName,lastName,company}. About 70% of the rows introduce a new
 * person and 30% repeat an earlier one with part of their identifiers; e-mail addresses come in mixed
 * case and sometimes with surrounding spaces; US phone numbers come in mixed national and
 * international formats ({@code (408) 402-9292}, {@code 408.402.9292}, {@code +1 408 402 9292}, ...),
 * so they need {@code --region US}. One row in fifty carries another person's phone (a shared office
 * line), which joins two people, and one in two hundred an invalid phone. A person's data derives
 * from the seed and the person's number alone, so nothing is remembered between rows.
 */
public final class ContactGenerator {

    /** The header row. */
    public static final String HEADER = "email,phone,firstName,lastName,company";

    private static final String[] FIRST = {"Ann", "Bob", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "José",
        "Karin", "Liam", "Maria", "Noah", "Olga", "Pavel", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wen", "Xavier",
        "Yara", "Zoë", "Amir", "Beatriz", "Chen", "Dmitri", "Emma", "Fatima", "Gustav", "Hannah", "Ivan", "Julia", "Kofi",
        "Lena", "Mateo", "Nadia", "Oscar", "Priya", "Rafael", "Sofia", "Tom", "Ulla", "Vera", "William", "Yusuf", "Zara"};
    private static final String[] LAST = {"Lee", "Smith", "Garcia", "Müller", "Nguyen", "Kim", "Rossi", "Johnson", "Silva",
        "Kowalski", "Brown", "Martin", "Novak", "Tanaka", "Okafor", "Haddad", "Jensen", "Dubois", "Costa", "Ivanova",
        "Lopez", "Wilson", "Schmidt", "Chen", "Patel", "Andersen", "O'Brien", "Moreau", "Svensson", "Yilmaz"};
    private static final String[] DOMAINS = {"example.com", "example.org", "mail.example.net", "corp.example.io"};
    private static final String[] COMPANIES = {"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries",
        "Wayne Enterprises", "Vandelay Industries", "Soylent", "Tyrell"};
    private static final int[] AREAS = {201, 202, 206, 212, 213, 303, 305, 312, 404, 408, 415, 503, 512, 602, 617, 646,
        702, 713, 718, 805};
    private static final int[] EXCHANGES = exchanges();
    private static final long PHONE_SPACE = (long) AREAS.length * EXCHANGES.length * 10_000L;
    /** A prime that does not divide {@link #PHONE_SPACE}: multiplying by it is a bijection of the phone space. */
    private static final long SCATTER = 1_000_003L;
    private static final String[] INVALID_PHONES = {"(408) 402-92", "(123) 456-7890", "555-0100", "+1 408 402 92929", "n/a"};

    private final long seed;

    public ContactGenerator(long seed) {
        this.seed = seed;
    }

    private static int[] exchanges() {
        List<Integer> out = new ArrayList<>();
        for (int e = 200; e <= 999; e++) {
            boolean n11 = e % 100 == 11;
            if (!n11 && e != 555 && e != 950 && e != 958 && e != 959 && e != 976) {
                out.add(e);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Writes the header and {@code rows} rows. */
    public void write(Writer out, long rows) {
        try {
            out.write(HEADER);
            out.write('\n');
            SplittableRandom random = new SplittableRandom(seed);
            long persons = 0;
            StringBuilder line = new StringBuilder(128);
            for (long r = 0; r < rows; r++) {
                boolean fresh = persons == 0 || random.nextInt(100) < 70;
                long person = fresh ? persons++ : random.nextLong(persons);
                line.setLength(0);
                row(line, person, fresh, persons, random);
                line.append('\n');
                out.append(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void row(StringBuilder line, long person, boolean fresh, long persons, SplittableRandom random) {
        SplittableRandom own = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + person);
        String first = FIRST[own.nextInt(FIRST.length)];
        String last = LAST[own.nextInt(LAST.length)];
        String domain = DOMAINS[own.nextInt(DOMAINS.length)];
        String company = own.nextInt(2) == 0 ? COMPANIES[own.nextInt(COMPANIES.length)] : "";
        int pick = random.nextInt(100);
        boolean email;
        boolean phone;
        if (fresh) {
            email = pick < 88;
            phone = pick < 75 || pick >= 88;
            if (pick >= 99) {
                email = false;
                phone = false;
            }
        } else {
            email = pick < 65;
            phone = pick >= 40;
        }
        boolean named = fresh || random.nextInt(10) < 7;
        long phoneOf = person;
        if (phone && persons > 1 && random.nextInt(50) == 0) {
            phoneOf = random.nextLong(persons);
        }
        boolean invalidPhone = phone && random.nextInt(200) == 0;
        cell(line, email ? email(first, last, person, domain, random) : "");
        line.append(',');
        cell(line, !phone ? "" : invalidPhone ? INVALID_PHONES[random.nextInt(INVALID_PHONES.length)] : phone(phoneOf, random));
        line.append(',');
        cell(line, named ? first : "");
        line.append(',');
        cell(line, named ? last : "");
        line.append(',');
        cell(line, named ? company : "");
    }

    private static String email(String first, String last, long person, String domain, SplittableRandom random) {
        String local = ascii(first) + "." + ascii(last) + "." + person;
        String address;
        switch (random.nextInt(4)) {
            case 0:
                address = local.toUpperCase(Locale.ROOT) + "@" + domain.toUpperCase(Locale.ROOT);
                break;
            case 1:
                address = capitalize(local) + "@" + capitalize(domain);
                break;
            default:
                address = local.toLowerCase(Locale.ROOT) + "@" + domain;
                break;
        }
        return random.nextInt(10) == 0 ? "  " + address + " " : address;
    }

    private static String ascii(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            switch (c) {
                case 'é' -> b.append('e');
                case 'ë' -> b.append('e');
                case 'ü' -> b.append("ue");
                case '\'' -> {
                }
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String capitalize(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            b.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = c == '.';
        }
        return b.toString();
    }

    private String phone(long person, SplittableRandom random) {
        long k = Math.floorMod(person * SCATTER + seed, PHONE_SPACE);
        int line = (int) (k % 10_000);
        long rest = k / 10_000;
        int exchange = EXCHANGES[(int) (rest % EXCHANGES.length)];
        int area = AREAS[(int) (rest / EXCHANGES.length)];
        String l = String.format(Locale.ROOT, "%04d", line);
        switch (random.nextInt(7)) {
            case 0:
                return "(" + area + ") " + exchange + "-" + l;
            case 1:
                return area + "." + exchange + "." + l;
            case 2:
                return "+1 " + area + " " + exchange + " " + l;
            case 3:
                return area + "-" + exchange + "-" + l;
            case 4:
                return "" + area + exchange + l;
            case 5:
                return "+1-" + area + "-" + exchange + "-" + l;
            default:
                return "1 (" + area + ") " + exchange + "-" + l;
        }
    }

    /** Appends a cell, quoted when it holds a separator, a quote, a line break or surrounding spaces. */
    private static void cell(StringBuilder line, String value) {
        boolean quote = !value.isEmpty() && (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' '
                || value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0);
        if (!quote) {
            line.append(value);
            return;
        }
        line.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        line.append('"');
    }
}
