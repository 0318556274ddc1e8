package io.countersign.intake;

import io.countersign.platform.RejectedException;
import io.countersign.platform.RejectionReason;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;

/** The signing form of a submitted document, decided by its media type and signature header. */
enum SubmissionFormat {
  /** An XML document with an enveloped XML Signature. */
  XML,
  /** A JWS in compact serialization ({@code application/jose}); its payload is the document. */
  JWS_COMPACT,
  /** A JWS in flattened or general JSON serialization ({@code application/jose+json}). */
  JWS_JSON,
  /** Any document with a detached JWS over its exact bytes in {@code X-JWS-Signature}. */
  JWS_DETACHED,
  /**
   * Any other document without a signature of its own. Accepted only when a request signature
   * authenticated the partner and its policy does not require a signed document.
   */
  UNSIGNED;

  private static final String SUPPORTED =
      "Send application/xml, text/xml or another */*+xml type with an enveloped XML Signature,"
          + " application/jose or application/jose+json with a JWS, or any other type with a"
          + " detached JWS in the X-JWS-Signature header.";

  /**
   * Returns the format of a request.
   *
   * @param detachedJws the {@code X-JWS-Signature} request header, or {@code null}
   */
  static SubmissionFormat of(MediaType mediaType, String detachedJws) {
    String type = mediaType.getType().toLowerCase(Locale.ROOT);
    String subtype = mediaType.getSubtype().toLowerCase(Locale.ROOT);
    if (type.equals("application") && subtype.equals("jose")) {
      return JWS_COMPACT;
    }
    if (type.equals("application") && subtype.equals("jose+json")) {
      return JWS_JSON;
    }
    if (detachedJws != null) {
      return JWS_DETACHED;
    }
    if (subtype.endsWith("+xml") || (subtype.equals("xml") && (type.equals("application") || type.equals("text")))) {
      return XML;
    }
    return UNSIGNED;
  }

  /** Returns the 415 rejection of a document that carries no signature of its own. */
  static RejectedException unsigned(MediaType mediaType) {
    return unsupported(
        "The media type '"
            + mediaType.getType()
            + "/"
            + mediaType.getSubtype()
            + "' is not supported without a detached JWS.");
  }

  /** Parses the Content-Type header, or rejects the request with 415. */
  static MediaType parseMediaType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw unsupported("The request has no Content-Type.");
    }
    try {
      return MediaType.valueOf(contentType);
    } catch (IllegalArgumentException e) {
      throw unsupported("The Content-Type '" + contentType + "' is not a valid media type.");
    }
  }

  private static RejectedException unsupported(String problem) {
    return new RejectedException(RejectionReason.MEDIA_TYPE_UNSUPPORTED, problem + " " + SUPPORTED);
  }
}
