package io.contactkit.api;

import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;

/** Builds valid commands for tests. */
final class Commands {

    private Commands() {
    }

    static UpsertCommand email(String address) {
        return UpsertCommand.builder().identifier("emailaddress", address).build(IdentifierPolicy.defaults()).get();
    }

    static UpsertCommand email(String address, String firstName) {
        return UpsertCommand.builder().identifier("emailaddress", address).set("firstName", firstName)
                .build(IdentifierPolicy.defaults()).get();
    }

    static UpsertCommand emailAndPhone(String address, String phone) {
        return UpsertCommand.builder().identifier("emailaddress", address).identifier("phonenumber", phone)
                .build(IdentifierPolicy.defaults()).get();
    }

    static UpsertCommand withStrategy(UpsertCommand command, Strategy strategy) {
        return command.withStrategy(strategy);
    }
}
