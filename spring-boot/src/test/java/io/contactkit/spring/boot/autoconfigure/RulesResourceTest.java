package io.contactkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentityRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * A rules resource is read as the command line's {@code --rules} reads a rules file: its identifier keys as columns are
 * named, two keys of one identifier key refused, an empty file no rules; one that cannot be read is said to be so, not to be
 * invalid.
 */
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

    private static final String PROPERTY = "contactkit.postgres.rules";

    private static Resource file(Path dir, String name, String content) throws IOException {
        return new FileSystemResource(Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8));
    }

    @Test
    void keysWrittenAsColumnsAreNamedAreThoseIdentifierKeysInYamlAndJsonAlike(@TempDir Path dir) throws IOException {
        Resource yaml = file(dir, "rules.yaml", """
                identifiers:
                  email:
                    blocked: ["Front-Desk@Example.com"]
                  Phone Number:
                    blocked: ["+1 (415) 555-0100"]
                    maxPerContact: 2
                  id:crm_id:
                    blocked: [CRM-0]
                """);
        Resource json = file(dir, "rules.json", "{\"identifiers\": {\"E-mail\": {\"blocked\": [\"front-desk@example.com\"]},"
                + " \"phone_number\": {\"blocked\": [\"+14155550100\"], \"maxPerContact\": 2}, \"ID:crm_id\": {\"blocked\": [\"CRM-0\"]}}}");
        for (Resource file : new Resource[] {yaml, json}) {
            IdentityRules rules = RulesResource.read(file, PROPERTY);
            assertThat(rules.keys()).as(file.getFilename()).containsOnlyKeys(Identifier.EMAIL, Identifier.PHONE, "crm_id");
            assertThat(rules.blockedBy(Identifier.of(Identifier.EMAIL, "front-desk@example.com"))).isEqualTo("identifiers.emailaddress.blocked");
            assertThat(rules.isBlocked(Identifier.of(Identifier.PHONE, "+14155550100"))).as(file.getFilename()).isTrue();
            assertThat(rules.isBlocked(Identifier.of("crm_id", "CRM-0"))).as(file.getFilename()).isTrue();
            assertThat(rules.isBlocked(Identifier.of("crm_id", "CRM-1"))).as(file.getFilename()).isFalse();
            assertThat(rules.maxPerContact(Identifier.PHONE)).isEqualTo(2);
        }
        assertThat(RulesResource.read(yaml, PROPERTY)).isEqualTo(RulesResource.read(json, PROPERTY));
    }

    @Test
    void twoKeysNamingOneIdentifierKeyFailNamingThePropertyTheFileAndBothKeys(@TempDir Path dir) throws IOException {
        Resource yaml = file(dir, "twice.yaml", "identifiers:\n  email:\n    blocked: [a@x.com]\n  emailaddress:\n    blocked: [b@x.com]\n");
        Resource json = file(dir, "twice.json", "{\"identifiers\": {\"Phone\": {\"blocked\": [\"+14155550100\"]}, \"phone\": {}}}");
        assertThatThrownBy(() -> RulesResource.read(yaml, PROPERTY)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(PROPERTY + " (").hasMessageContaining(dir.resolve("twice.yaml").toString())
                .hasMessageContaining("identifiers.email and identifiers.emailaddress both name the identifier key emailaddress:"
                        + " give its rules under one of them");
        assertThatThrownBy(() -> RulesResource.read(json, PROPERTY)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("twice.json").toString())
                .hasMessageContaining("identifiers.Phone and identifiers.phone both name the identifier key phonenumber");
    }

    @Test
    void aProblemNamesTheKeyAsTheFileWroteIt(@TempDir Path dir) throws IOException {
        Resource bad = file(dir, "bad.yaml", "identifiers:\n  Phone:\n    blocked: [\"not a phone\"]\n    maxPerContact: 0\n");
        assertThatThrownBy(() -> RulesResource.read(bad, PROPERTY)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(PROPERTY + " (").hasMessageContaining(dir.resolve("bad.yaml").toString())
                .hasMessageContaining("identifiers.Phone.blocked[0]").hasMessageContaining("identifiers.Phone.maxPerContact")
                .hasMessageNotContaining("phonenumber.");
    }

    @Test
    void aFileWithoutContentHoldsNoRulesAsForTheCommandLine(@TempDir Path dir) throws IOException {
        for (String[] f : new String[][] {{"empty.json", ""}, {"blank.json", " \n"}, {"comments.yaml", "# no rules yet\n"},
                {"document.yml", "---\n"}}) {
            assertThat(RulesResource.read(file(dir, f[0], f[1]), PROPERTY).isNone()).as(f[0]).isTrue();
        }
    }
}
