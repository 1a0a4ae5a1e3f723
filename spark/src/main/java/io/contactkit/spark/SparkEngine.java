package io.contactkit.spark;

import io.contactkit.cli.engine.DedupeEngine;
import io.contactkit.cli.engine.DedupeJob;
import io.contactkit.cli.engine.Lines;
import io.contactkit.cli.engine.RawRow;
import io.contactkit.domain.HubFinder;
import io.contactkit.spark.internal.Numbering;
import io.contactkit.spark.internal.PartedRead;
import io.contactkit.spark.internal.Pipeline;
import io.contactkit.spark.internal.Schemas;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code contactkit dedupe --engine spark}: with a local master a CSV file is read by the executors in
 * parts with the command-line tool's own reader ({@link PartedRead}); otherwise (standard input, NDJSON,
 * a cluster that cannot see the driver's file, or a part that does not read to its end) the records are
 * read on the driver by that reader and shipped to the executors in batches. Either way numbering and
 * every error of the input are the tool's. Then {@link SparkDedupe} deduplicates them, and the results
 * are written in order to the tool's outputs, or as part files by the executors with {@code --output-dir}.
 */
public final class SparkEngine implements DedupeEngine {

    /** The Spark setting that sizes the parts of a CSV file read on the executors, in bytes. */
    static final String PART_BYTES_OPTION = "spark.contactkit.partBytes";

    /** How long to wait for a standalone master to take a connection before telling it does not answer. */
    static final int MASTER_CONNECT_MILLIS = 10_000;

