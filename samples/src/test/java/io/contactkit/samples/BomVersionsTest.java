package io.contactkit.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.util.Version;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM gives a consumer what the build tests: its versions are the parent's, it manages every
 * module the parent manages, and this consumer (which sees nothing but the BOM) runs on that Netty.
 */
class BomVersionsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theBomsVersionsAreTheParents() throws Exception {
        Map<String, String> parent = properties(ROOT.resolve("pom.xml"));
        Map<String, String> bom = properties(ROOT.resolve("bom/pom.xml"));
        Map<String, String> drift = new TreeMap<>();
        bom.forEach((name, value) -> {
            if (name.endsWith(".version") && !value.equals(parent.get(name))) {
                drift.put(name, "bom " + value + ", parent " + parent.get(name));
            }
        });
        assertEquals(Map.of(), drift);
    }

    @Test
    void theBomManagesEveryModuleTheParentManages() throws Exception {
        Set<String> missing = contactkitModules(ROOT.resolve("pom.xml"));
        missing.removeAll(contactkitModules(ROOT.resolve("bom/pom.xml")));
        assertEquals(Set.of(), missing);
    }

    @Test
    void thisConsumerRunsOnTheTestedNetty() throws Exception {
        String netty = properties(ROOT.resolve("bom/pom.xml")).get("netty.version");
        Map<String, Version> running = Version.identify();
        assertFalse(running.isEmpty());
        running.forEach((artifact, v) -> assertEquals(netty, v.artifactVersion(), artifact));
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static Map<String, String> properties(Path pom) throws Exception {
        Map<String, String> out = new TreeMap<>();
        NodeList sections = parse(pom).getDocumentElement().getElementsByTagName("properties");
        NodeList props = sections.item(0).getChildNodes();
        for (int i = 0; i < props.getLength(); i++) {
            if (props.item(i).getNodeType() == Node.ELEMENT_NODE) {
                out.put(props.item(i).getNodeName(), props.item(i).getTextContent().strip());
            }
        }
        return out;
    }

    private static Set<String> contactkitModules(Path pom) throws Exception {
        Set<String> out = new TreeSet<>();
        Element managed = (Element) parse(pom).getDocumentElement().getElementsByTagName("dependencyManagement").item(0);
        NodeList deps = managed.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            if (d.getElementsByTagName("groupId").item(0).getTextContent().equals("io.contactkit")) {
                out.add(d.getElementsByTagName("artifactId").item(0).getTextContent());
            }
        }
        return out;
    }
}
