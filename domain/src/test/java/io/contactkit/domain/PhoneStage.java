package io.contactkit.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The phone levers of the end-to-end dedupe benchmark, one at a time, on the phone column (the second)
 * of a generated CSV, default region US: libphonenumber's full way through the shared instance (one
 * and two threads), the full way through one instance per thread, the default region's shortcut
 * (falling back to the full way), and {@link IdentifierPolicy#normalize} as the command line calls it.
 * Prints the thread CPU time per phone of each, pass after pass (the first passes include compiling).
 *
 * <pre>{@code java -cp domain/target/test-classes:domain/target/classes:<libphonenumber and vavr jars> io.contactkit.domain.PhoneStage big.csv 3}</pre>
 */
public final class PhoneStage {

    private PhoneStage() {
    }

    public static void main(String[] args) throws Exception {
        List<String> phones = phones(Path.of(args[0]));
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.println("phones " + phones.size());
        PhoneNumberUtil shared = PhoneNumberUtil.getInstance();
        PhoneShortcut shortcut = PhoneShortcut.forRegion("US");
        IdentifierPolicy policy = IdentifierPolicy.builder().defaultRegion("US").build();
        for (int pass = 1; pass <= passes; pass++) {
            System.out.println("pass " + pass);
            run("full way, shared instance", phones, 1, v -> full(shared, v));
            run("full way, shared instance", phones, 2, v -> full(shared, v));
            run("full way, one instance per thread", phones, 2, v -> full(Phones.util(), v));
            run("shortcut, else the full way", phones, 2, v -> {
                String digits = IdentifierPolicy.plainDigits(IdentifierPolicy.trim(v));
                String e164 = digits == null ? null : shortcut.e164(digits);
                return e164 != null ? e164 : full(Phones.util(), v);
            });
            run("IdentifierPolicy.normalize", phones, 2, v -> policy.normalize(Identifier.PHONE, v).map(Identifier::value).getOrNull());
        }
    }

    /** The second cell of every row after the header that has one (a naive split: generated files quote only padded cells). */
    private static List<String> phones(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        try (var lines = Files.lines(csv)) {
            lines.skip(1).forEach(line -> {
                String[] cells = line.split(",", -1);
                if (cells.length > 1 && !cells[1].isEmpty()) {
                    out.add(cells[1].replace("\"", ""));
                }
            });
        }
        return out;
    }

    /** Normalization as it was before the shortcut: parse the bare digits, check, format. */
    private static String full(PhoneNumberUtil util, String raw) {
        String text = IdentifierPolicy.trim(raw);
        String digits = IdentifierPolicy.plainDigits(text);
        try {
            PhoneNumber n = util.parse(digits != null ? digits : text, text.startsWith("+") ? "ZZ" : "US");
            boolean valid = !n.hasExtension()
                    && ((n.getCountryCode() == 1 && util.isValidNumberForRegion(n, "US")) || util.isValidNumber(n));
            return valid ? util.format(n, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static void run(String name, List<String> phones, int threads, UnaryOperator<String> normalize) throws InterruptedException {
        AtomicLong cpu = new AtomicLong();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread thread = new Thread(() -> {
                long start = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                for (int i = first; i < phones.size(); i += threads) {
                    normalize.apply(phones.get(i));
                }
                cpu.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start);
            });
            running.add(thread);
            thread.start();
        }
        long wall = System.nanoTime();
        for (Thread thread : running) {
            thread.join();
        }
        wall = System.nanoTime() - wall;
        System.out.printf("%-36s threads=%d cpu per phone %.2f us, wall %.2f s%n", name, threads, cpu.get() / 1e3 / phones.size(), wall / 1e9);
    }
}
