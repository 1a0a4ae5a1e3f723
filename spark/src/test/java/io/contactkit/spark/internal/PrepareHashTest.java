package io.contactkit.spark.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.contactkit.domain.Identifier;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrepareHashTest {

    @Test
    void equalIdentifiersHashAlikeAndDistinctOnesApart() {
        assertEquals(Prepare.hash(new Identifier("email", "ann@example.com")), Prepare.hash(new Identifier("email", "ann@example.com")));
        // the key counts, and where the key ends: a value moved into the key is another identifier
        assertNotEquals(Prepare.hash(new Identifier("email", "ann@example.com")), Prepare.hash(new Identifier("emailaddress", "ann@example.com")));
        assertNotEquals(Prepare.hash(new Identifier("id-a", "b1")), Prepare.hash(new Identifier("id-ab", "1")));
        Map<Long, Identifier> seen = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            for (Identifier id : new Identifier[] {new Identifier("email", "u" + i + "@example.com"),
                    new Identifier("phone", "+1555" + i), new Identifier("id-crm", "ß" + i + "€")}) {
                Identifier before = seen.put(Prepare.hash(id), id);
                assertEquals(null, before, () -> id + " hashes as " + before + " does");
            }
        }
    }
}
