package io.countersign.cli;

import static io.countersign.cli.ReceiptRejection.ALGORITHM_NOT_ALLOWED;
import static io.countersign.cli.ReceiptRejection.CERTIFICATE_CHAIN_MISSING;
import static io.countersign.cli.ReceiptRejection.CERTIFICATE_CHAIN_UNTRUSTED;
import static io.countersign.cli.ReceiptRejection.DOCUMENT_DIGEST_MISMATCH;
import static io.countersign.cli.ReceiptRejection.KEY_USAGE_NOT_ALLOWED;
import static io.countersign.cli.ReceiptRejection.RECEIPT_MALFORMED;
import static io.countersign.cli.ReceiptRejection.SIGNATURE_INVALID;
import static io.countersign.cli.ReceiptRejection.SIGNATURE_MALFORMED;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.X509CertChainUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Verifies a Countersign receipt: the JSON body and its detached JWS in compact serialization
 * (RFC 7515 Appendix F), as the server sends it in the {@code X-JWS-Signature} header.
 *
 * <p>A {@link ReceiptOutcome.Verified} outcome guarantees that:
 *
 * <ul>
 *   <li>the JWS algorithm is an RSA or ECDSA signature algorithm, never {@code none} or an HMAC;
 *   <li>the {@code x5c} chain is a valid PKIX path to one of the trusted certificates at the
 *       clock's current time;
 *   <li>the first certificate of the chain has the digitalSignature key usage, and its public key
 *       verifies the signature over the exact body bytes;
 *   <li>the body is a JSON object with the string fields {@code documentId} and {@code partner},
 *       an ISO-8601 instant in {@code receivedAt} and 64 lower-case hex digits in {@code sha256};
 *   <li>when a document is given, {@code sha256} is the SHA-256 of its bytes, and when a digest
 *       is given, {@code sha256} is that digest.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ReceiptVerifier {

  /**
   * The allowed JWS algorithms. EdDSA is left out because Nimbus' verifier factory only takes
   * EdDSA keys as JWKs, not as the public key of an X.509 certificate.
   */
  private static final Set<JWSAlgorithm> SIGNATURE_ALGORITHMS =
      Stream.concat(JWSAlgorithm.Family.RSA.stream(), JWSAlgorithm.Family.EC.stream())
          .collect(Collectors.toUnmodifiableSet());

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private final List<X509Certificate> trustedCertificates;
  private final Set<TrustAnchor> trustAnchors;
  private final Clock clock;

  /**
   * Creates a verifier that accepts receipts whose chain leads to one of {@code
   * trustedCertificates}, usually the CA that issued the receipt signing certificate.
   *
   * @param clock the source of the time at which certificate validity is checked
   */
  public ReceiptVerifier(List<X509Certificate> trustedCertificates, Clock clock) {
    if (trustedCertificates.isEmpty()) {
      throw new IllegalArgumentException(
          "A receipt verifier needs at least one trusted certificate");
    }
    this.trustedCertificates = List.copyOf(trustedCertificates);
    this.trustAnchors =
        trustedCertificates.stream()
            .map(certificate -> new TrustAnchor(certificate, null))
            .collect(Collectors.toUnmodifiableSet());
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Verifies a receipt body against its detached JWS. */
  public ReceiptOutcome verify(byte[] body, String detachedJws) {
    return verify(body, detachedJws, null);
  }

  /**
   * Verifies a receipt body against its detached JWS and, unless {@code document} is null, checks
   * that the receipt's {@code sha256} is the SHA-256 of {@code document}.
   */
  public ReceiptOutcome verify(byte[] body, String detachedJws, byte[] document) {
    return verifyWithDigest(body, detachedJws, document == null ? null : sha256Hex(document));
  }

  /**
   * Verifies a receipt body against its detached JWS and checks that the receipt's {@code sha256}
   * is {@code documentSha256}, the SHA-256 of a document that the caller hashed, for example with
   * {@link #sha256Hex(Path)} because the document is too large to read into memory.
   *
   * @param documentSha256 lower-case hexadecimal, or null to check no document
   */
  public ReceiptOutcome verifyWithDigest(byte[] body, String detachedJws, String documentSha256) {
    try {
      JWSObject jws = parseSignature(body, detachedJws);
      List<X509Certificate> chain = verifySigned(jws);

      Map<String, Object> fields = parseReceipt(body);
      Instant receivedAt = parseReceivedAt(fields);
      if (documentSha256 != null) {
        requireDocumentDigest((String) fields.get("sha256"), documentSha256);
      }
      return new ReceiptOutcome.Verified(
          new VerifiedReceipt(body, fields, receivedAt, jws.getHeader().getAlgorithm(), chain));
    } catch (RejectedReceipt e) {
      return new ReceiptOutcome.Rejected(e.reason, e.getMessage());
    }
  }

  /**
   * Verifies a detached JWS that the receipt key made over other bytes than a receipt, such as a
   * checkpoint statement, with every check of {@link #verify} except those on the receipt fields.
   *
   * @return empty when the signature verified, or the rejection
   */
  public Optional<ReceiptOutcome.Rejected> verifySignature(byte[] body, String detachedJws) {
    try {
      verifySigned(parseSignature(body, detachedJws));
      return Optional.empty();
    } catch (RejectedReceipt e) {
      return Optional.of(new ReceiptOutcome.Rejected(e.reason, e.getMessage()));
    }
  }

  /** Checks the algorithm, the x5c path and the signature; returns the x5c chain. */
  private List<X509Certificate> verifySigned(JWSObject jws) throws RejectedReceipt {
    requireSignatureAlgorithm(jws.getHeader().getAlgorithm());

    List<X509Certificate> chain = parseChain(jws.getHeader().getX509CertChain());
    validatePath(chain);
    X509Certificate signer = chain.getFirst();
    requireDigitalSignature(signer);
    verifySignature(jws, signer);
    return chain;
  }

  private static JWSObject parseSignature(byte[] body, String detachedJws)
      throws RejectedReceipt {
    // A trailing line break is common in a saved .jws file and is not part of the serialization.
    String compact = detachedJws.strip();
    try {
      return JWSObject.parse(compact, new Payload(body));
    } catch (ParseException e) {
      rejectUnsecured(compact);
      throw new RejectedReceipt(
          SIGNATURE_MALFORMED,
          "The receipt signature is not a detached JWS in compact serialization: "
              + e.getMessage());
    }
  }

  /** Reports alg none as a disallowed algorithm, because Nimbus rejects it as malformed JWS. */
  private static void rejectUnsecured(String compact) throws RejectedReceipt {
    Header header;
    try {
      header = Header.parse(JOSEObject.split(compact)[0]);
    } catch (ParseException e) {
      return;
    }
    if (Algorithm.NONE.equals(header.getAlgorithm())) {
      throw new RejectedReceipt(
          ALGORITHM_NOT_ALLOWED, "The receipt signature is unsecured (alg none)");
    }
  }

  private static void requireSignatureAlgorithm(JWSAlgorithm algorithm) throws RejectedReceipt {
    if (!SIGNATURE_ALGORITHMS.contains(algorithm)) {
      throw new RejectedReceipt(
          ALGORITHM_NOT_ALLOWED,
          "JWS algorithm "
              + algorithm
              + " is not allowed: a receipt must be signed with an RSA or ECDSA algorithm");
    }
  }

  private static List<X509Certificate> parseChain(List<Base64> x5c) throws RejectedReceipt {
    if (x5c == null || x5c.isEmpty()) {
      throw new RejectedReceipt(
          CERTIFICATE_CHAIN_MISSING, "The JWS header has no x5c certificate chain");
    }
    try {
      return X509CertChainUtils.parse(x5c);
    } catch (ParseException e) {
      throw new RejectedReceipt(
          SIGNATURE_MALFORMED, "The x5c chain contains an invalid certificate: " + e.getMessage());
    }
  }

  private void validatePath(List<X509Certificate> chain) throws RejectedReceipt {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      CertPath path = factory.generateCertPath(withoutTrailingTrusted(chain));
      PKIXParameters parameters = new PKIXParameters(trustAnchors);
      // NOTE: revocation is not checked (no CRL or OCSP), so a revoked signing certificate passes.
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(clock.instant()));
      CertPathValidator.getInstance("PKIX").validate(path, parameters);
    } catch (CertPathValidatorException e) {
      throw new RejectedReceipt(
          CERTIFICATE_CHAIN_UNTRUSTED,
          "The x5c chain of "
              + subject(chain.getFirst())
              + " is not a valid path to a trusted certificate: "
              + describe(e));
    } catch (CertificateException e) {
      throw new RejectedReceipt(
          SIGNATURE_MALFORMED, "The x5c chain is not a certificate path: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PKIX path validation is not available", e);
    }
  }

  /**
   * Drops trusted certificates from the end of the chain, because a PKIX path ends below its trust
   * anchor. The first certificate stays, so that a directly trusted signer still has its validity
   * checked.
   */
  private List<X509Certificate> withoutTrailingTrusted(List<X509Certificate> chain) {
    List<X509Certificate> path = new ArrayList<>(chain);
    while (path.size() > 1 && trustedCertificates.contains(path.getLast())) {
      path.removeLast();
    }
    return path;
  }

  /**
   * Requires the digitalSignature key usage. A certificate without the key usage extension is
   * rejected too, although RFC 5280 section 4.2.1.3 would allow any usage, because a receipt is
   * evidence and its certificate must state what the key is for.
   */
  private static void requireDigitalSignature(X509Certificate signer) throws RejectedReceipt {
    boolean[] keyUsage = signer.getKeyUsage();
    if (keyUsage == null || !keyUsage[0]) {
      throw new RejectedReceipt(
          KEY_USAGE_NOT_ALLOWED,
          "The signing certificate " + subject(signer) + " lacks the digitalSignature key usage");
    }
  }

  private static void verifySignature(JWSObject jws, X509Certificate signer)
      throws RejectedReceipt {
    JWSVerifier verifier;
    try {
      verifier =
          new DefaultJWSVerifierFactory().createJWSVerifier(jws.getHeader(), signer.getPublicKey());
    } catch (JOSEException e) {
      throw new RejectedReceipt(
          ALGORITHM_NOT_ALLOWED,
          "JWS algorithm "
              + jws.getHeader().getAlgorithm()
              + " does not fit the "
              + signer.getPublicKey().getAlgorithm()
              + " key of "
              + subject(signer)
              + ": "
              + e.getMessage());
    }

    boolean valid;
    try {
      valid = jws.verify(verifier);
    } catch (JOSEException e) {
      // A provider error counts as a failed verification, never as a pass.
      valid = false;
    }
    if (!valid) {
      throw new RejectedReceipt(
          SIGNATURE_INVALID,
          "The JWS signature does not verify over the receipt body with the key of "
              + subject(signer));
    }
  }

  private static Map<String, Object> parseReceipt(byte[] body) throws RejectedReceipt {
    Map<String, Object> fields;
    try {
      fields = JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
    } catch (ParseException e) {
      throw new RejectedReceipt(
          RECEIPT_MALFORMED, "The receipt body is not a JSON object: " + e.getMessage());
    }

    for (String name : List.of("documentId", "partner", "receivedAt", "sha256")) {
      if (!(fields.get(name) instanceof String)) {
        throw new RejectedReceipt(
            RECEIPT_MALFORMED, "The receipt field " + name + " is missing or not a string");
      }
    }
    String sha256 = (String) fields.get("sha256");
    if (!SHA256_HEX.matcher(sha256).matches()) {
      throw new RejectedReceipt(
          RECEIPT_MALFORMED,
          "The receipt field sha256 is not 64 lower-case hex digits: '" + sha256 + "'");
    }
    return fields;
  }

  private static Instant parseReceivedAt(Map<String, Object> fields) throws RejectedReceipt {
    String receivedAt = (String) fields.get("receivedAt");
    try {
      return Instant.parse(receivedAt);
    } catch (DateTimeParseException e) {
      throw new RejectedReceipt(
          RECEIPT_MALFORMED,
          "The receipt field receivedAt is not an ISO-8601 instant: '" + receivedAt + "'");
    }
  }

  private static void requireDocumentDigest(String receiptSha256, String documentSha256)
      throws RejectedReceipt {
    if (!documentSha256.equals(receiptSha256)) {
      throw new RejectedReceipt(
          DOCUMENT_DIGEST_MISMATCH,
          "The receipt's sha256 "
              + receiptSha256
              + " differs from the document's SHA-256 "
              + documentSha256);
    }
  }

  /** Returns the SHA-256 of {@code bytes} in lower-case hexadecimal, as receipts state it. */
  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  /**
   * Returns the SHA-256 of the file's content in lower-case hexadecimal, as receipts state it. The
   * file is read in blocks, so its size does not matter.
   */
  public static String sha256Hex(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Describes a PKIX failure with its cause, which names the expired or unknown certificate. */
  private static String describe(CertPathValidatorException e) {
    Throwable cause = e.getCause();
    return cause == null || cause.getMessage() == null
        ? e.getMessage()
        : e.getMessage() + " (" + cause.getMessage() + ")";
  }

  private static String subject(X509Certificate certificate) {
    return "'" + certificate.getSubjectX500Principal().getName() + "'";
  }

  /** A failed check; caught in {@link #verify} and turned into a rejected outcome. */
  private static final class RejectedReceipt extends Exception {
    private final ReceiptRejection reason;

    RejectedReceipt(ReceiptRejection reason, String detail) {
      // No stack trace: the rejection is an expected outcome, not an error.
      super(detail, null, false, false);
      this.reason = reason;
    }
  }
}
