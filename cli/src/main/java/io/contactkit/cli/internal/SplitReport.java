package io.contactkit.cli.internal;

import io.contactkit.domain.Identifier;
import io.contactkit.domain.ReplayableBook;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the counts of a split's summary stand for, said on standard error before it: each command the new rules reject, with
 * why (its changes are in no resulting contact), and the identifiers left with contacts outside the split. At most
 * {@value #SHOWN} of each are named, then how many more.
 */
final class SplitReport {

    static final int SHOWN = 10;

    private SplitReport() {
    }

    /**
     * @param named a rejected command in words, e.g. "record 17 (of contact c1)"
     */
    static void tell(Io io, ReplayableBook.SplitResult result, Function<ReplayableBook.Entry, String> named) {
        List<ReplayableBook.Rejected> rejected = result.rejected();
        for (ReplayableBook.Rejected r : rejected.subList(0, Math.min(SHOWN, rejected.size()))) {
            io.err().println("contactkit: " + named.apply(r.entry()) + " is rejected under the new rules (" + r.failure().code() + "): "
                    + Field.abbreviate(r.failure().message(), 400));
        }
        if (rejected.size() > SHOWN) {
            io.err().println("contactkit: and " + (rejected.size() - SHOWN) + " more commands rejected under the new rules");
        }
        List<Identifier> dropped = result.dropped();
        if (!dropped.isEmpty()) {
            String shown = dropped.subList(0, Math.min(SHOWN, dropped.size())).stream()
                    .map(i -> Field.abbreviate(i.toString())).collect(Collectors.joining(", "));
            io.err().println("contactkit: " + (dropped.size() == 1 ? "1 identifier stays" : dropped.size() + " identifiers stay")
                    + " with the contacts outside the split that hold " + (dropped.size() == 1 ? "it" : "them") + ": " + shown
                    + (dropped.size() > SHOWN ? ", and " + (dropped.size() - SHOWN) + " more" : ""));
        }
    }
}
