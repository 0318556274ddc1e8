package io.countersign.platform;

import java.util.Locale;

/**
 * The stable reasons why Countersign rejects a request.
 *
 * <p>Each reason is rendered as an RFC 9457 problem whose {@code type} is {@link #type()}; the type
 * URIs never change once published, so partners may branch on them.
 */
public enum RejectionReason {
  CLIENT_CERTIFICATE_MISSING(401, "Client certificate missing"),
  CLIENT_CERTIFICATE_UNKNOWN(403, "Client certificate not registered to a partner"),
  CLIENT_CERTIFICATE_EXPIRED(403, "Client certificate expired"),
  CLIENT_CERTIFICATE_NOT_YET_VALID(403, "Client certificate not yet valid"),
  CLIENT_CERTIFICATE_PATH_INVALID(403, "No valid path from client certificate to partner CA"),
  CLIENT_CERTIFICATE_KEY_USAGE_NOT_ALLOWED(403, "Client certificate not issued for TLS clients"),
  CLIENT_CERTIFICATE_REVOKED(403, "Client certificate revoked"),
  CLIENT_CERTIFICATE_REVOCATION_UNKNOWN(403, "Client certificate unknown to its OCSP responder"),
  FORWARDED_CERTIFICATE_MALFORMED(400, "Forwarded client certificate malformed"),

  REQUEST_INVALID(400, "Invalid request"),
  DOCUMENT_MALFORMED(400, "Malformed document"),
  DOCUMENT_DTD_FORBIDDEN(400, "Document type declaration not allowed"),
  DOCUMENT_PROCESSING_INSTRUCTION_FORBIDDEN(400, "Processing instruction outside the root"),
  DOCUMENT_LIMIT_EXCEEDED(400, "Document exceeds a parser limit"),
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
  SIGNATURE_ENCODING_INVALID(422, "Signature value not encoded as its algorithm requires"),
  REFERENCE_DIGEST_MISMATCH(422, "Signed content changed"),
  REFERENCE_NOT_WHOLE_DOCUMENT(422, "Signature does not cover the whole document"),
  REFERENCE_EXTERNAL(422, "Reference to content outside the document"),
  REFERENCE_ID_NOT_UNIQUE(422, "Referenced ID not unique"),
  REFERENCE_TARGET_MISPLACED(422, "Referenced element not in its required place"),
  REFERENCE_LIMIT_EXCEEDED(422, "Too many references"),
  TRANSFORM_NOT_ALLOWED(422, "Transform not allowed"),
  ALGORITHM_NOT_ALLOWED(422, "Algorithm not allowed"),
  HMAC_OUTPUT_LENGTH_NOT_ALLOWED(422, "HMACOutputLength not allowed"),
  RETRIEVAL_METHOD_NOT_ALLOWED(422, "KeyInfo RetrievalMethod not allowed"),
  CRITICAL_HEADER_UNSUPPORTED(422, "Critical header parameter not supported"),
  KEY_URL_NOT_ALLOWED(422, "Key URL not allowed"),
  IAT_MISSING(422, "Signing time missing"),
  IAT_OUT_OF_WINDOW(422, "Signing time outside the accepted window"),
  SIGNER_CERTIFICATE_UNKNOWN(422, "Signer certificate not registered"),
  SIGNER_CERTIFICATE_EXPIRED(422, "Signer certificate expired"),
  SIGNER_CERTIFICATE_NOT_YET_VALID(422, "Signer certificate not yet valid"),
  SIGNER_CERTIFICATE_PATH_INVALID(422, "No valid path from signer certificate to partner CA"),
  SIGNER_CERTIFICATE_KEY_USAGE_NOT_ALLOWED(422, "Signer certificate not issued for signing"),
  SIGNER_CERTIFICATE_REVOKED(422, "Signer certificate revoked"),
  SIGNER_CERTIFICATE_REVOCATION_UNKNOWN(422, "Signer certificate unknown to its OCSP responder"),
  SIGNER_NOT_PARTNER(422, "Signer is not the partner who sent the request"),
  XADES_PROPERTIES_INVALID(422, "Invalid XAdES qualifying properties"),
  XADES_SIGNING_CERTIFICATE_MISMATCH(422, "XAdES signing certificate is not the signer"),
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
  STORE_UNAVAILABLE(503, "Evidence store unavailable"),
  CERTIFICATE_REVOCATION_UNAVAILABLE(503, "Certificate revocation status unavailable");

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
