package io.contactkit.domain.testkit;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often each interesting case occurred while a property ran, so a test can show (and assert) that
 * its generators really reach conflicts, merges, skipped identifiers and the like, instead of passing
 * vacuously. Thread-safe.
 */
public final class CaseCounts {

    private final String title;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /**
     * An empty table.
     *
     * @param title what the table counts, in its report
     */
    public CaseCounts(String title) {
        this.title = title;
    }

    /**
     * Counts one occurrence of a case.
     *
     * @param kase the case
     */
    public void count(String kase) {
        counts.computeIfAbsent(kase, k -> new LongAdder()).increment();
    }

    /**
     * Counts {@code kase} when {@code condition} holds; returns the condition.
     *
     * @param condition whether the case happened
     * @param kase the case
     * @return the condition
     */
    public boolean countIf(boolean condition, String kase) {
        if (condition) {
            count(kase);
        }
        return condition;
    }

    /**
     * How often a case occurred.
     *
     * @param kase the case
     * @return its count, 0 when never
     */
    public long get(String kase) {
        LongAdder a = counts.get(kase);
        return a == null ? 0 : a.sum();
    }

    /** {@return every case and its count, sorted by name} */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /**
     * Fails unless every named case occurred at least {@code min} times.
     *
     * @param min the fewest
     * @param cases the cases
     * @return this table
     * @throws AssertionError naming the cases below the bar, with the whole table
     */
    public CaseCounts assertAtLeast(long min, String... cases) {
        StringBuilder missing = new StringBuilder();
        for (String kase : cases) {
            if (get(kase) < min) {
                missing.append("\n  '").append(kase).append("' occurred ").append(get(kase)).append(" times");
            }
        }
        if (missing.length() > 0) {
            throw new AssertionError(title + ": the generators did not reach every interesting case at least " + min
                    + " times:" + missing + "\n" + this);
        }
        return this;
    }

    /**
     * Prints the table to standard output, where test reports keep it.
     *
     * @return this table
     */
    public CaseCounts print() {
        System.out.println(this);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[" + title + "] cases:");
        snapshot().forEach((k, v) -> s.append("\n  ").append(String.format("%-44s %7d", k, v)));
        return s.toString();
    }
}
