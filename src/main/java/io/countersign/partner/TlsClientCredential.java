package io.countersign.partner;

import java.time.Instant;

/**
 * A TLS client certificate pinned to a partner by its SHA-256 fingerprint, with an optional
 * registration window so that an old and a new certificate overlap during rotation.
 *
 * @param sha256 lower-case hex SHA-256 fingerprint of the certificate's DER encoding
 * @param notBefore start of the registration window, or {@code null} for none
 * @param notAfter end of the registration window, or {@code null} for none
 */
public record TlsClientCredential(String sha256, Instant notBefore, Instant notAfter) {}
