package io.contactkit.adapter.bridge.internal;

import io.contactkit.domain.Violation;
import io.contactkit.ports.Warning;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A write body and what it does not do of its command: the warnings an upsert reports, and the
 * problems that stop the request (it is sent only when there are none).
 *
 * @param body the body to send
 * @param warnings what the body leaves out of the command and the result reports
 * @param problems why the body must not be sent; empty when it may be
 */
public record WritePlan(ObjectNode body, List<Warning> warnings, List<Violation> problems) {

    public WritePlan {
        warnings = List.copyOf(warnings);
        problems = List.copyOf(problems);
    }
}
