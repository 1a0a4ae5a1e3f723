package io.contactkit.reliability;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.contactkit.adapter.bird.BirdConfig;
import io.contactkit.adapter.bird.BirdContactsClient;
import io.contactkit.adapter.bird.BirdProviderFactory;
import io.contactkit.adapter.bird.internal.AccessKeyAuthenticator;
import io.contactkit.adapter.bridge.BridgeApiGeneration;
import io.contactkit.adapter.bridge.BridgeContactsClient;
import io.contactkit.adapter.bridge.BridgeProviderFactory;
import io.contactkit.adapter.bridge.internal.BridgeAuthenticators;
import io.contactkit.adapter.bridge.internal.RequestSigner;
import io.contactkit.adapter.http.HttpRequest;
import io.contactkit.adapter.http.HttpTransport;
import io.contactkit.adapter.http.JsonSupport;
import io.contactkit.api.ContactKit;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.ports.AuthenticationException;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import io.contactkit.reliability.support.Clients;
import io.contactkit.reliability.support.Figures;
import io.contactkit.reliability.support.Secrets;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Credentials never reach a {@code toString()}, an exception message or a log line, even when the
 * provider echoes them back; no class name from a response is ever instantiated. (Every log event of
 * the whole suite, at TRACE, is searched by {@code CapturingAppender}; {@code SuiteChecksTest} asserts
 * at the end that no credential was ever seen anywhere.)
 */
@Order(5)
class SecretsAndTypingTest {

    private static final String WS = BulkSyncFaultsTest.WS;

    @Test
    void noConfigurationOrRequestObjectPrintsACredential() {
        String base = "https://api.example.com";
        Object[] objects = {
            Secret.of(Secrets.BIRD_ACCESS_KEY),
            Clients.birdConfig(base).build(),
            Clients.birdConfig(base).build().http(),
            Clients.bridgeConfig(base, BridgeApiGeneration.CONNECT).build(),
            Clients.bridgeConfig(base, BridgeApiGeneration.LEGACY).build(),
            new AccessKeyAuthenticator(Secret.of(Secrets.BIRD_ACCESS_KEY)),
            BridgeAuthenticators.apiKey(Secret.of(Secrets.BRIDGE_API_KEY)),
            new RequestSigner(Secret.of(Secrets.BRIDGE_API_KEY), Secret.of(Secrets.BRIDGE_SIGNING_SECRET), Clock.systemUTC()),
            ProviderSettings.builder().option("baseUrl", base).secret("accessKey", Secret.of(Secrets.BIRD_ACCESS_KEY))
                    .secret("signingSecret", Secret.of(Secrets.BRIDGE_SIGNING_SECRET)).build(),
            new HttpRequest("POST", "/v1/workspaces/ws/contacts", "?a=1", "{}".getBytes(StandardCharsets.UTF_8), false,
                    Map.of("X-Extra", "1"), "contacts.create"),
            ListQuery.builder().pageSize(10).pageToken("opaque-token").owner("o@example.com").build(),
            BulkSyncFaultsTest.birdCommand(1),
        };
        for (Object o : objects) {
            String text = String.valueOf(o);
            for (String secret : List.of(Secrets.BIRD_ACCESS_KEY, Secrets.BRIDGE_API_KEY, Secrets.BRIDGE_SIGNING_SECRET)) {
                assertFalse(text.contains(secret), o.getClass().getName() + " prints a credential: " + text);
            }
            Secrets.scanObject(o.getClass().getSimpleName(), o);
        }
        try (BirdContactsClient bird = Clients.bird(base);
             BridgeContactsClient legacy = Clients.bridge(base, BridgeApiGeneration.LEGACY);
             HttpTransport transport = new HttpTransport("t", Clients.birdConfig(base).build().http(),
                     new AccessKeyAuthenticator(Secret.of(Secrets.BIRD_ACCESS_KEY)), (r, s) -> null);
             ContactKit kit = ContactKit.builder().provider(bird).build();
             ContactKit discovered = ContactKit.builder().provider("bird").settings(ProviderSettings.builder().option("baseUrl", base)
                     .secret("accessKey", Secret.of(Secrets.BIRD_ACCESS_KEY)).build()).build()) {
            for (Object o : new Object[] {bird, legacy, transport, kit, discovered}) {
                Secrets.scanObject(o.getClass().getSimpleName(), o);
                assertFalse(o.toString().contains(Secrets.BIRD_ACCESS_KEY) || o.toString().contains(Secrets.BRIDGE_API_KEY));
            }
        }
        Figures.record("secrets", objects.length + 5 + " configuration, credential, request, client and facade objects printed: 0 credentials");
    }

