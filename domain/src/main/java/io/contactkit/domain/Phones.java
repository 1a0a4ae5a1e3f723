package io.contactkit.domain;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;

/**
 * One {@link PhoneNumberUtil} per thread. libphonenumber's shared instance keeps its compiled
 * patterns in a synchronized cache that every parse and validity check goes through, so threads
 * normalizing phone numbers at once queue on its lock; an instance of their own (same metadata,
 * loaded lazily per region) removes the contention without changing any answer.
 */
final class Phones {

    private static final ThreadLocal<PhoneNumberUtil> UTIL = ThreadLocal.withInitial(
            () -> PhoneNumberUtil.createInstance(DefaultMetadataDependenciesProvider.getInstance().getMetadataLoader()));

    private Phones() {
    }

    /** This thread's instance. */
    static PhoneNumberUtil util() {
        return UTIL.get();
    }
}
