package io.countersign.platform;

import java.util.Locale;

/**
 * The stable reasons why Countersign rejects a request.
 *
 * <p>Each reason is rendered as an RFC 9457 problem whose {@code type} is {@link #type()}; the
 * type URIs never change once published, so partners may branch on them.
 */
public enum RejectionReason {
  CLIENT_CERTIFICATE_MISSING(401, "Client certificate missing"),
  CLIENT_CERTIFICATE_UNKNOWN(403, "Client certificate not registered to a partner"),
  CLIENT_CERTIFICATE_EXPIRED(403, "Client certificate expired"),
  CLIENT_CERTIFICATE_NOT_YET_VALID(403, "Client certificate not yet valid"),

  REQUEST_INVALID(400, "Invalid request"),
  DOCUMENT_MALFORMED(400, "Malformed document"),
  DOCUMENT_DTD_FORBIDDEN(400, "Document type declaration not allowed"),
  DOCUMENT_NOT_FOUND(404, "Document not found"),
  RESOURCE_NOT_FOUND(404, "Resource not found"),
  METHOD_NOT_ALLOWED(405, "Method not allowed"),
  NOT_ACCEPTABLE(406, "Response media type not available"),
  DOCUMENT_TOO_LARGE(413, "Document too large"),
  MEDIA_TYPE_UNSUPPORTED(415, "Unsupported media type"),

  SIGNATURE_MISSING(422, "Signature missing"),
  SIGNATURE_AMBIGUOUS(422, "More than one signature"),
  SIGNATURE_MALFORMED(422, "Malformed signature"),
  SIGNATURE_INVALID(422, "Signature invalid"),
  REFERENCE_DIGEST_MISMATCH(422, "Signed content changed"),
  REFERENCE_NOT_WHOLE_DOCUMENT(422, "Signature does not cover the whole document"),
  TRANSFORM_NOT_ALLOWED(422, "Transform not allowed"),
  ALGORITHM_NOT_ALLOWED(422, "Algorithm not allowed"),
  SIGNER_CERTIFICATE_UNKNOWN(422, "Signer certificate not registered"),
  SIGNER_CERTIFICATE_EXPIRED(422, "Signer certificate expired"),
  SIGNER_CERTIFICATE_NOT_YET_VALID(422, "Signer certificate not yet valid"),
  SIGNER_NOT_PARTNER(422, "Signer is not the partner of the TLS client"),
  REQUEST_SIGNATURE_MISSING(422, "Request signature missing"),
  REQUEST_SIGNATURE_MALFORMED(422, "Malformed request signature"),
  REQUEST_SIGNATURE_INVALID(422, "Request signature invalid"),
  REQUEST_SIGNATURE_EXPIRED(422, "Request signature expired"),
  REQUEST_TIMESTAMP_OUT_OF_WINDOW(422, "Request timestamp outside the accepted window"),
  REQUEST_REPLAYED(422, "Request signature already used"),
  REQUEST_KEY_UNKNOWN(422, "Request signing key not registered"),
  REQUEST_KEY_NOT_ACTIVE(422, "Request signing key not active"),
  CONTENT_DIGEST_MISMATCH(422, "Content digest does not match the body"),
  COVERED_COMPONENTS_INSUFFICIENT(422, "Request signature does not cover the required components"),

  INTERNAL_ERROR(500, "Internal server error"),
  STORE_UNAVAILABLE(503, "Evidence store unavailable");

  private static final String TYPE_PREFIX = "urn:countersign:problem:";

  private final int status;
  private final String title;

  RejectionReason(int status, String title) {
    this.status = status;
    this.title = title;
  }

  /** Returns the HTTP status code of the problem. */
  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** Returns the short, stable code, for example {@code signer-not-partner}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Returns the problem type URI, for example {@code urn:countersign:problem:signer-not-partner}. */
  public String type() {
    return TYPE_PREFIX + code();
  }
}
