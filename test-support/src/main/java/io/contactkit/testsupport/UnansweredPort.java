package io.contactkit.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port whose connection attempts are never answered, as a host that drops them (a firewall, a blackholed
 * address) would leave them: a listening socket that accepts nothing, its queue of waiting connections filled by this
 * class's own, so that the system drops every further attempt instead of refusing it. A client's connect times out.
 */
public final class UnansweredPort implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> filling = new ArrayList<>();

    /**
     * Opens the port and fills its queue.
     *
     * @throws IOException when the port cannot be opened, or its queue does not fill
     */
    public UnansweredPort() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        try {
            for (int i = 0; i < 64; i++) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 500);
                    filling.add(s);
                } catch (SocketTimeoutException full) {
                    s.close();
                    return;
                }
            }
            throw new IOException("the queue of port " + server.getLocalPort() + " did not fill: connection attempts are still answered");
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** {@return the port} */
    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        for (Socket s : filling) {
            s.close();
        }
        server.close();
    }
}
