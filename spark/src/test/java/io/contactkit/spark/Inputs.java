package io.contactkit.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Generated CSV inputs whose records share identifiers in ways that stress the component search and the replay. */
final class Inputs {

    static final String HEADER = "email,phone,id:crm,firstName,company";

    private Inputs() {
    }

    /**
     * Rows drawing e-mails, phones and CRM ids from small pools, so they collide often and in chains;
     * some phones invalid, some rows without identifiers, mixed case and spaces to normalize.
     */
    static List<String> mixed(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int pool = Math.max(4, rows / 3);
        List<String> out = new ArrayList<>(rows + 1);
        out.add(HEADER);
        for (int i = 0; i < rows; i++) {
            String email = r.nextInt(10) < 7 ? (r.nextBoolean() ? " User" : "user") + r.nextInt(pool) + "@Example.com" : "";
            String phone = switch (r.nextInt(10)) {
                case 0, 1, 2 -> "";
                case 3 -> "555-01";
                case 4 -> "+1 201 402 " + String.format("%04d", r.nextInt(pool));
                default -> "(201) 402-" + String.format("%04d", r.nextInt(pool));
            };
            String crm = r.nextInt(10) < 2 ? "crm-" + r.nextInt(pool) : "";
            String name = r.nextInt(4) == 0 ? "" : "Name" + r.nextInt(50);
            out.add(email + "," + phone + "," + crm + "," + name + ",Company" + r.nextInt(5));
        }
        return out;
    }

    /**
     * A chain: record i holds e-mail e{(i+1)/2} and CRM id k{i/2}, so record 2j shares its e-mail with
     * record 2j-1 and its CRM id with record 2j+1: one component through every record, its links met
     * in a scrambled order.
     */
    static List<String> chain(int length, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] order = new int[length];
        for (int i = 0; i < length; i++) {
            order[i] = i;
        }
        for (int i = length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<String> out = new ArrayList<>(length + 1);
        out.add("email,id:crm,firstName");
        for (int i : order) {
            out.add("e" + (i + 1) / 2 + "@example.com,k" + i / 2 + ",Name" + i);
        }
        return out;
    }

    /**
     * Everything at once, for one run per strategy: mixed rows, a tenth of them sharing one CRM id (a
     * giant component), then a chain of {@code chain} records (their own component), in one file.
     */
    static List<String> all(int rows, int chain, long seed) {
        List<String> out = new ArrayList<>(giant(rows, seed));
        for (String line : chain(chain, seed).subList(1, chain + 1)) {
            String[] c = line.split(",", -1);
            out.add(c[0] + ",,ch-" + c[1] + "," + c[2] + ",Chain");
        }
        return out;
    }

    /** Mixed rows where every tenth shares one CRM id: a component holding a tenth of the rows and all it touches. */
    static List<String> giant(int rows, long seed) {
        List<String> out = mixed(rows, seed);
        for (int i = 1; i < out.size(); i += 10) {
            String[] cells = out.get(i).split(",", -1);
            cells[2] = "crm-giant";
            out.set(i, String.join(",", cells));
        }
        return out;
    }
}
