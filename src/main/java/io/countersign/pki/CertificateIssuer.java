package io.countersign.pki;

import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues X.509 certificates for the development and test PKI with BouncyCastle.
 *
 * <p>Each role gets the key usage and extended key usage that a production CA would give it, so
 * that the same certificate checks run in development as in production.
 */
public final class CertificateIssuer {

  /** What a certificate is for; decides its key usage, extended key usage and names. */
  public enum Role {
    CERTIFICATE_AUTHORITY,
    TLS_SERVER,
    TLS_CLIENT,
    DOCUMENT_SIGNING,
    RECEIPT_SIGNING,
    /** A delegated OCSP responder, which signs OCSP responses for its issuer (RFC 6960 4.2.2.2). */
    OCSP_SIGNING
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A certificate together with its private key. */
  public record IssuedCertificate(X509Certificate certificate, KeyPair keyPair) {}

  /**
   * The locations where relying parties find the revocation status of a certificate: the OCSP
   * responder of the authority information access extension and the CRL distribution point.
   * Either may be null.
   */
  public record RevocationLocations(URI ocspResponder, URI crlDistributionPoint) {

    /** No revocation locations: the certificate gets neither extension. */
    public static final RevocationLocations NONE = new RevocationLocations(null, null);
  }

  /** The contents of a certificate besides its names, key and validity. */
  private record Profile(
      Role role, List<String> dnsNames, int pathLength, RevocationLocations revocationLocations) {}

  private CertificateIssuer() {}

