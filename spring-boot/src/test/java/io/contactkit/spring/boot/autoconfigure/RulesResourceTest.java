package io.contactkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;

/** A rules resource that cannot be read is said to be so, not to be invalid. */
class RulesResourceTest {

    @Test
    void aResourceThatFailsWhileItIsReadIsSaidUnreadableNotInvalid() {
        Resource failing = new AbstractResource() {
            @Override
            public String getDescription() {
                return "a failing disk";
            }

            @Override
            public String getFilename() {
                return "rules.json";
            }

            @Override
            public boolean exists() {
                return true;
            }

            @Override
            public InputStream getInputStream() {
                return new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("the device went away");
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        throw new IOException("the device went away");
                    }
                };
            }
        };
        assertThatThrownBy(() -> RulesResource.read(failing, "contactkit.postgres.rules"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("contactkit.postgres.rules (a failing disk): cannot be read: the device went away");
    }

    @Test
    void aReadableResourceWithBadSyntaxIsStillSaidInvalid() {
        Resource broken = new ByteArrayResource("{\"identifiers\": ".getBytes(StandardCharsets.UTF_8), "broken rules") {
            @Override
            public String getFilename() {
                return "rules.json";
            }
        };
        assertThatThrownBy(() -> RulesResource.read(broken, "contactkit.postgres.rules"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("contactkit.postgres.rules (")
                .hasMessageContaining("not valid JSON: ");
        assertThat(RulesResource.read(new ByteArrayResource("{}".getBytes(StandardCharsets.UTF_8)), "p").keys()).isEmpty();
    }
}
