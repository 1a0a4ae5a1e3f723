package io.contactkit.cli.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic messy contact CSV: the same rows, seed and profile always give the same bytes.
 *
 * <p>Profile {@link Profile#SIMPLE} (the default): columns {@code email,phone,firstName,lastName,company}. About 70% of the rows introduce a new
 * person and 30% repeat an earlier one with part of their identifiers; e-mail addresses come in mixed
 * case and sometimes with surrounding spaces; US phone numbers come in mixed national and
 * international formats ({@code (408) 402-9292}, {@code 408.402.9292}, {@code +1 408 402 9292}, ...),
 * so they need {@code --region US}. One row in fifty carries another person's phone (a shared office
 * line), which joins two people, and one in two hundred an invalid phone. A person's data derives
 * from the seed and the person's number alone, so nothing is remembered between rows.
 *
 * <p>Profile {@link Profile#CRM}, shaped like a CRM or web-analytics export: columns
 * {@code email,phone,visitor_id,id:crm_id,firstName,lastName,city} (four identifier columns); about
 * 35% of the rows repeat an earlier person with a random part of their identifiers; US phones as
 * {@code 1-415-209-8994}, {@code (650) 352-5601}, {@code " 6503525601 "}, {@code +1 415-377-9519} and
 * more; e-mail addresses upper-case, capitalized or padded with spaces; accented names and cities;
 * one row in fifty with another person's phone; 1.5% of the rows with an invalid e-mail address or
 * phone number.
 */
public final class ContactGenerator {

    /** What the generated file looks like. */
    public enum Profile {
        /** {@code email,phone,firstName,lastName,company}. */
        SIMPLE,
        /** {@code email,phone,visitor_id,id:crm_id,firstName,lastName,city}. */
        CRM
    }

    /** The header row. */
    public static final String HEADER = "email,phone,firstName,lastName,company";
    /** The header row of {@link Profile#CRM}. */
    public static final String CRM_HEADER = "email,phone,visitor_id,id:crm_id,firstName,lastName,city";

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
    private static final String[] CRM_FIRST = {"Ann", "Zoë", "José", "Renée", "Søren", "Łukasz", "Chloé", "Björn", "Nuria",
        "Ana", "François", "Małgorzata", "Jürgen", "Inés", "Mehmet", "Siobhán", "Thomas", "Olivia", "Noah", "Ava", "Liam",
        "Emma", "Lucas", "Mia", "Ethan", "Amélie", "Dagný", "Hélène", "Matías", "Zoltán"};
    private static final String[] CRM_LAST = {"Smith", "Müller", "Gómez", "Sánchez", "Håkansson", "Wójcik", "Němec",
        "Østergaard", "Johnson", "Nguyen", "Kim", "O'Connor", "Brown", "Dupré", "Çelik", "Jónsdóttir", "García", "Lefèvre",
        "Williams", "Davis", "Martínez", "Kowalczyk", "Nowak", "Rodríguez", "Taylor", "Lee", "Walker", "Ferreira", "Weiß", "Ruiz"};
    private static final String[] CITIES = {"San José", "Montréal", "São Paulo", "Zürich", "Kraków", "Málaga", "Reykjavík",
        "Göteborg", "Québec", "New York", "Austin", "Chicago", "San Francisco", "Seattle", "Boston", "Denver", "Miami",
        "Portland", "Bogotá", "Düsseldorf"};
    private static final String[] CRM_INVALID_PHONES = {"555-0100", "(123) 456-7890", "415-209-899", "+1 415 209 89944",
        "n/a", "0", "1-800-FLOWERS x", "(415) 209-8994 ext. 12"};
    private static final String[] CRM_INVALID_EMAILS = {"@", "@@example.com", "@example..com", " at example.com",
        "(at)example.com"};

    private final long seed;
    private final Profile profile;

    public ContactGenerator(long seed) {
        this(seed, Profile.SIMPLE);
    }

    public ContactGenerator(long seed, Profile profile) {
        this.seed = seed;
        this.profile = profile;
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
        boolean crm = profile == Profile.CRM;
        try {
            out.write(crm ? CRM_HEADER : HEADER);
            out.write('\n');
            SplittableRandom random = new SplittableRandom(seed);
            long persons = 0;
            StringBuilder line = new StringBuilder(160);
            for (long r = 0; r < rows; r++) {
                boolean fresh = persons == 0 || random.nextInt(100) < (crm ? 65 : 70);
                long person = fresh ? persons++ : random.nextLong(persons);
                line.setLength(0);
                if (crm) {
                    crmRow(line, person, fresh, persons, random);
                } else {
                    row(line, person, fresh, persons, random);
                }
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

    /** A valid US number of the phone space, {@code k} in {@code [0, PHONE_SPACE)}: area code, exchange, line. */
    private static String[] nanp(long k) {
        int line = (int) (k % 10_000);
        long rest = k / 10_000;
        int exchange = EXCHANGES[(int) (rest % EXCHANGES.length)];
        int area = AREAS[(int) (rest / EXCHANGES.length)];
        return new String[] {Integer.toString(area), Integer.toString(exchange), String.format(Locale.ROOT, "%04d", line)};
    }

    private String phone(long person, SplittableRandom random) {
        String[] n = nanp(Math.floorMod(person * SCATTER + seed, PHONE_SPACE));
        String area = n[0];
        String exchange = n[1];
        String l = n[2];
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

    private void crmRow(StringBuilder line, long person, boolean fresh, long persons, SplittableRandom random) {
        SplittableRandom own = new SplittableRandom(seed * 0xC2B2AE3D27D4EB4FL + person);
        String first = CRM_FIRST[own.nextInt(CRM_FIRST.length)];
        String last = CRM_LAST[own.nextInt(CRM_LAST.length)];
        String domain = DOMAINS[own.nextInt(DOMAINS.length)];
        String city = CITIES[own.nextInt(CITIES.length)];
        long visitor = own.nextLong();
        // which identifiers the row carries: a new person most of theirs, a returning one a random part
        boolean email;
        boolean phone;
        boolean visitorId;
        boolean crmId;
        do {
            email = random.nextInt(100) < (fresh ? 80 : 55);
            phone = random.nextInt(100) < (fresh ? 70 : 50);
            visitorId = random.nextInt(100) < (fresh ? 45 : 40);
            crmId = random.nextInt(100) < (fresh ? 40 : 30);
        } while (!email && !phone && !visitorId && !crmId);
        long phoneOf = person;
        if (phone && persons > 1 && random.nextInt(50) == 0) {
            phoneOf = random.nextLong(persons);
        }
        // 1.5% of the rows: an invalid e-mail address or phone number
        int invalid = random.nextInt(1000) < 15 ? 1 + random.nextInt(2) : 0;
        String local = fold(first) + "." + fold(last) + "." + person;
        String emailValue = !email && invalid != 1 ? ""
                : invalid == 1 ? invalidEmail(local, random) : crmEmail(local, domain, random);
        String phoneValue = !phone && invalid != 2 ? ""
                : invalid == 2 ? CRM_INVALID_PHONES[random.nextInt(CRM_INVALID_PHONES.length)] : crmPhone(phoneOf, random);
        boolean named = fresh ? random.nextInt(10) < 9 : random.nextInt(10) < 6;
        cell(line, emailValue);
        line.append(',');
        cell(line, phoneValue);
        line.append(',');
        cell(line, visitorId ? "v-" + Long.toHexString(visitor & 0xFF_FFFF_FFFFL) : "");
        line.append(',');
        cell(line, crmId ? "CRM-" + (100_000 + person) : "");
        line.append(',');
        cell(line, named ? first : "");
        line.append(',');
        cell(line, named ? last : "");
        line.append(',');
        cell(line, named && random.nextInt(10) < 7 ? city : "");
    }

    private static String crmEmail(String local, String domain, SplittableRandom random) {
        String address;
        switch (random.nextInt(5)) {
            case 0:
                address = (local + "@" + domain).toUpperCase(Locale.ROOT);
                break;
            case 1:
                address = capitalize(local) + "@" + capitalize(domain);
                break;
            default:
                address = local.toLowerCase(Locale.ROOT) + "@" + domain;
                break;
        }
        switch (random.nextInt(8)) {
            case 0:
                return " " + address + " ";
            case 1:
                return "  " + address;
            default:
                return address;
        }
    }

    private static String invalidEmail(String local, SplittableRandom random) {
        return local.toLowerCase(Locale.ROOT) + CRM_INVALID_EMAILS[random.nextInt(CRM_INVALID_EMAILS.length)];
    }

    /** A name written with ASCII letters only, as an e-mail address would have it: accents dropped. */
    private static String fold(String name) {
        String decomposed = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            switch (c) {
                case 'ł' -> b.append('l');
                case 'Ł' -> b.append('L');
                case 'ø' -> b.append('o');
                case 'Ø' -> b.append('O');
                case 'ß' -> b.append("ss");
                default -> {
                    if (c < 128 && Character.isLetter(c)) {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private String crmPhone(long person, SplittableRandom random) {
        String[] n = nanp(Math.floorMod(person * SCATTER + seed * 31, PHONE_SPACE));
        String area = n[0];
        String exchange = n[1];
        String l = n[2];
        switch (random.nextInt(8)) {
            case 0:
                return "1-" + area + "-" + exchange + "-" + l;
            case 1:
                return "(" + area + ") " + exchange + "-" + l;
            case 2:
                return " " + area + exchange + l + " ";
            case 3:
                return "+1 " + area + "-" + exchange + "-" + l;
            case 4:
                return area + "." + exchange + "." + l;
            case 5:
                return "+1" + area + exchange + l;
            case 6:
                return area + " " + exchange + " " + l;
            default:
                return "" + area + exchange + l;
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