  /** Generates an ECDSA P-256 key pair. */
  public static KeyPair generateEcKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 key generation is not available", e);
    }
  }

  /** Generates an RSA key pair of the given size in bits. */
  public static KeyPair generateRsaKeyPair(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits, RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation is not available", e);
    }
  }

  /** Generates an Ed25519 key pair (RFC 8032). */
  public static KeyPair generateEd25519KeyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 key generation is not available", e);
    }
  }

  /** Issues a self-signed CA certificate valid from {@code notBefore} for {@code validity}. */
  public static IssuedCertificate selfSignedAuthority(
      String subject, KeyPair keyPair, Instant notBefore, Duration validity) {
    return selfSignedAuthority(subject, keyPair, notBefore, validity, 0);
  }

  /**
   * Issues a self-signed CA certificate that allows {@code pathLength} intermediate CAs below it.
   */
  public static IssuedCertificate selfSignedAuthority(
      String subject, KeyPair keyPair, Instant notBefore, Duration validity, int pathLength) {
    X500Name name = new X500Name(subject);
    Profile profile =
        new Profile(Role.CERTIFICATE_AUTHORITY, List.of(), pathLength, RevocationLocations.NONE);
    X509Certificate certificate = build(name, keyPair, name, keyPair, profile, notBefore, validity);
    return new IssuedCertificate(certificate, keyPair);
  }

  /**
   * Issues a certificate for {@code subjectKeys} signed by {@code issuer}.
   *
   * @param dnsNames DNS names or IP addresses for the subject alternative name; only used for
   *     {@link Role#TLS_SERVER}
   */
  public static IssuedCertificate issue(
      IssuedCertificate issuer,
      String subject,
      KeyPair subjectKeys,
      Role role,
      List<String> dnsNames,
      Instant notBefore,
      Duration validity) {
    RevocationLocations none = RevocationLocations.NONE;
    return issue(issuer, subject, subjectKeys, role, dnsNames, notBefore, validity, none);
  }

  /**
   * Issues a certificate like {@link #issue(IssuedCertificate, String, KeyPair, Role, List,
   * Instant, Duration)} that also names where its revocation status is published. A {@link
   * Role#CERTIFICATE_AUTHORITY} certificate issued this way may issue end-entity certificates only.
   */
  public static IssuedCertificate issue(
      IssuedCertificate issuer,
      String subject,
      KeyPair subjectKeys,
      Role role,
      List<String> dnsNames,
      Instant notBefore,
      Duration validity,
      RevocationLocations revocationLocations) {
    Profile profile = new Profile(role, dnsNames, 0, revocationLocations);
    return issue(issuer, subject, subjectKeys, profile, notBefore, validity);
  }

  /**
   * Issues an intermediate CA certificate signed by {@code issuer} that allows {@code pathLength}
   * further intermediate CAs below it.
   */
  public static IssuedCertificate issueAuthority(
      IssuedCertificate issuer,
      String subject,
      KeyPair subjectKeys,
      int pathLength,
      Instant notBefore,
      Duration validity,
      RevocationLocations revocationLocations) {
    Profile profile =
        new Profile(Role.CERTIFICATE_AUTHORITY, List.of(), pathLength, revocationLocations);
    return issue(issuer, subject, subjectKeys, profile, notBefore, validity);
  }

  private static IssuedCertificate issue(
      IssuedCertificate issuer,
      String subject,
      KeyPair subjectKeys,
      Profile profile,
      Instant notBefore,
      Duration validity) {
    X500Name issuerName =
        X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
    X509Certificate certificate =
        build(
            new X500Name(subject),
            subjectKeys,
            issuerName,
            issuer.keyPair(),
            profile,
            notBefore,
            validity);
    return new IssuedCertificate(certificate, subjectKeys);
  }

  private static X509Certificate build(
      X500Name subject,
      KeyPair subjectKeys,
      X500Name issuer,
      KeyPair issuerKeys,
      Profile profile,
      Instant notBefore,
      Duration validity) {
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(127, RANDOM).add(BigInteger.ONE),
              Date.from(notBefore),
              Date.from(notBefore.plus(validity)),
              subject,
              subjectKeys.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          extensions.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
      addRoleExtensions(builder, profile);
      addRevocationLocations(builder, profile.revocationLocations());

      String algorithm = signatureAlgorithm(issuerKeys.getPrivate().getAlgorithm());
      var signer = new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("Failed to issue a certificate for " + subject, e);
    }
  }

  /** Returns the certificate signature algorithm for an issuer key of the given JCA algorithm. */
  private static String signatureAlgorithm(String keyAlgorithm) {
    return switch (keyAlgorithm) {
      case "RSA" -> "SHA256withRSA";
      // The JDK names Ed25519 keys "EdDSA", BouncyCastle names them "Ed25519".
      case "EdDSA", "Ed25519" -> "Ed25519";
      default -> "SHA256withECDSA";
    };
  }

  private static void addRoleExtensions(X509v3CertificateBuilder builder, Profile profile)
      throws CertIOException {
    Role role = profile.role();
    boolean authority = role == Role.CERTIFICATE_AUTHORITY;
    builder.addExtension(
        Extension.basicConstraints,
        true,
        authority ? new BasicConstraints(profile.pathLength()) : new BasicConstraints(false));
    switch (role) {
      case CERTIFICATE_AUTHORITY ->
          builder.addExtension(
              Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      case TLS_SERVER -> {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(
            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(
            Extension.subjectAlternativeName, false, alternativeNames(profile.dnsNames()));
      }
      case TLS_CLIENT -> {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(
            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      }
      case DOCUMENT_SIGNING, RECEIPT_SIGNING ->
          builder.addExtension(
              Extension.keyUsage,
              true,
              new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
      case OCSP_SIGNING -> {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        var ocspSigning = new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning);
        builder.addExtension(Extension.extendedKeyUsage, false, ocspSigning);
        // RFC 6960 4.2.2.2.1: clients need not check the revocation status of the responder.
        builder.addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
      }
    }
  }

  private static void addRevocationLocations(
      X509v3CertificateBuilder builder, RevocationLocations locations) throws CertIOException {
    if (locations.ocspResponder() != null) {
      GeneralName responder = uri(locations.ocspResponder());
      builder.addExtension(
          Extension.authorityInfoAccess,
          false,
          new AuthorityInformationAccess(X509ObjectIdentifiers.ocspAccessMethod, responder));
    }
    if (locations.crlDistributionPoint() != null) {
      var name = new DistributionPointName(new GeneralNames(uri(locations.crlDistributionPoint())));
      var point = new DistributionPoint(name, null, null);
      var points = new CRLDistPoint(new DistributionPoint[] {point});
      builder.addExtension(Extension.cRLDistributionPoints, false, points);
    }
  }

  private static GeneralName uri(URI uri) {
    return new GeneralName(GeneralName.uniformResourceIdentifier, uri.toString());
  }

  private static GeneralNames alternativeNames(List<String> names) {
    GeneralName[] generalNames =
        names.stream()
            .map(
                name ->
                    name.matches("[0-9.]+") || name.contains(":")
                        ? new GeneralName(GeneralName.iPAddress, name)
                        : new GeneralName(GeneralName.dNSName, name))
            .toArray(GeneralName[]::new);
    return new GeneralNames(generalNames);
  }
}
