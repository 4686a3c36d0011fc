package dev.lazybuild.vfs.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.packageurl.PackageURL;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * For inputs copied from Hermeto's integration-test scenarios (src/test/resources/hermeto-scenarios,
 * README.md there), the SBOM lists the very components of the scenario's {@code out/bom.json}:
 * same purl type, namespace where the inputs tell it, name, version, subpath and every
 * qualifier lazybuild can know, same Hermeto properties, and it validates against CycloneDX 1.6.
 */
class HermetoScenarioSbomTest {
    /** What only a git checkout or an RPM header tells; README.md, "SBOM", lists them. */
    private static final Set<String> UNKNOWABLE_QUALIFIERS = Set.of("vcs_url");
    private static final Set<String> UNKNOWABLE_PROPERTIES = Set.of("hermeto:rpm_modularity_label", "hermeto:rpm_summary");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"npm_bundled_lockfile3", "npm_yarn_registry_lockfile3", "rpm_e2e", "rpm_e2e_modularity",
            "rpm_multiple_archs", "generic_e2e", "generic_e2e_maven"})
    void componentsMatchHermetosBomForTheSameInputs(String scenario) throws Exception {
        Path dir = Path.of("src/test/resources/hermeto-scenarios", scenario);
        List<Path> lockfiles = Lockfiles.discover(dir.resolve("in"));
        List<LockedFile> files = Lockfiles.read(lockfiles, "x86_64");
        List<DeclaredComponent> components = DeclaredComponents.read(lockfiles, files);
        String json = CycloneDxSbom.of(new SbomSubject(null, null, lockfiles, null), components, Set.of(), "test").toJson();

        assertThat(new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), CycloneDxSbom.SPEC_VERSION)).isEmpty();
        JsonNode expected = JSON.readTree(dir.resolve("out/bom.json").toFile());
        JsonNode actual = JSON.readTree(json);
        assertThat(actual.path("specVersion").asText()).isEqualTo("1.6");
        assertThat(comparable(expected)).hasSize(expected.path("components").size());
        assertThat(comparable(actual)).isEqualTo(comparable(expected));
        if (!scenario.startsWith("rpm")) {
            // Same canonical form as packageurl-python's: the bom-refs that SBOM tools join on match too.
            assertThat(actual.path("components").findValuesAsText("purl")).containsExactlyInAnyOrderElementsOf(
                    expected.path("components").findValuesAsText("purl").stream().map(p -> withoutVcsUrl(p)).toList());
        }
    }

    /** The purl as lazybuild writes it: Hermeto's {@code vcs_url} names a git commit only a checkout knows. */
    private static String withoutVcsUrl(String purl) {
        return purl.replaceFirst("\\?vcs_url=[^&#]*&?", "?").replaceFirst("&vcs_url=[^&#]*", "").replaceFirst("\\?(#|$)", "$1");
    }

    /** Each component as one line: purl parts lazybuild can know, name, version, type and Hermeto's properties. */
    private static Set<String> comparable(JsonNode bom) throws Exception {
        Set<String> out = new TreeSet<>();
        for (JsonNode c : bom.path("components")) {
            PackageURL purl = new PackageURL(c.path("purl").asText());
            Map<String, String> qualifiers = new TreeMap<>(purl.getQualifiers() == null ? Map.of() : purl.getQualifiers());
            qualifiers.keySet().removeAll(UNKNOWABLE_QUALIFIERS);
            // The RPM vendor namespace comes from the RPM header alone.
            String namespace = purl.getType().equals("rpm") ? "" : purl.getNamespace();
            Map<String, String> properties = new TreeMap<>();
            c.path("properties").forEach(p -> properties.put(p.path("name").asText(), p.path("value").asText()));
            properties.keySet().removeAll(UNKNOWABLE_PROPERTIES);
            properties.remove(CycloneDxSbom.OPENED);
            List<String> references = c.path("externalReferences").findValuesAsText("url");
            out.add(String.join(" | ", purl.getType(), String.valueOf(namespace), purl.getName(),
                    String.valueOf(purl.getVersion()), String.valueOf(purl.getSubpath()), qualifiers.toString(),
                    c.path("name").asText(), c.path("version").asText(), c.path("type").asText(),
                    properties.toString(), references.toString()));
        }
        return out;
    }
}
