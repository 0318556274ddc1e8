package io.countersign.client.forwarded;

import io.countersign.platform.Rejection;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/** The result of reading a request's forwarded certificate headers. */
public sealed interface ForwardedCertificateOutcome {

  /** None of the configured headers is present. */
  record NotForwarded() implements ForwardedCertificateOutcome {}

  /**
   * A trusted proxy forwarded a certificate that parsed. The certificate is not yet trusted: which
   * partner it identifies, if any, is for the partner registry to decide.
   *
   * @param chain the certificates after the leaf, in TLS order, as the proxy sent them. Empty when
   *     the format or the proxy sends only the leaf.
   */
  record Forwarded(
      X509Certificate leaf,
      List<X509Certificate> chain,
      String proxyAddress,
      String headerName,
      ForwardedCertificateFormat format)
      implements ForwardedCertificateOutcome {

    public Forwarded {
      Objects.requireNonNull(leaf, "leaf");
      chain = List.copyOf(chain);
      Objects.requireNonNull(proxyAddress, "proxyAddress");
      Objects.requireNonNull(headerName, "headerName");
      Objects.requireNonNull(format, "format");
    }

    /** Returns how the certificate reached the application, for the client identity. */
    public CertificateSource source() {
      return CertificateSource.forwarded(proxyAddress, headerName, format);
    }
  }

  /**
   * A configured header came from a peer that is not a trusted proxy. The caller logs it and treats
   * the request as having no forwarded certificate, because any client can send such a header.
   */
  record IgnoredUntrustedPeer(String remoteAddress, String headerName)
      implements ForwardedCertificateOutcome {}

  /**
   * A trusted proxy sent a value that cannot be parsed, or more than one configured header. The
   * rejection has reason {@link io.countersign.platform.RejectionReason#FORWARDED_CERTIFICATE_MALFORMED}.
   */
  record Malformed(Rejection rejection) implements ForwardedCertificateOutcome {

    public Malformed {
      Objects.requireNonNull(rejection, "rejection");
    }
  }
}
