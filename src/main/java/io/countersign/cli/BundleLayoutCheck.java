package io.countersign.cli;

import io.countersign.bundle.BundleContents;
import io.countersign.bundle.BundleLayout;
import io.countersign.bundle.ManifestXml;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLStreamException;

/**
 * Checks the container layout of a bundle as ASiC-E defines it: {@code mimetype} first, stored
 * and with the bundle's media type, and an ODF manifest that lists exactly the other entries.
 */
final class BundleLayoutCheck {

  static final String NAME = "bundle-layout";

  private BundleLayoutCheck() {}

  static BundleCheck check(BundleContents bundle) {
    List<String> problems = new ArrayList<>();
    checkMimetype(bundle, problems);
    checkManifest(bundle, problems);
    if (!problems.isEmpty()) {
      return BundleCheck.failed(NAME, String.join("; ", problems));
    }
    return BundleCheck.ok(
        NAME, bundle.names().size() + " entries, mimetype first and stored, all in the manifest");
  }

  private static void checkMimetype(BundleContents bundle, List<String> problems) {
    if (!bundle.names().getFirst().equals(BundleLayout.MIMETYPE_ENTRY)) {
      problems.add("the first entry is " + bundle.names().getFirst() + ", not mimetype");
      return;
    }
    if (!bundle.firstEntryStored()) {
      problems.add("the mimetype entry is compressed, not stored");
    }
    String mimetype =
        new String(bundle.entry(BundleLayout.MIMETYPE_ENTRY).orElseThrow(), StandardCharsets.US_ASCII);
    if (!mimetype.equals(BundleLayout.MIMETYPE)) {
      problems.add("mimetype is '" + mimetype + "', not " + BundleLayout.MIMETYPE);
    }
  }

  private static void checkManifest(BundleContents bundle, List<String> problems) {
    Optional<byte[]> manifest = bundle.entry(BundleLayout.MANIFEST);
    if (manifest.isEmpty()) {
      problems.add("the bundle has no " + BundleLayout.MANIFEST);
      return;
    }
    Map<String, String> listed;
    try {
      listed = ManifestXml.read(manifest.get());
    } catch (XMLStreamException e) {
      problems.add(BundleLayout.MANIFEST + " is not well-formed XML: " + e.getMessage());
      return;
    }

    for (String name : bundle.names()) {
      boolean container =
          name.equals(BundleLayout.MIMETYPE_ENTRY) || name.equals(BundleLayout.MANIFEST);
      if (!container && !listed.containsKey(name)) {
        problems.add("the manifest does not list " + name);
      }
    }
    for (String name : listed.keySet()) {
      if (!name.equals("/") && !bundle.names().contains(name)) {
        problems.add("the manifest lists " + name + ", which the bundle lacks");
      }
    }
  }
}