    /** Records per batch shipped from the driver: bounds the driver's memory whatever the input's size. */
    static final int BATCH = 100_000;

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public String run(DedupeJob job) {
        long t0 = System.nanoTime();
        // the context first; a CSV file read by the executors starts reading at once, while the session's own set-up
        // (its SQL state: about a third of the start) runs here
        SparkSession running = running(job.master());
        SparkConf conf = running == null ? conf(job.master()) : null;
        SparkContext context = running != null ? running.sparkContext() : context(conf);
        if (running == null && !job.verbose()) {
            context.setLogLevel("ERROR");
        }
        if (job.outputDir() != null) {
            // before anything is read: Spark would refuse an existing folder only when writing it, the contacts perhaps written
            checkOutputDir(context, job.outputDir());
        }
        long t1 = System.nanoTime();
        PartedRead.Pending pending = null;
        if (job.input() != null && job.mapping().isCsv() && context.isLocal()) {
            pending = PartedRead.start(context, job.input(), partBytes(running, context, job.input()), job.mapping(), job.rules());
        }
        SparkSession spark;
        try {
            spark = running != null ? running : session(conf, job.verbose());
        } catch (RuntimeException | Error e) {
            if (pending != null) {
                pending.cancel();
            }
            throw e;
        }
        String read = "read and ship";
        Dataset<Row> records = null;
        Numbering numbering = Numbering.NUMBERS;
        Pipeline.Counts counts = null;
        if (pending != null) {
            PartedRead.Result parted = pending.finish(spark);
            if (parted.refused() == null) {
                records = parted.records();
                numbering = parted.numbering();
                counts = parted.counts();
                read = "read and normalize (" + parted.parts() + " parts on the executors)";
            } else {
                job.err().println("spark: the input is read whole on the driver: " + parted.refused());
            }
        }
        if (records == null) {
            records = read(spark, job.records());
        }
        long t2 = System.nanoTime();
        // the contacts' and rejects' lines written while the replay runs, when the pipeline can (see Pipeline.run)
        Pipeline.Sink sink = job.outputDir() == null ? new Pipeline.Sink(job.contacts(), job.rejects()) : null;
        Pipeline.Outcome outcome = SparkDedupe.outcome(records, numbering, counts, job.mapping(), job.rules(), job.audit() != null, false, 0, sink);
        DedupeResult result = SparkDedupe.result(outcome);
        long t3 = System.nanoTime();
        if (outcome.written()) {
            // written already
        } else if (job.outputDir() != null) {
            result.contacts().select("json").write().text(job.outputDir() + "/contacts");
            result.rejects().select("json").write().text(job.outputDir() + "/rejects");
        } else if (outcome.lines() != null) {
            // the lines copied in order from the replay's blocks (no sort by Spark, no row per contact)
            try {
                outcome.lines().write(job.contacts());
                if (job.rejects() != null) {
                    outcome.lines().writeRejects(job.rejects());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            write(result.contacts(), job.contacts());
            if (job.rejects() != null) {
                write(result.rejects(), job.rejects());
            }
        }
        if (job.audit() != null) {
            write(result.audit(), job.audit());
        }
        if (job.hubs() != null) {
            writeHubs(result.hubs(), job.rules().hubs().orElseThrow().autoBlock(), job.hubs());
        }
        long t4 = System.nanoTime();
        StringBuilder times = new StringBuilder("spark: stage times: start ").append(seconds(t1 - t0))
                .append(", ").append(read).append(' ').append(seconds(t2 - t1));
        result.stageTimes().forEach((stage, d) -> times.append(", ").append(stage).append(' ').append(seconds(d.toNanos())));
        if (!outcome.written() || job.audit() != null || job.hubs() != null) {
            times.append(outcome.written() ? ", write " : ", number and write ").append(seconds(t4 - t3));
        }
        job.err().println(times);
        return result.summaryLine();
    }

    /**
     * Bytes per part of a parted read: {@value #PART_BYTES_OPTION} when set (in the running session's settings, else the
     * context's), else about eight parts per core of the context, between 1 MB and 32 MB (each part is also a task of the
     * replay of the records alone, whose engine holds the part's contacts: smaller parts, less held at once).
     */
    static long partBytes(SparkSession running, SparkContext context, String file) {
        String set = running != null ? running.conf().get(PART_BYTES_OPTION, null) : context.getConf().get(PART_BYTES_OPTION, null);
        if (set != null) {
            try {
                return Long.parseLong(set.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the Spark setting " + PART_BYTES_OPTION + " must be a whole number, not '" + set + "'", e);
            }
        }
        long size = new java.io.File(file).length();
        return Math.max(1L << 20, Math.min(32L << 20, size / (8L * context.defaultParallelism()) + 1));
    }

    /**
     * {@code --output-dir DIR} as the run can write it: {@code DIR/contacts} and {@code DIR/rejects} not there yet (Spark
     * replaces no folder, and an earlier run's parts are not to be mixed with this one's) and no file where a folder goes.
     * Otherwise an {@link IllegalArgumentException} that says which, before anything is read or written.
     */
    static void checkOutputDir(SparkContext context, String dir) {
        Path root = new Path(dir);
        try {
            FileSystem fs = root.getFileSystem(context.hadoopConfiguration());
            for (Path p = root; p != null; p = p.getParent()) {
                if (fs.exists(p)) {
                    if (!fs.getFileStatus(p).isDirectory()) {
                        throw new IllegalArgumentException("--output-dir '" + dir + "': " + (p.equals(root) ? "it" : p.toString())
                                + " is a file, not a folder: give a folder to write the contacts and rejects under");
                    }
                    break;
                }
            }
            for (String part : new String[] {"contacts", "rejects"}) {
                Path there = new Path(root, part);
                if (fs.exists(there)) {
                    throw new IllegalArgumentException("--output-dir '" + dir + "': " + there + " is there already (an earlier run's?):"
                            + " a run writes its contacts and rejects into folders of their own; give another folder, or remove "
                            + new Path(root, "contacts") + " and " + new Path(root, "rejects") + " first");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--output-dir '" + dir + "': cannot be read: " + e.getMessage(), e);
        }
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** The session already running (spark-submit, tests) when no {@code --master} is given; else null. */
    private static SparkSession running(String master) {
        scala.Option<SparkSession> running = SparkSession.getDefaultSession();
        return running.isDefined() && master == null ? running.get() : null;
    }

    /**
     * The context on these settings (the one running with them, if any). A master Spark cannot parse is the user's to fix:
     * an {@link IllegalArgumentException} that names {@code --master} and the forms Spark takes, not Spark's own failure.
     */
    static SparkContext context(SparkConf conf) {
        String unusable = unusable(conf.get("spark.master"));
        if (unusable != null) {
            throw new IllegalArgumentException("--master '" + conf.get("spark.master") + "': " + unusable);
        }
        try {
            return SparkContext.getOrCreate(conf);
        } catch (Exception e) {
            String m = e.getMessage();
            if (m != null && m.startsWith("Could not parse Master URL")) {
                throw new IllegalArgumentException("--master '" + conf.get("spark.master") + "': not a master Spark knows: use local,"
                        + " local[N] or local[*] to run on this machine, or a cluster's master URL (spark://HOST:PORT, yarn,"
                        + " k8s://https://HOST:PORT)", e);
            }
            if (e instanceof org.apache.spark.SparkThrowable t && "INVALID_DRIVER_MEMORY".equals(t.getCondition())) {
                // Spark's own words name spark-submit's --driver-memory, which the tool's launcher does not take, over two lines
                throw new IllegalArgumentException("this JVM's heap of " + megabytes(t.getMessageParameters().get("systemMemory"))
                        + " is below the " + megabytes(t.getMessageParameters().get("minSystemMemory")) + " Spark needs at least: give"
                        + " it more with CONTACTKIT_JAVA_OPTS, e.g. CONTACTKIT_JAVA_OPTS=-Xmx2g (with spark-submit: --driver-memory 2g)", e);
            }
            throw e;
        }
    }

    private static String megabytes(String bytes) {
        try {
            return (Long.parseLong(bytes) >> 20) + " MB";
        } catch (NumberFormatException e) {
            return bytes + " bytes";
        }
    }

    /**
     * Why a master Spark parses cannot run this tool's jobs, or null when it can as far as can be told here: {@code local[0]}
     * (or {@code local[0,F]}) runs no task, which Spark says with a failure of its own, and YARN and Kubernetes
     * masters need Spark's support for them on the class path, which only {@code spark-submit} brings (Spark then calls them
     * URLs it cannot parse). A standalone master ({@code spark://HOST:PORT}, or several for standby masters) must answer at
     * one of its addresses: Spark would otherwise try to register for a minute, stop the context, start another to try again
     * and fail with an error about a stopped context, its own errors and a stack trace before it.
     */
    static String unusable(String master) {
        if (master.startsWith("spark://")) {
            return unanswered(master.substring("spark://".length()));
        }
        if (master.matches("local\\[0+(,[0-9]+)?]")) {
            return "local[N] runs N tasks at once: give N of 1 or more, or local[*] for one per core";
        }
        if (master.equals("yarn") || master.startsWith("k8s://")) {
            for (org.apache.spark.scheduler.ExternalClusterManager m : java.util.ServiceLoader.load(
                    org.apache.spark.scheduler.ExternalClusterManager.class, org.apache.spark.util.Utils.getContextOrSparkClassLoader())) {
                if (m.canCreate(master)) {
                    return null;
                }
            }
            return "Spark's support for " + (master.equals("yarn") ? "YARN" : "Kubernetes") + " is not on this class path (the"
                    + " launcher brings Spark's core and SQL only): submit the tool with spark-submit --master " + master
                    + " (see the README)";
        }
        return null;
    }

    /** Why no standalone master answers at these comma-separated HOST:PORT addresses (or one is not HOST:PORT), or null when one does. */
    private static String unanswered(String addresses) {
        String why = null;
        for (String address : addresses.split(",")) {
            int colon = address.lastIndexOf(':');
            int port;
            try {
                port = colon < 1 ? -1 : Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65_535) {
                // Spark's own words for it would be an unexpected failure ("Invalid master URL")
                return "'" + address + "' is not HOST:PORT: give each master as its web page shows it (spark://HOST:7077)";
            }
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(address.substring(0, colon), port), MASTER_CONNECT_MILLIS);
                return null;
            } catch (IOException e) {
                String said = e instanceof java.net.UnknownHostException ? "unknown host"
                        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                why = (why == null ? "" : why + "; ") + address + ": " + said;
            }
        }
        return "no master answers there (" + why + "): start the master, or give its URL as its web page shows it (spark://HOST:7077)";
    }

    /** A new session's settings: {@code --master} or {@code local[*]}, and for one machine few partitions and no web UI. */
    private static SparkConf conf(String master) {
        SparkConf conf = new SparkConf();
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.app.name", "contactkit dedupe");
        if (conf.get("spark.master").startsWith("local")) {
            // one machine: a few partitions per core, not the cluster default of 200, and no web UI
            conf.setIfMissing("spark.sql.shuffle.partitions", String.valueOf(4 * Runtime.getRuntime().availableProcessors()));
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        return conf;
    }

    /** A session on these settings (on the context already running with them, if any). */
    private static SparkSession session(SparkConf conf, boolean verbose) {
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        if (!verbose) {
            spark.sparkContext().setLogLevel("ERROR");
        }
        return spark;
    }

    /** The records, shipped in batches; each batch is materialized on the executors so the driver keeps none. */
    static Dataset<Row> read(SparkSession spark, Iterator<RawRow> records) {
        Dataset<Row> all = spark.createDataFrame(List.of(), Schemas.ENCODED);
        List<Row> batch = new ArrayList<>(BATCH);
        while (records.hasNext()) {
            RawRow r = records.next();
            batch.add(Schemas.encoded(r.number(), r.cells(), r.json()));
            if (batch.size() == BATCH || !records.hasNext()) {
                all = all.union(spark.createDataFrame(batch, Schemas.ENCODED).localCheckpoint(true));
                batch = new ArrayList<>(BATCH);
            }
        }
        return all;
    }

    private static void writeHubs(List<HubFinder.Hub> hubs, boolean blocked, OutputStream out) {
        Lines lines = new Lines();
        try {
            for (HubFinder.Hub h : hubs) {
                out.write(lines.hub(h, blocked).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Dataset<Row> lines, OutputStream out) {
        Iterator<Row> it = lines.select("json").toLocalIterator();
        try {
            while (it.hasNext()) {
                out.write(it.next().getString(0).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
