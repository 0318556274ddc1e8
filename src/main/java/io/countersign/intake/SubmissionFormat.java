package io.countersign.intake;

import io.countersign.platform.RejectedException;
import io.countersign.platform.RejectionReason;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;

/** The media types that the intake accepts, and how each one is signed. */
final class SubmissionFormat {

  private static final String SUPPORTED =
      "application/xml, text/xml or another */*+xml type, with an enveloped XML Signature";

  private SubmissionFormat() {}

  /** Returns the parsed media type if it is an XML type, or rejects the request with 415. */
  static MediaType requireSupported(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw unsupported("The request has no Content-Type.");
    }
    MediaType mediaType;
    try {
      mediaType = MediaType.valueOf(contentType);
    } catch (IllegalArgumentException e) {
      throw unsupported("The Content-Type '" + contentType + "' is not a valid media type.");
    }
    if (!isXml(mediaType)) {
      throw unsupported("The media type '" + mediaType.getType() + "/" + mediaType.getSubtype()
          + "' is not supported.");
    }
    return mediaType;
  }

  static boolean isXml(MediaType mediaType) {
    String type = mediaType.getType().toLowerCase(Locale.ROOT);
    String subtype = mediaType.getSubtype().toLowerCase(Locale.ROOT);
    return subtype.endsWith("+xml")
        || (subtype.equals("xml") && (type.equals("application") || type.equals("text")));
  }

  private static RejectedException unsupported(String problem) {
    return new RejectedException(
        RejectionReason.MEDIA_TYPE_UNSUPPORTED, problem + " Send " + SUPPORTED + ".");
  }
}