    @Test
    void configurationErrorsNeverQuoteACredential() {
        List<Runnable> bad = List.of(
            () -> new BirdProviderFactory().create(ProviderSettings.builder().option("baseUrl", "http://example.com")
                    .secret("accessKey", Secret.of(Secrets.BIRD_ACCESS_KEY)).build()),
            () -> new BirdProviderFactory().create(ProviderSettings.builder().option("responseTimeout", Secrets.BIRD_ACCESS_KEY).build()),
            () -> new BridgeProviderFactory().create(ProviderSettings.builder().option("api", "legacy")
                    .secret("apiKey", Secret.of(Secrets.BRIDGE_API_KEY)).build()),
            () -> BirdConfig.builder().accessKey(Secret.of(Secrets.BIRD_ACCESS_KEY)).baseUrl("https://user:" + Secrets.BIRD_ACCESS_KEY + "@api.bird.com").build(),
            () -> Secret.of("   "));
        int i = 0;
        for (Runnable r : bad) {
            RuntimeException e = assertThrows(RuntimeException.class, r::run);
            Secrets.scanThrowable("configuration error " + i++, e);
        }
        // the one that names a secret as an option value quotes no value at all
        RuntimeException e = assertThrows(RuntimeException.class, bad.get(1)::run);
        assertFalse(e.getMessage().contains(Secrets.BIRD_ACCESS_KEY), e.getMessage());
        Figures.record("secrets", bad.size() + " configuration errors: 0 credentials in their messages");
    }

