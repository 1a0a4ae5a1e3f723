/**
 * Local, stateful stand-ins for the Bird and Bridge contacts APIs: {@link io.contactkit.simulator.BirdSimulator}
 * and {@link io.contactkit.simulator.BridgeSimulator}, both a {@link io.contactkit.simulator.Simulator}. They
 * run on Reactor Netty's {@code HttpServer} in the same process, start on a free port, keep their contacts in memory only, and decide every
 * contact question with the domain engine, so that what they answer follows the same rules as the
 * rest of contactkit. {@code io.contactkit.simulator.internal} is not API.
 */
package io.contactkit.simulator;
