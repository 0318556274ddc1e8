package io.countersign.client.forwarded;

import java.security.cert.X509Certificate;
import java.util.List;

/** The leaf certificate and the rest of the chain, in TLS order, as a header carried them. */
record ParsedCertificates(X509Certificate leaf, List<X509Certificate> chain) {

  ParsedCertificates {
    chain = List.copyOf(chain);
  }

  /** Splits a list whose first certificate is the leaf. */
  static ParsedCertificates ofLeafFirst(List<X509Certificate> certificates) {
    return new ParsedCertificates(
        certificates.getFirst(), certificates.subList(1, certificates.size()));
  }
}