    /** A provider that echoes the credential it got (in an error body) must not get it into an exception message. */
    @Test
    void aCredentialEchoedByTheProviderIsRedactedFromErrors() {
        AtomicInteger requests = new AtomicInteger();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    requests.incrementAndGet();
                    String echoed = req.requestHeaders().get("Authorization") + " " + req.requestHeaders().get("x-api-key") + " "
                            + req.requestHeaders().get("X-API-Key");
                    String body = "{\"code\":\"Unauthorized\",\"message\":\"invalid credential: " + echoed + "\",\"details\":{\"key\":[\""
                            + echoed + "\"]},\"detail\":\"invalid credential: " + echoed + "\"}";
                    return req.receive().then(res.status(401).header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                            .sendString(Mono.just(body)).then());
                })
                .bindNow(Duration.ofSeconds(10));
        try (BirdContactsClient bird = Clients.bird("http://127.0.0.1:" + server.port());
             BridgeContactsClient connect = Clients.bridge("http://127.0.0.1:" + server.port(), BridgeApiGeneration.CONNECT);
             BridgeContactsClient legacy = Clients.bridge("http://127.0.0.1:" + server.port(), BridgeApiGeneration.LEGACY)) {
            List<Mono<?>> calls = List.of(bird.get(WS, "c1"), connect.get(WS, WS), legacy.delete("ws_1", "contact_1"));
            for (Mono<?> call : calls) {
                Throwable e = assertThrows(Throwable.class, () -> call.block(Duration.ofSeconds(10)));
                ProviderException typed = assertInstanceOf(AuthenticationException.class, e);
                String all = typed + " " + typed.getMessage() + " " + typed.providerCode().orElse("");
                if (typed instanceof io.contactkit.ports.ValidationException v) {
                    all += v.violations();
                }
                for (String secret : List.of(Secrets.BIRD_ACCESS_KEY, Secrets.BRIDGE_API_KEY, Secrets.BRIDGE_SIGNING_SECRET)) {
                    assertFalse(all.contains(secret), "an echoed credential reached the error: " + all);
                }
                assertTrue(typed.getMessage().contains("[redacted]"), typed.getMessage());
                Secrets.scanThrowable("echoed credential", typed);
            }
            Figures.record("secrets", "a provider echoing the credential in 401 bodies (Bird, Bridge newer and older API): redacted from all "
                    + calls.size() + " errors");
        } finally {
            server.disposeNow();
        }
    }

    /** A test-only class: were it ever created from a response, the counter would show it. */
    public static final class Gadget {
        static final AtomicInteger CREATED = new AtomicInteger();

        public Gadget() {
            CREATED.incrementAndGet();
        }

        public void setCommand(String command) {
            CREATED.incrementAndGet();
        }
    }

    @Test
    void noClassNameFromAResponseIsEverInstantiated() {
        String gadget = Gadget.class.getName();
        // default typing would read these as a Gadget and a HashMap
        Object plain = JsonSupport.mapper().readValue("[\"" + gadget + "\", {\"command\": \"touch /tmp/pwned\"}]", Object.class);
        assertInstanceOf(List.class, plain);
        Object tagged = JsonSupport.mapper().readValue("{\"@class\": \"" + gadget + "\", \"command\": \"x\"}", Object.class);
        assertInstanceOf(Map.class, tagged);
        Object wrapped = JsonSupport.mapper().readValue("{\"" + gadget + "\": {\"command\": \"x\"}}", Object.class);
        assertInstanceOf(Map.class, wrapped);

        String contact = "{\"id\":\"c1\",\"@class\":\"" + gadget + "\",\"attributes\":{\"a\":[\"" + gadget + "\",{\"command\":\"x\"}],"
                + "\"b\":{\"@class\":\"" + gadget + "\",\"command\":\"x\"},\"@type\":\"java.net.URL\"}}";
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> req.receive().then(res.status(200).header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .sendString(Mono.just(contact)).then()))
                .bindNow(Duration.ofSeconds(10));
        try (BirdContactsClient bird = Clients.bird("http://127.0.0.1:" + server.port())) {
            Contact c = bird.get(WS, "c1").block(Duration.ofSeconds(10));
            assertEquals("c1", c.id());
            assertEquals(AttributeValue.of(List.of(AttributeValue.of(gadget), new AttributeValue.Struct(Map.of("command", AttributeValue.of("x"))))),
                    c.attributes().get("a"), "a class name in a response is kept as plain text");
            assertEquals(AttributeValue.of("java.net.URL"), c.attributes().get("@type"));
        } finally {
            server.disposeNow();
        }
        assertEquals(0, Gadget.CREATED.get(), "no class named by a payload was instantiated");
        Figures.record("typing", "polymorphic payloads (wrapper array, @class property, wrapper object, in a Bird contact): 0 classes instantiated");
    }

    @Test
    void noLibraryCodeTurnsOnDefaultTypingOrClassNamedTypeInfo() {
        JavaClasses library = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.contactkit");
        assertTrue(library.size() > 100, "the library's classes were imported: " + library.size());
        noClasses().should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("enables default typing",
                        call -> call.getTarget().getName().toLowerCase(java.util.Locale.ROOT).contains("defaulttyping")))
                .because("default typing lets a payload name the class to instantiate")
                .check(library);
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("com.fasterxml.jackson.annotation.JsonTypeInfo")
                .orShould().dependOnClassesThat().haveSimpleName("PolymorphicTypeValidator")
                .because("no library type is deserialized by a class name taken from the payload")
                .check(library);
        Figures.record("typing", library.size() + " library classes checked (ArchUnit): none enables default typing or uses @JsonTypeInfo");
    }
}
