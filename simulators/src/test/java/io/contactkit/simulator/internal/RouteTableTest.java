package io.contactkit.simulator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The route table serves a request by the most specific template with its method; 404, 405 and path checks come from the table. */
class RouteTableTest {

    private static SimRequest request(String method, String path) {
        return new SimRequest(method, path, PathCodec.segments(path), Map.of(), new DefaultHttpHeaders(), "", "");
    }

    private static SimResponse text(String text) {
        return SimResponse.of(200, Json.object().put("handler", text));
    }

    private static final RouteTable<String> TABLE = new RouteTable<String>(
            r -> SimResponse.of(404, Json.object().put("path", r.rawPath())),
            r -> SimResponse.of(405, Json.object().put("method", r.method())))
            .on("GET", "/ws/{ws}/contacts", (call, path) -> text("list " + path.decoded("ws")))
            .on("POST", "/ws/{ws}/contacts/search", (call, path) -> text("search"))
            .on("GET", "/ws/{ws}/contacts/{id}", (call, path) -> text("get " + path.decoded("id") + " " + path.raw("id")))
            .on("DELETE", "/ws/{ws}/contacts/{id}", (call, path) -> text("delete " + path.decoded("id")))
            .on("POST", "/ws/{ws}/contacts/partial", (call, path) -> text("partial"))
            .refuse("/ws/{ws}/contacts/partial")
            .check("id", raw -> raw.equals("bad") ? SimResponse.of(422, Json.object().put("id", raw)) : null);

    private static String answer(String method, String path) {
        SimResponse r = TABLE.dispatch(request(method, path), "call");
        return r.status() + " " + Json.write(r.body());
    }

    @Test
    void variablesAreMatchedRawAndDecodedOnRequest() {
        assertEquals("200 {\"handler\":\"list a b\"}", answer("GET", "/ws/a%20b/contacts"));
        assertEquals("200 {\"handler\":\"get x/y x%2Fy\"}", answer("GET", "/ws/w/contacts/x%2Fy"));
    }

    @Test
    void aLiteralSegmentBeatsAVariableForTheMethodsItServes() {
        assertEquals("200 {\"handler\":\"search\"}", answer("POST", "/ws/w/contacts/search"));
        assertEquals("200 {\"handler\":\"get search search\"}", answer("GET", "/ws/w/contacts/search"));
        assertEquals("200 {\"handler\":\"delete other\"}", answer("DELETE", "/ws/w/contacts/other"));
        assertEquals("405 {\"method\":\"PUT\"}", answer("PUT", "/ws/w/contacts/other"));
        assertEquals("405 {\"method\":\"PUT\"}", answer("PUT", "/ws/w/contacts/search"));
    }

    @Test
    void aRefusingTemplateKeepsTheMethodsItLacksFromMoreGeneralOnes() {
        assertEquals("200 {\"handler\":\"partial\"}", answer("POST", "/ws/w/contacts/partial"));
        assertEquals("405 {\"method\":\"GET\"}", answer("GET", "/ws/w/contacts/partial"));
        assertEquals("405 {\"method\":\"DELETE\"}", answer("DELETE", "/ws/w/contacts/partial"));
    }

    @Test
    void unknownPathsAre404AndChecksRunBeforeTheMethod() {
        assertEquals("404 {\"path\":\"/ws/w/contacts/a/b\"}", answer("GET", "/ws/w/contacts/a/b"));
        assertEquals("404 {\"path\":\"/ws\"}", answer("GET", "/ws"));
        assertEquals("422 {\"id\":\"bad\"}", answer("PUT", "/ws/w/contacts/bad"));
        assertEquals("422 {\"id\":\"bad\"}", answer("GET", "/ws/w/contacts/bad"));
    }

    @Test
    void prefixTemplatesTakeAnyTail() {
        PathTemplate prefix = PathTemplate.of("/ws/{ws}/*/**");
        assertNull(prefix.match(List.of("ws", "w")));
        assertEquals("w", prefix.match(List.of("ws", "w", "contacts")).raw("ws"));
        assertEquals("w", prefix.match(List.of("ws", "w", "contacts", "1", "2")).raw("ws"));
        assertThrows(IllegalArgumentException.class, () -> PathTemplate.of("/a/**/b"));
        assertThrows(IllegalArgumentException.class, () -> TABLE.on("GET", "/ws/{ws}/contacts", (call, path) -> text("twice")));
    }
}
