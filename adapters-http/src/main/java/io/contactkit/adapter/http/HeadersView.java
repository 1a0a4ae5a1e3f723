package io.contactkit.adapter.http;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A response's headers as the read-only map {@link HttpResponse} holds (lower-cased names to values),
 * read straight from Netty's headers: a lookup by name costs no copy, only iterating builds the map.
 */
final class HeadersView extends AbstractMap<String, List<String>> {

    private final HttpHeaders headers;
    private Map<String, List<String>> copy;

    HeadersView(HttpHeaders headers) {
        this.headers = headers;
    }

    @Override
    public List<String> get(Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        List<String> values = headers.getAll(name);
        return values.isEmpty() ? null : List.copyOf(values);
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && headers.contains(name);
    }

    @Override
    public Set<Entry<String, List<String>>> entrySet() {
        if (copy == null) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : headers) {
                out.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e.getValue());
            }
            out.replaceAll((k, v) -> List.copyOf(v));
            copy = Map.copyOf(out);
        }
        return copy.entrySet();
    }
}
