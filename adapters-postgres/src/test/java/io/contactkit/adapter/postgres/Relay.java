package io.contactkit.adapter.postgres;

import io.contactkit.ports.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay between the store and PostgreSQL that can lose the link at a chosen point of the
 * conversation: when the client is about to send a given text (a statement), the relay either closes
 * both sides ({@link Cut#CLOSE}: the client sees the connection end, the server rolls back) or stops
 * forwarding in both directions without closing anything ({@link Cut#SILENCE}: a network partition,
 * where neither side hears from the other again). The text is not forwarded.
 */
final class Relay implements AutoCloseable {

    enum Cut { CLOSE, SILENCE }

    private final ServerSocket server;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final java.util.Set<Socket> clients = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final CountDownLatch tripped = new CountDownLatch(1);
    private volatile byte[] marker;
    private volatile Cut cut;
    private volatile boolean silent;

    Relay(int target) {
        this.target = target;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Settings reaching the server of {@code direct} through this relay: its schema and statement timeout. */
    PostgresSettings.Builder settings(PostgresSettings direct) {
        return PostgresSettings.url(Secret.of(TestDatabase.url().replace(":" + direct.port() + "/", ":" + port() + "/")))
                .schema(direct.schema()).statementTimeout(direct.statementTimeout());
    }

    /** {@return how many connections through the relay the client has not closed} */
    int clientLinks() {
        return clients.size();
    }

    /** Loses the link the next time a client sends this text. */
    void cutWhenClientSends(String text, Cut how) {
        cut = how;
        marker = text.getBytes(StandardCharsets.UTF_8);
    }

    /** Silences the link now, as {@link Cut#SILENCE} does when its text is sent. */
    synchronized void silence() {
        marker = null;
        silent = true;
        tripped.countDown();
    }

    /**
     * Ends the partition: the links silenced so far are closed (as their peers would find once the network
     * is back), and links opened from now on carry everything again.
     */
    synchronized void heal() {
        List<Socket> old = List.copyOf(sockets);
        sockets.removeAll(old);
        old.forEach(Relay::closeQuietly);
        silent = false;
    }

    /** Waits until the link was lost. */
    boolean awaitCut(long seconds) throws InterruptedException {
        return tripped.await(seconds, TimeUnit.SECONDS);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                clients.add(client);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            // the tail of the previous read, so a text split across two reads is still found
            byte[] window = new byte[0];
            // the streams are not closed here: closing one closes its socket, and a silenced link closes nothing (a partition
            // hides the far side's close too)
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    byte[] m = marker;
                    if (fromClient && m != null && !silent) {
                        byte[] seen = new byte[window.length + n];
                        System.arraycopy(window, 0, seen, 0, window.length);
                        System.arraycopy(buffer, 0, seen, window.length, n);
                        if (indexOf(seen, m) >= 0) {
                            trip();
                            if (cut == Cut.CLOSE) {
                                return;
                            }
                        }
                        int keep = Math.min(seen.length, m.length - 1);
                        window = java.util.Arrays.copyOfRange(seen, seen.length - keep, seen.length);
                    }
                    if (silent) {
                        continue;   // read and dropped: nothing reaches the other side any more
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away: the other follows
            } finally {
                if (fromClient) {
                    clients.remove(from);   // the client closed (or the relay did)
                }
                if (!silent) {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void trip() {
        if (tripped.getCount() == 0) {
            return;
        }
        marker = null;
        // counted down before the sockets close: the client fails as soon as they do, and a test asking at once whether
        // the link was lost must already hear yes (it once heard no, the pump thread not yet past the close)
        tripped.countDown();
        if (cut == Cut.SILENCE) {
            silent = true;
        } else {
            sockets.forEach(Relay::closeQuietly);
        }
    }

    private static int indexOf(byte[] data, byte[] m) {
        outer:
        for (int i = 0; i <= data.length - m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                if (data[i + j] != m[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Closes every link, the silenced ones too (the server then rolls their transactions back). */
    @Override
    public void close() {
        silent = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        sockets.forEach(Relay::closeQuietly);
    }
}
