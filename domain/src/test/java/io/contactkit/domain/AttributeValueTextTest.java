package io.contactkit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AttributeValue.Text}'s written-out equals and hashCode give what a record's generated ones give. */
class AttributeValueTextTest {

    /** A record of the same shape, with the generated methods. */
    private record Generated(String value) {
    }

    @Test
    void equalsAndHashCodeAreTheGeneratedOnes() {
        List<String> texts = List.of("", "Ann", "ann", "Zoë", "東京", "a\u0000b", "x".repeat(1000));
        for (String a : texts) {
            AttributeValue.Text ta = new AttributeValue.Text(a);
            assertEquals(new Generated(a).hashCode(), ta.hashCode(), a);
            assertEquals(ta, ta);
            assertNotEquals(ta, null);
            assertNotEquals(ta, a);
            assertNotEquals(ta, AttributeValue.of(true));
            for (String b : texts) {
                assertEquals(new Generated(a).equals(new Generated(b)), ta.equals(new AttributeValue.Text(b)), a + " / " + b);
            }
            assertEquals(ta, new AttributeValue.Text(new String(a.toCharArray())));
        }
    }
}
