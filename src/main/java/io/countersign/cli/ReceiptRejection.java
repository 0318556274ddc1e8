package io.countersign.cli;

import java.util.Locale;

/** The reasons why {@link ReceiptVerifier} rejects a receipt, in the order it checks them. */
public enum ReceiptRejection {
  /** The JWS is not a detached compact serialization that Nimbus can parse. */
  SIGNATURE_MALFORMED,
  /** The JWS algorithm is {@code none}, an HMAC or otherwise not an asymmetric signature. */
  ALGORITHM_NOT_ALLOWED,
  /** The JWS header has no {@code x5c} certificate chain. */
  CERTIFICATE_CHAIN_MISSING,
  /** The {@code x5c} chain is no valid PKIX path to a trusted certificate. */
  CERTIFICATE_CHAIN_UNTRUSTED,
  /** The signing certificate lacks the digitalSignature key usage. */
  KEY_USAGE_NOT_ALLOWED,
  /** The signature does not verify over the receipt body with the signing certificate's key. */
  SIGNATURE_INVALID,
  /** The signed body is not a JSON receipt with the required fields. */
  RECEIPT_MALFORMED,
  /** The receipt's {@code sha256} differs from the SHA-256 of the document checked against it. */
  DOCUMENT_DIGEST_MISMATCH;

  /** Returns the short code shown to users, for example {@code signature-invalid}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
