package io.contactkit.simulator.internal.bird;

import static io.contactkit.simulator.internal.bird.BirdErrors.error;
import static io.contactkit.simulator.internal.bird.BirdErrors.invalid;

import io.contactkit.simulator.internal.PathVariables;
import io.contactkit.simulator.internal.Problems;
import io.contactkit.simulator.internal.SimResponse;
import java.util.ArrayList;
import java.util.List;

/** Bird's attribute definition endpoints: the built-in definitions, then the configured custom ones. */
final class BirdDefinitions {

    private final List<BirdDefinition> definitions;

    BirdDefinitions(List<BirdDefinition> custom) {
        List<BirdDefinition> all = new ArrayList<>(BirdDefinition.BUILT_IN);
        all.addAll(custom);
        this.definitions = List.copyOf(all);
    }

    /** {@code GET .../attribute-definitions}: token pages. */
    SimResponse list(BirdCall call, PathVariables path) {
        Problems problems = new Problems();
        int limit = BirdReader.limit(call.request(), problems);
        long from = BirdReader.position(call.request(), 'd', 0, Integer.MAX_VALUE, problems);
        if (!problems.isEmpty()) {
            return invalid(problems);
        }
        return SimResponse.of(200, BirdWriter.page(definitions, from, limit, 'd', BirdDefinition::json));
    }

    /** {@code GET .../attribute-definitions/{key}}. */
    SimResponse get(BirdCall call, PathVariables path) {
        String key = path.decoded("key");
        for (BirdDefinition d : definitions) {
            if (d.key().equals(key)) {
                return SimResponse.of(200, d.json());
            }
        }
        return error(404, "NotFound", "no attribute definition " + key, null);
    }
}
