package io.contactkit.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.ports.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpSettingsTest {

    @Test
    void httpsUnlessLoopbackOrAllowed() {
        assertEquals("https://api.example.com", HttpSettings.builder("https://api.example.com/").build().base());
        assertThrows(IllegalArgumentException.class, () -> HttpSettings.builder("http://api.example.com").build());
        HttpSettings.builder("http://127.0.0.1:8080").build();
        HttpSettings.builder("http://localhost:8080").build();
        HttpSettings.builder("http://[::1]:8080").build();
        HttpSettings.builder("http://api.example.com").allowInsecureHttp(true).build();
    }

    @Test
    void loopbackHosts() {
        assertTrue(HttpSettings.isLoopback("127.0.0.1"));
        assertTrue(HttpSettings.isLoopback("127.255.0.9"));
        assertTrue(HttpSettings.isLoopback("[::1]"));
        assertFalse(HttpSettings.isLoopback("127.0.0.1.evil.com"));
        assertFalse(HttpSettings.isLoopback("128.0.0.1"));
        assertFalse(HttpSettings.isLoopback(null));
    }

    @Test
    void badUrlsAndValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> HttpSettings.builder("ftp://x").build());
        assertThrows(IllegalArgumentException.class, () -> HttpSettings.builder("https://user:pw@x").build());
        assertThrows(IllegalArgumentException.class, () -> HttpSettings.builder("https://x?a=b").build());
        assertThrows(IllegalArgumentException.class, () -> HttpSettings.builder(" ").build());
        assertThat(assertThrows(IllegalArgumentException.class, () -> HttpSettings.builder("http://127.0.0.1:99999").build()))
                .hasMessageContaining("port").hasMessageContaining("1-65535");
        assertThrows(IllegalArgumentException.class, () -> HttpSettings.builder("https://x:0/v1").build());
        assertEquals(65535, HttpSettings.builder("https://x:65535").build().baseUrl().getPort());
        assertThrows(IllegalArgumentException.class, () -> HttpSettings.builder("https://x").connectTimeout(Duration.ofSeconds(-1)).build());
        assertThrows(IllegalArgumentException.class, () -> HttpSettings.builder("https://x").maxResponseBytes(10).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpSettings.builder("https://x").responseTimeout(null).build());
        assertTrue(e.getMessage().contains("responseTimeout"));
    }

    /** A base URL may carry a password or key; no part that can hold one is repeated in the message, which still says what is wrong. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            https://user:S3CRET#PW@api.bird.com          | host
            https://user:S3CRET PW@api.bird.com          | not a valid URL
            https://user:S3CRET@my_host.example/         | user name or password
            https://user:S3CRET@api.bird.com             | user name or password
            https://S3CRET@api.bird.com/v1               | user name or password
            http://user:S3CRET@127.0.0.1:8080            | user name or password
            ftp://user:S3CRET@host                       | https://
            ftp://host/?key=S3CRET                       | https://
            https://api.bird.com/?key=S3CRETKEY          | query
            https://api.bird.com?key=S3CRET              | query
            https://api.bird.com/v1#S3CRET               | fragment
            https://api.bird.com#token=S3CRET            | fragment
            https://user:S3CRET@                         | user name or password
            https://user:S3CRET%zz@api.bird.com          | not a valid URL
            https://user:S3CRET@[::1                     | not a valid URL
            https://api.bird.com/?key=S3CRET%            | not a valid URL
            https:user:S3CRET@api.bird.com               | https://
            user:S3CRET@api.bird.com                     | https://
            //user:S3CRET@api.bird.com                   | https://
            https://user:S3CRET@api.bird.com:99999999999 | user name or password
            https:///S3CRET                              | host
            https://api.bird.com:S3CRET/                 | host
            S3CRET                                       | https://
            """)
    void aBadBaseUrlIsExplainedWithoutRepeatingAnyPartThatCanHoldASecret(String url, String explanation) {
        assertThatThrownBy(() -> HttpSettings.builder(url).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).startsWith("baseUrl ").contains(explanation).doesNotContain("S3CRET"));
        assertThatThrownBy(() -> HttpSettings.builder("https://api.example.com").baseUrl(url).allowInsecureHttp(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("S3CRET"));
    }

    @Test
    void aPlainHttpHostIsNamedOnlyOnceTheUrlIsKnownToHoldNoCredentials() {
        assertThatThrownBy(() -> HttpSettings.builder("http://api.example.com/v1").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("api.example.com").hasMessageContaining("https");
    }

    @Test
    void durationsLongerThanSevenDaysAreRefusedNamingTheMaximum() {
        Map<String, BiFunction<HttpSettings.Builder, Duration, HttpSettings.Builder>> durations = Map.of(
                "connectTimeout", HttpSettings.Builder::connectTimeout, "responseTimeout", HttpSettings.Builder::responseTimeout,
                "callTimeout", HttpSettings.Builder::callTimeout, "attemptTimeout", HttpSettings.Builder::attemptTimeout,
                "pendingAcquireTimeout", HttpSettings.Builder::pendingAcquireTimeout, "maxIdleTime", HttpSettings.Builder::maxIdleTime,
                "maxLifeTime", HttpSettings.Builder::maxLifeTime, "evictionInterval", HttpSettings.Builder::evictionInterval);
        HttpSettings.Builder longest = HttpSettings.builder("https://x");
        durations.forEach((name, set) -> {
            for (Duration tooLong : new Duration[] {Duration.ofSeconds(Long.MAX_VALUE), HttpSettings.MAX_DURATION.plusNanos(1)}) {
                assertThatThrownBy(() -> set.apply(HttpSettings.builder("https://x"), tooLong).build())
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage(name + " must be a positive duration of at most 7 days (PT168H)");
            }
            set.apply(longest, HttpSettings.MAX_DURATION);
        });
        HttpSettings s = longest.retry(RetryPolicy.backoff(1, HttpSettings.MAX_DURATION).withMaxRetryAfter(HttpSettings.MAX_DURATION)).build();
        assertEquals(Duration.ofDays(7), s.callTimeout());
        assertEquals(Duration.ofDays(7), s.maxLifeTime());
        assertThatThrownBy(() -> HttpSettings.builder("https://x").retry(RetryPolicy.backoff(1, Duration.ofSeconds(Long.MAX_VALUE))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 7 days");
        assertThatThrownBy(() -> HttpSettings.builder("https://x")
                .retry(RetryPolicy.backoff(1, Duration.ofSeconds(1)).withMaxRetryAfter(Duration.ofDays(8))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetryAfter");
    }

    @Test
    void retryBackoffGrowsAndIsCapped() {
        RetryPolicy r = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(350), 0, Duration.ofSeconds(1));
        assertEquals(Duration.ofMillis(100), r.backoffBefore(1));
        assertEquals(Duration.ofMillis(200), r.backoffBefore(2));
        assertEquals(Duration.ofMillis(350), r.backoffBefore(3));
        assertEquals(Duration.ofMillis(350), r.backoffBefore(40));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(5), 0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(50), 2, Duration.ZERO));
    }

    @Test
    void observabilityAndTransportChoicesDefaultToNoneAndAreChecked() {
        HttpSettings d = HttpSettings.builder("https://x").build();
        assertEquals(io.micrometer.observation.ObservationRegistry.NOOP, d.observationRegistry());
        assertEquals(HttpSettings.USER_AGENT, d.userAgent());
        assertEquals("contactkit/0.1 acme/2 (ops@acme.example)", HttpSettings.builder("https://x").userAgentSuffix("acme/2 (ops@acme.example)")
                .build().userAgent());
        assertThrows(IllegalArgumentException.class, () -> HttpSettings.builder("https://x").userAgentSuffix("a\r\nX-Injected: 1").build());
        assertThrows(IllegalArgumentException.class, () -> HttpSettings.builder("https://x").userAgentSuffix(" ").build());
        assertThrows(IllegalArgumentException.class, () -> HttpSettings.builder("https://x").userAgentSuffix("x".repeat(201)).build());
        reactor.netty.resources.ConnectionProvider pool = reactor.netty.resources.ConnectionProvider.create("settings-test", 1);
        try {
            IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> HttpSettings.builder("https://x")
                    .connectionProvider(pool).httpClient(reactor.netty.http.client.HttpClient.create()).build());
            assertTrue(both.getMessage().contains("either"));
        } finally {
            pool.dispose();
        }
    }

    @Test
    void pathTemplatesPreferLiteralsAndKeepOnlyWorkspaceAndContactIds() {
        PathTemplates t = PathTemplates.of("/w/{workspaceId}/c/{contactId}", "/w/{workspaceId}/c/search",
                "/w/{workspaceId}/c/identifiers/{identifierKey}/{identifierValue}");
        assertEquals(new PathTemplates.Route("/w/{workspaceId}/c/{contactId}", "ws", "c%2F1"), t.match("/w/ws/c/c%2F1"));
        assertEquals(new PathTemplates.Route("/w/{workspaceId}/c/search", "ws", null), t.match("/w/ws/c/search"));
        assertEquals(new PathTemplates.Route("/w/{workspaceId}/c/identifiers/{identifierKey}/{identifierValue}", "ws", null),
                t.match("/w/ws/c/identifiers/emailaddress/a@b.example"));
        assertEquals(PathTemplates.UNMATCHED, t.match("/w/ws/c/1/2").template());
        assertEquals(PathTemplates.UNMATCHED, t.match("/w//c/x").template());
        assertEquals(PathTemplates.UNMATCHED, PathTemplates.NONE.match("/w/ws").template());
        assertThrows(IllegalArgumentException.class, () -> PathTemplates.of("w/{workspaceId}"));
    }
}
