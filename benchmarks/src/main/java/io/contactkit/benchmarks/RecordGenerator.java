package io.contactkit.benchmarks;

import io.contactkit.domain.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic input for the deduplication benchmarks: records of already-canonical identifiers
 * with realistic overlap. The same {@code (rows, seed)} always gives the same records.
 *
 * <p>About 60% of the records introduce a new person, the rest repeat an earlier one. Every person
 * owns five identifiers (two e-mail addresses, two US phone numbers, a CRM id); a record carries one
 * to five of them (1: 10%, 2: 25%, 3: 30%, 4: 25%, 5: 10%, so three on average), and one record in
 * twenty also carries the phone of another person (a shared household or office line), which joins
 * two people into one cluster under {@code merge} and makes the other strategies see foreign owners.
 */
public final class RecordGenerator {

    private static final String[] AREA_CODES = {"212", "415", "312", "617", "206", "303", "404", "512"};
    private static final String[] DOMAINS = {"example.com", "mail.example.org", "corp.example.net", "example.io"};
    private static final int[] SIZE_WEIGHTS = {10, 25, 30, 25, 10};

    private RecordGenerator() {
    }

    /** {@code rows} records, each a list of one to six distinct canonical identifiers. */
    public static List<List<Identifier>> generate(int rows, long seed) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Identifier>> out = new ArrayList<>(rows);
        int persons = 0;
        int[] pool = {0, 1, 2, 3, 4};
        for (int r = 0; r < rows; r++) {
            int person = persons == 0 || random.nextInt(100) < 60 ? persons++ : random.nextInt(persons);
            int size = size(random);
            // a partial Fisher-Yates shuffle picks `size` distinct identifiers of the person in random order
            for (int i = 0; i < size; i++) {
                int j = i + random.nextInt(pool.length - i);
                int t = pool[i];
                pool[i] = pool[j];
                pool[j] = t;
            }
            List<Identifier> ids = new ArrayList<>(size + 1);
            for (int i = 0; i < size; i++) {
                ids.add(identifier(person, pool[i]));
            }
            if (persons > 1 && random.nextInt(20) == 0) {
                int other = random.nextInt(persons);
                Identifier shared = identifier(other, 1);
                if (!ids.contains(shared)) {
                    ids.add(shared);
                }
            }
            out.add(ids);
        }
        return out;
    }

    private static int size(SplittableRandom random) {
        int roll = random.nextInt(100);
        for (int i = 0; i < SIZE_WEIGHTS.length; i++) {
            roll -= SIZE_WEIGHTS[i];
            if (roll < 0) {
                return i + 1;
            }
        }
        return SIZE_WEIGHTS.length;
    }

    /** Identifier number {@code which} (0-4) of a person. */
    static Identifier identifier(int person, int which) {
        switch (which) {
            case 0:
                return Identifier.of(Identifier.EMAIL, "person" + person + "@" + DOMAINS[person & 3]);
            case 1:
                return Identifier.of(Identifier.PHONE, phone(person * 2L));
            case 2:
                return Identifier.of("crmid", "CRM-" + person);
            case 3:
                return Identifier.of(Identifier.EMAIL, "p" + person + ".alt@" + DOMAINS[(person + 1) & 3]);
            default:
                return Identifier.of(Identifier.PHONE, phone(person * 2L + 1));
        }
    }

    // E.164 US numbers: an area code, then an exchange starting 2-9 and four digits (8,000,000 per area code)
    private static String phone(long n) {
        long local = 2_000_000 + n % 8_000_000;
        return "+1" + AREA_CODES[(int) ((n / 8_000_000) % AREA_CODES.length)] + local;
    }
}
