package io.contactkit.adapter.postgres.internal;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A statement whose parameters are numbered as they are added, so SQL can be assembled from parts. */
public final class Statements {

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> values = new ArrayList<>();
    private final List<Class<?>> types = new ArrayList<>();

    public Statements append(String text) {
        sql.append(text);
        return this;
    }

    /** Appends a placeholder for the value: {@code $n}. */
    public Statements param(Object value, Class<?> type) {
        values.add(value);
        types.add(type);
        sql.append('$').append(values.size());
        return this;
    }

    public Statements param(String value) {
        return param(value, String.class);
    }

    public String sql() {
        return sql.toString();
    }

    private Statement bind(Connection c) {
        Statement s = c.createStatement(sql.toString());
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                s.bindNull(i, types.get(i));
            } else {
                s.bind(i, values.get(i));
            }
        }
        return s;
    }

    /** Runs the statement and maps every row. */
    public <T> Flux<T> rows(Connection c, Function<Readable, T> mapper) {
        return Flux.from(bind(c).execute()).concatMap(r -> r.map(mapper));
    }

    /** Runs the statement and discards what it returns. */
    public Mono<Void> run(Connection c) {
        return Flux.from(bind(c).execute()).concatMap(Result::getRowsUpdated).then();
    }
}
