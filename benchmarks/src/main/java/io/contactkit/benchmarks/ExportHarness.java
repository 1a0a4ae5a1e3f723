package io.contactkit.benchmarks;

import io.contactkit.api.ContactKit;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Streams a large listing through the facade's {@code list} from a tiny Bird-shaped paging server on
 * loopback ({@code GET /workspaces/{ws}/contacts?limit=&pageToken=}, pages generated on the fly), and
 * samples the heap after a full GC every {@code sampleEvery} pages: with a lazy, one-page-per-demand
 * listing the samples stay flat however many pages go by.
 *
 * <p>{@code ExportHarness <pages> <pageSize> <sampleEvery>}; run it with a small heap, for example
 * {@code -Xmx64m}.
 */
public final class ExportHarness {

    private ExportHarness() {
    }

    public static void main(String[] args) {
        int pages = Args.integer(args, 0, 10_000);
        int pageSize = Args.integer(args, 1, 100);
        int sampleEvery = Args.integer(args, 2, 1_000);
        Result r = run(pages, pageSize, sampleEvery, System.out::println);
        System.out.println(r.summary());
    }

    /** How many contacts arrived and the heap used after GC at each sample, in bytes. */
    public record Result(long contacts, double seconds, List<Long> heapAfterGc) {
        public String summary() {
            long min = heapAfterGc.stream().mapToLong(Long::longValue).min().orElse(0);
            long max = heapAfterGc.stream().mapToLong(Long::longValue).max().orElse(0);
            return String.format(Locale.ROOT, "contacts=%d in %.1f s (%.0f contacts/s); heap after GC over %d samples: min %.1f MiB, max %.1f MiB, max-min %.1f MiB",
                    contacts, seconds, contacts / seconds, heapAfterGc.size(), min / 1048576.0, max / 1048576.0, (max - min) / 1048576.0);
        }
    }

    public static Result run(int pages, int pageSize, int sampleEvery, java.util.function.Consumer<String> log) {
        DisposableServer server = pagingServer(pages);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<Long> samples = new ArrayList<>();
        AtomicLong count = new AtomicLong();
        long sampleContacts = (long) sampleEvery * pageSize;
        long t0 = System.nanoTime();
        try (ContactKit kit = ContactKit.builder().provider("bird")
                .settings(ProviderSettings.builder().option("baseUrl", "http://127.0.0.1:" + server.port())
                        .option("allowInsecureHttp", "true").secret("accessKey", Secret.of("benchmark-access-key")).build())
                .build()) {
            long total = kit.list(AdapterHarness.WORKSPACE, ListQuery.builder().pageSize(pageSize).build())
                    .doOnNext(c -> {
                        long n = count.incrementAndGet();
                        if (n % sampleContacts == 0) {
                            System.gc();
                            long used = memory.getHeapMemoryUsage().getUsed();
                            samples.add(used);
                            log.accept(String.format(Locale.ROOT, "page %d: %d contacts, heap after GC %.1f MiB", n / pageSize, n, used / 1048576.0));
                        }
                    })
                    .count()
                    .block();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (total != (long) pages * pageSize) {
                throw new IllegalStateException("expected " + (long) pages * pageSize + " contacts, got " + total);
            }
            return new Result(total, seconds, samples);
        } finally {
            server.disposeNow();
        }
    }

    /** Pages {@code 0 .. pages-1}; the token is the next page's number, absent on the last page. */
    static DisposableServer pagingServer(int pages) {
        return HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> {
            QueryStringDecoder q = new QueryStringDecoder(req.uri());
            int limit = Integer.parseInt(q.parameters().getOrDefault("limit", List.of("100")).get(0));
            int page = Integer.parseInt(q.parameters().getOrDefault("pageToken", List.of("0")).get(0));
            StringBuilder b = new StringBuilder(limit * 260).append("{\"results\":[");
            for (int i = 0; i < limit; i++) {
                long n = (long) page * limit + i;
                if (i > 0) {
                    b.append(',');
                }
                b.append("{\"id\":\"c").append(n).append("\",\"computedDisplayName\":\"Person ").append(n)
                        .append("\",\"createdAt\":\"2025-10-08T18:30:56.771Z\",\"updatedAt\":\"2025-10-08T18:31:00.000Z\",")
                        .append("\"featuredIdentifiers\":[{\"key\":\"emailaddress\",\"value\":\"person").append(n).append("@example.com\"}],")
                        .append("\"attributes\":{\"firstName\":\"Person\",\"lastName\":\"N").append(n).append("\"},")
                        .append("\"identifierCount\":1,\"accountIds\":[],\"listIds\":[]}");
            }
            b.append(']');
            if (page + 1 < pages) {
                b.append(",\"nextPageToken\":\"").append(page + 1).append('"');
            }
            byte[] body = b.append('}').toString().getBytes(StandardCharsets.UTF_8);
            return res.status(200).header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(body.length))
                    .sendByteArray(Mono.just(body)).then();
        }).bindNow();
    }
}
