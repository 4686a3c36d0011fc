package dev.lazybuild.vfs.sbom;

import dev.lazybuild.fetch.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.ExternalReference;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * A CycloneDX 1.6 SBOM of the declared components, as Hermeto's {@code bom.json} lists them
 * (same package URLs, same properties), and beyond Hermeto: on each component
 * {@code lazybuild:opened}, whether this build opened one of its files, and in the metadata
 * the image, the Containerfile and each lockfile's sha256.
 *
 * <p>{@code hermeto:found_by} keeps Hermeto's value: Konflux's SBOM tooling tells the
 * components of a prefetch from those a scanner found by it, and a build that moves to
 * lazybuild must merge as a Hermeto prefetch does.
 */
public final class CycloneDxSbom {
    public static final Version SPEC_VERSION = Version.VERSION_16;
    static final String OPENED = "lazybuild:opened";
    static final String FOUND_BY = "hermeto:found_by";

    private final Bom bom;

    private CycloneDxSbom(Bom bom) {
        this.bom = bom;
    }

    /**
     * @param opened the digests of the files the build opened (empty when nothing was built)
     * @param toolVersion lazybuild's version, for the metadata's tool entry
     * @throws IOException when a lockfile cannot be read to hash it
     */
    public static CycloneDxSbom of(SbomSubject subject, List<DeclaredComponent> components, Set<Digest> opened,
            String toolVersion) throws IOException {
        Bom bom = new Bom();
        bom.setVersion(1);
        bom.setMetadata(metadata(subject, toolVersion));
        List<Component> list = new ArrayList<>();
        for (DeclaredComponent c : components) {
            list.add(component(c, c.contents().stream().anyMatch(opened::contains)));
        }
        bom.setComponents(list);
        // A serial number made from the content: the same SBOM for the same inputs and build.
        bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes(json(bom).getBytes(StandardCharsets.UTF_8)));
        return new CycloneDxSbom(bom);
    }

    private static Metadata metadata(SbomSubject subject, String toolVersion) throws IOException {
        Metadata metadata = new Metadata();
        // Metadata starts with the current time; an SBOM of the inputs alone has none.
        metadata.setTimestamp(subject.time() == null ? null : Date.from(subject.time()));
        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setName("lazybuild");
        tool.setVersion(toolVersion);
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(tool));
        metadata.setToolChoice(tools);
        if (subject.image() != null) {
            Component image = new Component();
            image.setType(Component.Type.CONTAINER);
            image.setName(subject.image());
            metadata.setComponent(image);
        }
        Map<String, String> properties = new TreeMap<>();
        if (subject.containerfile() != null) {
            properties.put("lazybuild:containerfile", subject.containerfile().toString());
        }
        for (Path lockfile : subject.lockfiles()) {
            properties.put("lazybuild:lockfile:" + lockfile, "sha256:" + sha256(lockfile));
        }
        metadata.setProperties(properties(properties));
        return metadata;
    }

    private static Component component(DeclaredComponent c, boolean opened) {
        Component component = new Component();
        component.setBomRef(c.purl());
        component.setType(c.file() ? Component.Type.FILE : Component.Type.LIBRARY);
        component.setName(c.name());
        component.setVersion(c.version());
        component.setPurl(c.purl());
        Map<String, String> properties = new TreeMap<>(c.properties());
        properties.put(FOUND_BY, "hermeto");
        properties.put(OPENED, String.valueOf(opened));
        component.setProperties(properties(properties));
        if (c.distributionUrl() != null) {
            ExternalReference reference = new ExternalReference();
            reference.setType(ExternalReference.Type.DISTRIBUTION);
            reference.setUrl(c.distributionUrl());
            component.setExternalReferences(List.of(reference));
        }
        return component;
    }

    private static List<Property> properties(Map<String, String> byName) {
        List<Property> list = new ArrayList<>();
        byName.forEach((name, value) -> {
            Property p = new Property();
            p.setName(name);
            p.setValue(value);
            list.add(p);
        });
        return list;
    }

    private static String sha256(Path file) throws IOException {
        return HexFormat.of().formatHex(Digest.Algorithm.SHA256.newHasher().digest(Files.readAllBytes(file)));
    }

    /** The SBOM as CycloneDX 1.6 JSON. */
    public String toJson() {
        return json(bom);
    }

    private static String json(Bom bom) {
        try {
            return BomGeneratorFactory.createJson(SPEC_VERSION, bom).toJsonString();
        } catch (GeneratorException e) {
            // The model is built above from plain strings; a failure here is a bug, not an input.
            throw new IllegalStateException("cannot write the SBOM as JSON", e);
        }
    }
}
