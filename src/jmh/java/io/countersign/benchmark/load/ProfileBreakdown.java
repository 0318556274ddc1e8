package io.countersign.benchmark.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Prints where a server's CPU samples went, from the {@code jdk.ExecutionSample} events of a JFR
 * recording, in the steps of the intake path. A sample counts for the first step, in the order
 * below, that has a method in its stack, so that nested steps are not counted twice. Samples
 * show Java code only: GC, JIT and native threads are not in them.
 *
 * <p>Usage: {@code java -cp target/test-classes io.countersign.benchmark.load.ProfileBreakdown
 * FILE.jfr}
 */
public final class ProfileBreakdown {

  /** Steps as method name prefixes, from the most specific to the most general. */
  private static final List<Map.Entry<String, String>> STEPS =
      List.of(
          Map.entry("XML signature verification",
              "io.countersign.signature.xml.XmlSignatureVerifier.verify"),
          Map.entry("receipt JSON", "io.countersign.receipt.ReceiptWriter."),
          Map.entry("receipt signing (ES256)", "io.countersign.receipt.ReceiptSigner.sign"),
          Map.entry("evidence insert (JPA, database)",
              "io.countersign.evidence.EvidenceStore.insert"),
          Map.entry("duplicate lookup (JPA, database)",
              "io.countersign.evidence.EvidenceStore.findBySignature"),
          Map.entry("client certificate filter", "io.countersign.client.ClientCertificateFilter"),
          Map.entry("request id filter", "io.countersign.platform.RequestIdFilter"),
          Map.entry("request body read", "io.countersign.intake.DocumentResource$BoundedBody"),
          Map.entry("logging", "java.util.logging."),
          Map.entry("transaction commit after the insert (EJB, JPA flush, database)",
              "io.countersign.intake.DocumentIntake.store"),
          Map.entry("signature service call (EJB)", "io.countersign.intake.DocumentIntake.verify"),
          Map.entry("rest of the resource method and intake",
              "io.countersign.intake.DocumentResource.submit"),
          Map.entry("request-scoped resource creation (Weld, HK2, MicroProfile Config)",
              "io.countersign.intake.DocumentResource$Proxy"),
          Map.entry("rest of the intake package", "io.countersign.intake."),
          Map.entry("TLS", "sun.security.ssl."),
          Map.entry("Jersey, Weld and EJB outside the application", "org.glassfish.jersey."),
          Map.entry("Grizzly HTTP", "org.glassfish.grizzly."));

  private ProfileBreakdown() {}

  public static void main(String[] args) throws IOException {
    Map<String, Long> counts = new LinkedHashMap<>();
    long total = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (event.getEventType().getName().equals("jdk.ExecutionSample")
          && event.getStackTrace() != null) {
        counts.merge(step(event.getStackTrace().getFrames()), 1L, Long::sum);
        total++;
      }
    }

    System.out.printf("%d execution samples%n", total);
    for (Map.Entry<String, Long> entry : sortedByCount(counts)) {
      System.out.printf("%5.1f %%  %s%n", 100.0 * entry.getValue() / total, entry.getKey());
    }
  }

  private static String step(List<RecordedFrame> frames) {
    for (Map.Entry<String, String> step : STEPS) {
      for (RecordedFrame frame : frames) {
        String method = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
        if (method.startsWith(step.getValue())) {
          return step.getKey();
        }
      }
    }
    return "other";
  }

  private static List<Map.Entry<String, Long>> sortedByCount(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .toList();
  }
}
