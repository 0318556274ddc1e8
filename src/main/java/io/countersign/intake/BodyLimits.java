package io.countersign.intake;

import io.countersign.partner.Partner;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The size limits of one request body.
 *
 * @param partnerId the partner whose limit applies, or {@code null} for a client that only the
 *     document's signature can identify
 * @param maxDocumentBytes the maximum size of the document: the partner's {@code maxDocumentBytes},
 *     or else {@code countersign.document.max-bytes}
 * @param maxInMemoryBytes the maximum size of a document that must be verified in memory, such as
 *     a JWS ({@code countersign.document.max-in-memory-bytes})
 * @param streamingThresholdBytes the maximum size of an XML document that is kept in memory; a
 *     larger one goes to a spool file ({@code countersign.document.streaming-threshold-bytes})
 */
record BodyLimits(
    String partnerId, long maxDocumentBytes, long maxInMemoryBytes, long streamingThresholdBytes) {

  BodyLimits {
    IntakeSettings.requireArraySize(maxInMemoryBytes, "maxInMemoryBytes");
    IntakeSettings.requireArraySize(streamingThresholdBytes, "streamingThresholdBytes");
    if (maxDocumentBytes <= 0) {
      throw new IllegalArgumentException(
          "maxDocumentBytes must be positive, but is " + maxDocumentBytes);
    }
  }

  /**
   * Returns the limits for a request of {@code partnerId}: its own {@code maxDocumentBytes} if the
   * partner file sets one, or else {@code defaultMaxDocumentBytes}.
   *
   * @param partnerId the partner, or {@code null} for a client not identified yet
   * @param partner the partner's registration, or empty without one
   */
  static BodyLimits forPartner(
      String partnerId,
      Optional<Partner> partner,
      long defaultMaxDocumentBytes,
      long maxInMemoryBytes,
      long streamingThresholdBytes) {
    long maxDocumentBytes =
        partner
            .map(Partner::maxDocumentBytes)
            .filter(OptionalLong::isPresent)
            .map(OptionalLong::getAsLong)
            .orElse(defaultMaxDocumentBytes);
    return new BodyLimits(partnerId, maxDocumentBytes, maxInMemoryBytes, streamingThresholdBytes);
  }
}
