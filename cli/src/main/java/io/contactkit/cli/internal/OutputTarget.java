package io.contactkit.cli.internal;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where a command writes: standard output, or a file that appears only when the command succeeds.
 * A file is written to a temporary file in the same folder and renamed over the target by
 * {@link #commit()}; {@link #close()} without a commit deletes the temporary file, so a failed run
 * never leaves a half-written output, and one stopped by SIGINT or SIGTERM leaves no temporary file.
 * Standard output and pipes are guarded: when their reader goes away, writing throws
 * {@link ClosedOutput}. Any other failure to write is a {@link CliFailure} naming the output as the user named it
 * ({@code <stdout>} for standard output), never the temporary file.
 */
public final class OutputTarget implements AutoCloseable {

    /** How messages name standard output. */
    private static final String STDOUT = "<stdout>";

    /** How messages name the output: its name as given, or {@value #STDOUT}. */
    private final String label;
    private final Path target;
    private final Path temp;
    private final OutputStream stream;
    private boolean committed;
    private boolean finished;

    private OutputTarget(String label, Path target, Path temp, OutputStream stream) {
        this.label = label;
        this.target = target;
        this.temp = temp;
        this.stream = stream;
    }

    /**
     * The first two of a command's outputs that name one file (or both standard output), as {@code "--a and --b"}, or null
     * when they are all different: each output replaces its file at the end, so the later would silently replace the other.
     * Pairs of option name and file name (null: not given; {@code "-"}: standard output); devices and pipes that exist
     * ({@code /dev/null}) may be named more than once, as writing to one does not replace it.
     */
    static String sameFile(String... optionsAndNames) {
        java.util.Map<Object, String> seen = new java.util.HashMap<>();
        for (int i = 0; i < optionsAndNames.length; i += 2) {
            Object key = key(optionsAndNames[i + 1]);
            if (key == null) {
                continue;
            }
            String before = seen.putIfAbsent(key, optionsAndNames[i]);
            if (before != null) {
                return before + " and " + optionsAndNames[i];
            }
        }
        return null;
    }

    /**
     * The first of a command's outputs that names a file the run reads, which the output would replace at the end (a typo such
     * as {@code -o contacts.csv contacts.csv}, or {@code -o rules.yaml} beside {@code --rules rules.yaml}), said as
     * {@code "--output names the input file"} or {@code "--output names the --rules file"}; or null.
     *
     * @param inputs  pairs of what reads a file (null for the input file, else the option, such as {@code --rules}) and its
     *                name (null: not given); the input file {@code -} is standard input, which is never replaced, and so are
     *                devices and pipes
     * @param outputs pairs of option name and file name as for {@link #sameFile}
     */
    static String namesInput(String[] inputs, String... outputs) {
        for (int i = 0; i < inputs.length; i += 2) {
            String option = inputs[i];
            String name = inputs[i + 1];
            // only the input file reads standard input for "-"; a rules file "-" is a file of that name
            Object in = name == null || option == null && name.equals("-") ? null : fileKey(name);
            if (in == null) {
                continue;
            }
            for (int j = 0; j < outputs.length; j += 2) {
                if (in.equals(key(outputs[j + 1]))) {
                    return outputs[j] + " names the " + (option == null ? "input" : option) + " file";
                }
            }
        }
        return null;
    }

    /** What tells a file apart for these checks: its real path, {@code "-"} for standard output, null for none or a device. */
    private static Object key(String name) {
        if (name == null) {
            return null;
        }
        if (name.equals("-")) {
            return "-";
        }
        return fileKey(name);
    }

    /** What tells the file of this name apart (its real path), even for {@code -}; null for a device, a pipe or a folder. */
    private static Object fileKey(String name) {
        Path p = Path.of(name).toAbsolutePath().normalize();
        try {
            if (Files.exists(p) && !Files.isRegularFile(p)) {
                return null;
            }
            // the same file under two names (a link, "." and "..") is found by its real path
            return Files.exists(p) ? p.toRealPath() : p;
        } catch (IOException e) {
            return p;
        }
    }

    /** Standard output for null or {@code -}, else a file committed on success. @throws CliFailure when the folder is not writable */
    public static OutputTarget open(String name, Io io) {
        if (name == null || name.equals("-")) {
            // not closed by us: standard output belongs to the process
            return new OutputTarget(STDOUT, null, null, new BufferedOutputStream(new FilterOutputStream(named(ClosedOutput.guard(io.out(), true), STDOUT)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            }, 1 << 16));
        }
        Path target = Path.of(name).toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new CliFailure(name + ": is a directory; give a file name to write to");
        }
        try {
            if (Files.exists(target)) {
                // write through links to the file itself, and straight into devices and pipes
                // (/dev/null, /dev/stdout, a FIFO): they cannot be replaced by a renamed file
                if (!Files.isRegularFile(target)) {
                    return new OutputTarget(name, null, null,
                            new BufferedOutputStream(named(ClosedOutput.guard(Files.newOutputStream(target), false), name), 1 << 16));
                }
                target = target.toRealPath();
            }
            Path temp = createTemp(target.getParent(), "." + target.getFileName() + ".");
            // the new, empty file opened for writing only, not truncated: on ext4, opening a file with O_TRUNC (as
            // Files.newOutputStream does by default) marks it to be flushed to the disk when closed, and the close then
            // starts the writeback of the whole output on this thread at the end of the run (about 30 ms for 200 MB)
            return new OutputTarget(name, target, temp, new BufferedOutputStream(named(Files.newOutputStream(temp, StandardOpenOption.WRITE), name), 1 << 16));
        } catch (NoSuchFileException e) {
            // a folder that is there but takes no new files (/proc, /sys/...) answers as a missing one does
            throw new CliFailure(name + ": cannot write: " + (Files.isDirectory(target.getParent())
                    ? "the folder " + target.getParent() + " takes no new files" : "the folder " + target.getParent() + " does not exist"));
        } catch (AccessDeniedException e) {
            throw new CliFailure(name + ": cannot write: permission denied");
        } catch (IOException e) {
            Path file = notAFolder(name);
            throw new CliFailure(name + ": cannot write: " + (file != null ? file + " is a file, not a folder" : why(e)), e);
        }
    }

    /** The first of the folders a name goes through that is there but is no folder (a file), as the name gives it; or null. */
    private static Path notAFolder(String name) {
        Path through = null;
        for (Path p = Path.of(name).getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                through = p;
            }
        }
        return through;
    }

    /** Why a file could not be written, without the names of the files involved (a temporary file's above all). */
    private static String why(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
        }
        return e.getMessage();
    }

    /** The failure to write to an output, naming it as {@code label}. */
    private static CliFailure cannotWrite(String label, IOException e) {
        return new CliFailure(label + ": cannot write: " + why(e), e);
    }

    /**
     * {@code out}, with every failure to write, flush or close said as a {@link CliFailure} that names the output as
     * {@code label}: the writers above it (Jackson's among them) would otherwise report it without the output's name.
     * A {@link ClosedOutput} passes as it is.
     */
    private static OutputStream named(OutputStream out, String label) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) {
                named(label, () -> out.write(b, off, len));
            }

            @Override
            public void write(int b) {
                named(label, () -> out.write(b));
            }

            @Override
            public void flush() {
                named(label, out::flush);
            }

            @Override
            public void close() {
                named(label, out::close);
            }
        };
    }

    /** A step of writing to an output. */
    private interface Step {
        void run() throws IOException;
    }

    /** Runs the step, its failure said as {@link #cannotWrite}. */
    private static void named(String label, Step step) {
        try {
            step.run();
        } catch (IOException e) {
            throw cannotWrite(label, e);
        }
    }

    /**
     * A new empty file {@code prefix} + a random number + {@code .tmp} in {@code folder}, readable and writable by its owner
     * only where the file system has POSIX permissions, as {@link Files#createTempFile} makes it. Not through that method: it
     * draws the name from a {@code SecureRandom}, whose set-up (the security providers) took 10-20 ms of the single-threaded
     * start-up of every run with an output file. The name need not be secret: the file is created only if no file (nor link)
     * has that name, and another name is drawn if one has.
     * The file is deleted at shutdown unless released ({@link TempFiles}).
     */
    private static Path createTemp(Path folder, String prefix) throws IOException {
        FileAttribute<?>[] attributes = folder.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        while (true) {
            Path temp = folder.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            // registered before it exists, so that a run that dies from the file's creation on (even of memory) leaves none
            TempFiles.register(temp);
            try {
                return Files.createFile(temp, attributes);
            } catch (FileAlreadyExistsException e) {
                TempFiles.release(temp);   // another's file: not to be deleted; drawn again
            } catch (IOException | RuntimeException e) {
                TempFiles.release(temp);
                throw e;
            }
        }
    }

    /** The stream to write to; buffered. */
    public OutputStream stream() {
        return stream;
    }

    /**
     * Whether what is written stays out of sight until {@link #commit()}: a file written to a temporary
     * file first (not standard output, a pipe or a device, which see every line as it is written).
     */
    public boolean staged() {
        return temp != null;
    }

    /**
     * Commits several outputs of one run as one: each is flushed and closed first, and only when all of them were written is
     * any file renamed into place, in the order given. A failure to write one of them (a full device, a closed pipe) thus
     * leaves none of the files in place, as a failed run must.
     *
     * @param targets the outputs, {@code null} for one the run does not write
     */
    public static void commitAll(OutputTarget... targets) {
        for (OutputTarget t : targets) {
            if (t != null) {
                t.finish();
            }
        }
        for (OutputTarget t : targets) {
            if (t != null) {
                t.commit();
            }
        }
    }

    /** Flushes and closes the stream: every byte written, nothing put in place yet ({@link #commit()} does that). */
    void finish() {
        if (finished) {
            return;
        }
        try {
            stream.close();
            finished = true;
        } catch (IOException e) {
            throw cannotWrite(label, e);
        }
    }

    /** Flushes, and for a file renames the temporary file over the target. */
    public void commit() {
        finish();
        try {
            if (temp != null) {
                keepPermissions();
                try {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                TempFiles.release(temp);
            }
            committed = true;
        } catch (IOException e) {
            throw cannotWrite(label, e);
        }
    }

    /** A replaced file keeps its permissions; a new one gets the usual rw-r--r-- (a temporary file starts private). */
    private void keepPermissions() throws IOException {
        if (!Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(temp, permissions);
    }

    /** Deletes the temporary file unless committed. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            stream.close();
        } catch (IOException | RuntimeException ignored) {
            // the run failed already (a failure to write among the ways); that failure is what gets reported
        }
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
                TempFiles.release(temp);
            } catch (IOException ignored) {
                // a leftover hidden temporary file is all that remains
            }
        }
    }
}
