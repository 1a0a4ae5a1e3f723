/**
 * The provider compatibility kit: {@link io.contactkit.tck.ProviderContractTest}, the contract every
 * {@code ContactProvider} passes, and {@link io.contactkit.tck.ContractSubject}, what a provider's
 * test gives it. Extend the test class in your adapter's test sources.
 */
package io.contactkit.tck;
