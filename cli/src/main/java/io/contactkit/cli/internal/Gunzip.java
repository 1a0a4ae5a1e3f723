package io.contactkit.cli.internal;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An input file whose name ends in {@code .gz}, read through gzip (several members one after the other, as {@code cat a.gz
 * b.gz} makes, read as one). A file that is not gzip data ends the run at once, naming it; gzip data that is corrupt or
 * cut short ends it where the reader is, with the record being read, as any other problem of the whole input.
 */
final class Gunzip extends FilterInputStream {

    private Gunzip(InputStream in) {
        super(in);
    }

    /** The file's data, uncompressed. @throws CliFailure when it does not start as gzip data */
    static InputStream open(String name, InputStream file) {
        try {
            return new Gunzip(new GZIPInputStream(file, 1 << 16));
        } catch (ZipException | EOFException e) {
            close(file);
            throw new CliFailure(name + ": not gzip data (a name ending in .gz is read through gzip)");
        } catch (IOException e) {
            close(file);
            throw new CliFailure(name + ": cannot read the file: " + e.getMessage(), e);
        }
    }

    private static void close(InputStream file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // the failure being reported is the one that matters
        }
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (ZipException | EOFException e) {
            throw damaged(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (ZipException | EOFException e) {
            throw damaged(e);
        }
    }

    private static IOException damaged(IOException e) {
        return new IOException("the gzip data is corrupt or cut short (" + e.getMessage() + ")", e);
    }
}
