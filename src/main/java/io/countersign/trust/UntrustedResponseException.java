package io.countersign.trust;

/**
 * An OCSP response or CRL that was received and parsed but failed verification, so that it must not
 * decide the status of a certificate.
 */
final class UntrustedResponseException extends Exception {

  UntrustedResponseException(String message) {
    super(message);
  }
}
