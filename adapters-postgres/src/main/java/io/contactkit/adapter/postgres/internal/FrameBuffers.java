package io.contactkit.adapter.postgres.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The byte arrays of {@code COPY} messages, used again once the connection has taken a message: the
 * driver copies each message's bytes into its own buffer and then releases the one it was given, which
 * puts the array back here. A message never released (a cancelled copy) is left to the garbage
 * collector; then the next frame gets a new array. Safe to release on any thread.
 */
public final class FrameBuffers {

    private final Queue<byte[]> free = new ConcurrentLinkedQueue<>();
    private final int capacity;

    public FrameBuffers(int capacity) {
        this.capacity = capacity;
    }

    /** Empty rows, in {@code COPY}'s binary format when asked, over a released array or a new one. */
    public CopyRows take(boolean binary) {
        byte[] array = free.poll();
        return new CopyRows(array == null ? new byte[Math.max(64, capacity)] : array, binary);
    }

    /** Gives back the array of rows taken and not sent. */
    public void giveBack(CopyRows rows) {
        free.offer(rows.array());
    }

    /** The rows written, as a buffer that gives its array back when released; the rows must not be written again. */
    public ByteBuf send(CopyRows rows) {
        return new Frame(rows.array(), rows.size(), free);
    }

    private static final class Frame extends UnpooledHeapByteBuf {
        private final Queue<byte[]> free;

        Frame(byte[] array, int size, Queue<byte[]> free) {
            super(UnpooledByteBufAllocator.DEFAULT, array, array.length);
            this.free = free;
            writerIndex(size);
        }

        @Override
        protected void freeArray(byte[] array) {
            free.offer(array);
        }
    }
}
