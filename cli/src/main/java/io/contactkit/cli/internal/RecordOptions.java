package io.contactkit.cli.internal;

import io.contactkit.domain.IdentifierPolicy;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options of every command that reads records: the input, its format, key priority and region. */
public final class RecordOptions {

    @Parameters(index = "0", paramLabel = "INPUT",
            description = "CSV file with a header row (UTF-8), or NDJSON when the name ends in .ndjson or .jsonl; - reads standard input.")
    String input;

    @Option(names = "--format", paramLabel = "csv|ndjson",
            description = "The input format, when the file name does not tell (standard input is CSV unless given).")
    RecordReader.Format format;

    @Option(names = "--priority", split = ",", paramLabel = "KEY",
            description = "Identifier keys first in this order (e.g. email,phone or emailaddress,id:crm); "
                    + "others follow in column order. Default: column order.")
    List<String> priority = new ArrayList<>();

    @Option(names = "--region", paramLabel = "CC",
            description = "Default region (ISO 3166, e.g. US) for phone numbers written without +. Default: none, so such numbers are invalid.")
    String region;

    /** The normalization policy the options describe. @throws IllegalArgumentException for an unknown region or key */
    IdentifierPolicy policy() {
        List<String> keys = new ArrayList<>();
        for (String entry : priority) {
            keys.add(Field.priorityKey(entry));
        }
        return IdentifierPolicy.builder().defaultRegion(region).keyPriority(keys).build();
    }
}
