package io.contactkit.adapter.postgres.internal;

import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.UpsertCommand;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * What a deduplication run keeps of a live contact beside the engine, in a few small arrays: the write
 * stamp of its creation, of each attribute (a removal included), owner and language, and the numbers
 * of the run's records applied to it. The values themselves stay in the engine; {@link #state} joins
 * the two into the {@link ContactState} the store keeps, with exactly the stamps
 * {@link Decider#stateAfter} would give. Stamp 0 means never written.
 */
public final class RunContact {

    private static final String[] NO_NAMES = new String[0];
    private static final long[] NONE = new long[0];

    private final long seq;
    private String[] names = NO_NAMES;
    private long[] stamps = NONE;
    private int size;
    private long owner;
    private long language;
    private long[] records = NONE;
    private int recordCount;

    /**
     * A contact created by the stamp {@code seq}.
     *
     * @param seq the stamp of the command that created it
     */
    public RunContact(long seq) {
        this.seq = seq;
    }

    /**
     * The stamps of a stored contact.
     *
     * @param stored the contact as stored
     * @return its stamps, with no records of the run
     */
    public static RunContact of(StoredContact stored) {
        RunContact r = new RunContact(stored.seq());
        ContactState s = stored.state();
        s.attributes().forEach((name, stamp) -> r.put(name, stamp.seq()));
        r.owner = s.owner() == null ? 0 : s.owner().seq();
        r.language = s.language() == null ? 0 : s.language().seq();
        return r;
    }

    /** {@return the stamp of the command that created the contact} */
    public long seq() {
        return seq;
    }

    /**
     * Takes in a contact merged into this one: per value, the later write of the two wins, as the engine
     * resolves a merge; the records join this contact's, in order.
     *
     * @param gone the contact merged away
     */
    public void absorb(RunContact gone) {
        for (int i = 0; i < gone.size; i++) {
            int mine = indexOf(gone.names[i]);
            if (mine < 0) {
                put(gone.names[i], gone.stamps[i]);
            } else if (gone.stamps[i] > stamps[mine]) {
                stamps[mine] = gone.stamps[i];
            }
        }
        owner = Math.max(owner, gone.owner);
        language = Math.max(language, gone.language);
        if (gone.recordCount > 0) {
            long[] joined = Arrays.copyOf(records, recordCount + gone.recordCount);
            System.arraycopy(gone.records, 0, joined, recordCount, gone.recordCount);
            Arrays.sort(joined);
            records = joined;
            recordCount = joined.length;
        }
    }

    /**
     * Stamps the command's writes: each value set, each removal of a value this contact has a stamp for,
     * owner and language.
     *
     * @param command the command
     * @param stamp   its stamp
     */
    public void write(UpsertCommand command, long stamp) {
        for (Map.Entry<String, AttributeChange> e : command.attributes().entrySet()) {
            int i = indexOf(e.getKey());
            if (i >= 0) {
                stamps[i] = stamp;
            } else if (e.getValue() instanceof AttributeChange.Set) {
                put(e.getKey(), stamp);
            }
        }
        if (command.owner().isPresent()) {
            owner = stamp;
        }
        if (command.language().isPresent()) {
            language = stamp;
        }
    }

    /**
     * Adds a record of the run (records come in increasing order).
     *
     * @param record the record's number
     */
    public void addRecord(long record) {
        if (recordCount == records.length) {
            records = Arrays.copyOf(records, Math.max(2, recordCount * 2));
        }
        records[recordCount++] = record;
    }

    /** {@return the number of the run's records applied to the contact} */
    public int recordCount() {
        return recordCount;
    }

    /** {@return the run's records applied to the contact, in order, in a new array} */
    public long[] records() {
        return Arrays.copyOf(records, recordCount);
    }

    /**
     * The state the store keeps for the engine's contact: its values with these stamps, mapped to log
     * sequences, and a removal for each stamped name the contact no longer has.
     *
     * @param contact the engine's contact
     * @param seqs    maps a stamp to its log sequence
     * @return the state
     * @throws IllegalStateException when the engine holds a value this run has no stamp for
     */
    public ContactState state(Contact contact, LongUnaryOperator seqs) {
        Map<String, ContactState.Stamp> attributes = new LinkedHashMap<>();
        contact.attributes().forEach((name, value) -> {
            int i = indexOf(name);
            if (i < 0) {
                throw new IllegalStateException("the store's record of value writes disagrees with the engine for contact " + contact.id());
            }
            attributes.put(name, new ContactState.Stamp(value, seqs.applyAsLong(stamps[i])));
        });
        for (int i = 0; i < size; i++) {
            attributes.putIfAbsent(names[i], new ContactState.Stamp(null, seqs.applyAsLong(stamps[i])));
        }
        return new ContactState(contact.identifiers(), attributes, contact.lists(), contact.accounts(),
                text(contact.owner().orElse(null), owner, seqs), text(contact.language().orElse(null), language, seqs));
    }

    private static ContactState.Stamp text(String value, long stamp, LongUnaryOperator seqs) {
        return stamp == 0 ? null : new ContactState.Stamp(value == null ? null : AttributeValue.of(value), seqs.applyAsLong(stamp));
    }

    private int indexOf(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private void put(String name, long stamp) {
        if (size == names.length) {
            int grown = Math.max(4, size * 2);
            names = Arrays.copyOf(names, grown);
            stamps = Arrays.copyOf(stamps, grown);
        }
        names[size] = name;
        stamps[size++] = stamp;
    }
}
