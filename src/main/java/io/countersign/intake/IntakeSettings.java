package io.countersign.intake;

import io.countersign.partner.Partner;
import io.countersign.partner.PartnerRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The size limits of request bodies and the spool directory for large ones, from MicroProfile
 * Config. Both are checked and prepared when the application starts, so that a wrong setting or
 * an unwritable directory fails the deployment instead of the first large request.
 */
@ApplicationScoped
public class IntakeSettings {

  /** The largest array that the JDK allocates, with a margin for its object header. */
  private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 16;

  private static final Logger LOG = Logger.getLogger(IntakeSettings.class.getName());

  @Inject PartnerRegistry partners;

  @Inject
  @ConfigProperty(name = "countersign.document.max-bytes")
  long maxDocumentBytes;

  @Inject
  @ConfigProperty(name = "countersign.document.streaming-threshold-bytes")
  long streamingThresholdBytes;

  @Inject
  @ConfigProperty(name = "countersign.document.max-in-memory-bytes")
  long maxInMemoryBytes;

  @Inject
  @ConfigProperty(name = "countersign.spool.dir")
  String spoolDirectory;

  private SpoolDirectory spool;
  private BodyReader bodyReader;

  /** Creates the settings bean when the application starts, which runs {@link #prepare}. */
  void startWithApplication(@Observes @Initialized(ApplicationScoped.class) Object event) {
    // Delivering the event to this bean instantiates it; nothing more to do.
  }

  @PostConstruct
  void prepare() {
    if (maxDocumentBytes <= 0) {
      throw new IllegalStateException(
          "countersign.document.max-bytes must be positive, but is " + maxDocumentBytes);
    }
    requireArraySize(streamingThresholdBytes, "countersign.document.streaming-threshold-bytes");
    requireArraySize(maxInMemoryBytes, "countersign.document.max-in-memory-bytes");
    try {
      spool = SpoolDirectory.open(Path.of(spoolDirectory));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "The spool directory " + spoolDirectory + " (countersign.spool.dir) cannot be prepared",
          e);
    }
    bodyReader = new BodyReader(spool);
    LOG.info(
        () ->
            "Documents up to "
                + maxDocumentBytes
                + " bytes unless a partner sets its own maximum; XML documents over "
                + streamingThresholdBytes
                + " bytes are spooled to "
                + spool.path()
                + ", other documents are read in memory up to "
                + maxInMemoryBytes
                + " bytes");
  }

  @PreDestroy
  void releaseSpool() {
    try {
      spool.close();
    } catch (IOException e) {
      LOG.log(
          Level.WARNING,
          "Releasing the lock of the spool directory " + spool.path() + " failed",
          e);
    }
  }

  /**
   * Returns the limits for a request of {@code partnerId}, or for a client not identified yet when
   * it is null.
   */
  BodyLimits limitsFor(String partnerId) {
    Optional<Partner> partner =
        partnerId == null ? Optional.empty() : partners.partner(partnerId);
    return BodyLimits.forPartner(
        partnerId, partner, maxDocumentBytes, maxInMemoryBytes, streamingThresholdBytes);
  }

  BodyReader bodyReader() {
    return bodyReader;
  }

  /** Checks that a limit is positive and fits in one byte array. */
  static void requireArraySize(long bytes, String name) {
    if (bytes <= 0 || bytes > MAX_ARRAY_BYTES) {
      throw new IllegalArgumentException(
          name + " must be between 1 and " + MAX_ARRAY_BYTES + " bytes, but is " + bytes);
    }
  }
}
