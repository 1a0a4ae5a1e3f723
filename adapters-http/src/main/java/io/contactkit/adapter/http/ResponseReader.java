package io.contactkit.adapter.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClientResponse;

/**
 * Reads a whole response body within the size cap, on success and error statuses alike, so no
 * buffer leaks and no connection is starved. A declared length over the cap fails before reading; a
 * body of declared length within the cap is aggregated into one array (the codec stops at the
 * declared length); a body without one is counted while it streams in and cut off at the cap.
 */
final class ResponseReader {

    private static final byte[] EMPTY = new byte[0];

    private final long cap;
    private final FailureClassifier failures;

    ResponseReader(HttpSettings settings, FailureClassifier failures) {
        this.cap = settings.maxResponseBytes();
        this.failures = failures;
    }

    Mono<HttpResponse> read(HttpRequest request, HttpClientResponse res, ByteBufFlux content) {
        long declared = res.responseHeaders().getInt(HttpHeaderNames.CONTENT_LENGTH, -1);
        if (declared > cap) {
            return Mono.error(failures.tooLarge(request));
        }
        int status = res.status().code();
        Map<String, List<String>> headers = new HeadersView(res.responseHeaders());
        if (declared >= 0) {
            return content.aggregate().asByteArray().defaultIfEmpty(EMPTY).map(bytes -> new HttpResponse(status, headers, bytes));
        }
        return content.asByteArray()
                .reduceWith(ByteArrayOutputStream::new, (acc, bytes) -> {
                    if (acc.size() + (long) bytes.length > cap) {
                        throw failures.tooLarge(request);
                    }
                    acc.write(bytes, 0, bytes.length);
                    return acc;
                })
                .map(acc -> new HttpResponse(status, headers, acc.toByteArray()));
    }
}
