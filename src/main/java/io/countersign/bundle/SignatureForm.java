package io.countersign.bundle;

/**
 * How a stored document is signed, as the receipt's {@code signature.format} states it, which
 * decides how a third party can verify it.
 */
public enum SignatureForm {
  /** An enveloped XML Signature ({@code xmldsig-enveloped}). */
  XML,
  /** A JWS in compact serialization whose payload is the document ({@code jws-compact}). */
  JWS_COMPACT,
  /** A JWS in flattened or general JSON serialization ({@code jws-json}). */
  JWS_JSON,
  /** A detached JWS over the document's bytes ({@code jws-detached}, {@code -unencoded}). */
  JWS_DETACHED,
  /**
   * A JWS verified with an HMAC key (format suffix {@code -hmac}). The partner shares the key with
   * Countersign, so no third party can verify it and it gives no non-repudiation.
   */
  SHARED_KEY,
  /**
   * No signature of the document's own: a request signature ({@code http-message-signature},
   * {@code countersign-hmac}) authenticated it, and that covered the HTTP request, which is not
   * stored.
   */
  REQUEST_SIGNATURE;

  /** Returns the form of a receipt's {@code signature.format}. */
  public static SignatureForm of(String format) {
    if (format.endsWith("-hmac")) {
      return SHARED_KEY;
    }
    if (format.startsWith("xmldsig")) {
      return XML;
    }
    if (format.startsWith("jws-compact")) {
      return JWS_COMPACT;
    }
    if (format.startsWith("jws-json")) {
      return JWS_JSON;
    }
    if (format.startsWith("jws-detached")) {
      return JWS_DETACHED;
    }
    return REQUEST_SIGNATURE;
  }

  /** Returns whether a third party can verify the signature with the signer's certificate. */
  public boolean isVerifiableOffline() {
    return this != SHARED_KEY && this != REQUEST_SIGNATURE;
  }
}
