package io.countersign.trust;

import java.security.cert.CertPath;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/** The result of validating a certificate path: valid, or invalid with a reason. */
public sealed interface PathValidation {

  /**
   * A path to one of the partner's trust anchors on which every check passed. Only {@link
   * CertificatePathValidator} creates it.
   */
  final class Valid implements PathValidation {

    private final CertPath path;
    private final X509Certificate anchor;
    private final List<RevocationEvidence> evidence;

    Valid(CertPath path, X509Certificate anchor, List<RevocationEvidence> evidence) {
      this.path = Objects.requireNonNull(path, "path");
      this.anchor = Objects.requireNonNull(anchor, "anchor");
      this.evidence = List.copyOf(evidence);
    }

    /** Returns the certificates from the validated one up to, but without, the trust anchor. */
    public CertPath path() {
      return path;
    }

    /** Returns the partner's trust anchor that the path ends at. */
    public X509Certificate anchor() {
      return anchor;
    }

    /**
     * Returns the revocation status of each certificate in {@link #path()}, in path order. The list
     * is empty when the policy skips revocation checking.
     */
    public List<RevocationEvidence> evidence() {
      return evidence;
    }
  }

  /** A check failed; {@code detail} names the certificate and what to fix. */
  record Invalid(PathFailure reason, String detail) implements PathValidation {

    public Invalid {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
