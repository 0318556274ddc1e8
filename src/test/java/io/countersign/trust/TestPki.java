package io.countersign.trust;

import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.CertificateIssuer.RevocationLocations;
import io.countersign.pki.CertificateIssuer.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * One partner's CA hierarchy, issued relative to {@link #NOW}: a root that allows one intermediate,
 * an intermediate, and leaves below the intermediate. Every certificate below the root names the
 * {@link RevocationServer} as its OCSP responder and CRL distribution point.
 */
final class TestPki {

  /** The instant the tests validate at. */
  static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static final Duration ONE_YEAR = Duration.ofDays(365);

  private static final Instant ISSUED = NOW.minus(Duration.ofDays(30));

  final String partner;
  final IssuedCertificate root;
  final IssuedCertificate intermediate;
  private final RevocationServer server;

  /** Issues the root and intermediate of {@code partner} and registers both with the server. */
  TestPki(String partner, RevocationServer server) {
    this.partner = partner;
    this.server = server;
    root =
        CertificateIssuer.selfSignedAuthority(
            "O=" + partner + ",CN=" + partner + " Root CA",
            CertificateIssuer.generateEcKeyPair(),
            NOW.minus(ONE_YEAR),
            Duration.ofDays(10 * 365),
            1);
    intermediate = intermediate("Issuing CA", ISSUED.minus(ONE_YEAR), Duration.ofDays(5 * 365));
    server.addAuthority(rootName(), root);
    server.addAuthority(intermediateName(), intermediate);
  }

  /** Issues an intermediate CA below the root, with the root's revocation locations. */
  IssuedCertificate intermediate(String name, Instant notBefore, Duration validity) {
    return CertificateIssuer.issueAuthority(
        root,
        "O=" + partner + ",CN=" + partner + " " + name,
        CertificateIssuer.generateEcKeyPair(),
        0,
        notBefore,
        validity,
        new RevocationLocations(server.ocspUri(), server.crlUri(rootName())));
  }

  /** Issues a leaf below the intermediate, valid for a year from 30 days before {@link #NOW}. */
  IssuedCertificate leaf(String name, Role role) {
    return leaf(intermediate, name, role, ISSUED, ONE_YEAR, bothLocations());
  }

  IssuedCertificate leaf(
      IssuedCertificate issuer,
      String name,
      Role role,
      Instant notBefore,
      Duration validity,
      RevocationLocations locations) {
    return CertificateIssuer.issue(
        issuer,
        "O=" + partner + ",CN=" + partner + " " + name,
        CertificateIssuer.generateEcKeyPair(),
        role,
        List.of(),
        notBefore,
        validity,
        locations);
  }

  /** Returns the OCSP responder and the intermediate's CRL as revocation locations. */
  RevocationLocations bothLocations() {
    return new RevocationLocations(server.ocspUri(), server.crlUri(intermediateName()));
  }

  RevocationLocations crlOnly() {
    return new RevocationLocations(null, server.crlUri(intermediateName()));
  }

  RevocationLocations ocspOnly() {
    return new RevocationLocations(server.ocspUri(), null);
  }

  /** Returns the partner's registration, with its root as the only anchor. */
  TrustAnchorSet anchors() {
    return TrustAnchorSet.of(List.of(root.certificate()));
  }

  private String rootName() {
    return partner.toLowerCase(Locale.ROOT) + "-root";
  }

  private String intermediateName() {
    return partner.toLowerCase(Locale.ROOT) + "-intermediate";
  }
}
