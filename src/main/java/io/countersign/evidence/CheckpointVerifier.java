package io.countersign.evidence;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.util.X509CertChainUtils;
import io.countersign.evidence.CheckpointVerification.Failure;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Verifies a stored checkpoint without the server: the statement is canonical and matches the
 * row, the detached JWS (RFC 7515 Appendix F) verifies over the statement with the key of the
 * first {@code x5c} certificate, and a time-stamp token, if present, covers the statement's SHA-256
 * ({@link TimeStampTokens}).
 *
 * <p>Created {@link #trusting} CA certificates, the verifier also requires the {@code x5c} chain
 * to be a valid PKIX path to one of them at the checkpoint's time, without revocation checks.
 * Created {@link #withoutTrustAnchors}, it proves only that the holder of the embedded key signed,
 * so the caller must compare that certificate with the server's receipt certificate.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CheckpointVerifier {

  private static final Set<JWSAlgorithm> SIGNATURE_ALGORITHMS =
      Stream.concat(JWSAlgorithm.Family.RSA.stream(), JWSAlgorithm.Family.EC.stream())
          .collect(Collectors.toUnmodifiableSet());

  private final List<X509Certificate> trustedCertificates;

  private CheckpointVerifier(List<X509Certificate> trustedCertificates) {
    this.trustedCertificates = List.copyOf(trustedCertificates);
  }

  /** Creates a verifier that requires the signing certificate to chain to one of these. */
  public static CheckpointVerifier trusting(List<X509Certificate> trustedCertificates) {
    if (trustedCertificates.isEmpty()) {
      throw new IllegalArgumentException("A checkpoint verifier needs a trusted certificate");
    }
    return new CheckpointVerifier(trustedCertificates);
  }

  /** Creates a verifier that accepts any signing certificate whose key verifies the signature. */
  public static CheckpointVerifier withoutTrustAnchors() {
    return new CheckpointVerifier(List.of());
  }

  public CheckpointVerification verify(StoredCheckpoint checkpoint) {
    try {
      requireMatchingStatement(checkpoint);
      JWSObject jws = parseSignature(checkpoint);
      List<X509Certificate> chain = parseChain(jws);
      if (!trustedCertificates.isEmpty()) {
        validatePath(chain, checkpoint);
      }
      verifySignature(jws, chain.getFirst());
      return new CheckpointVerification.Verified(chain.getFirst(), timeStampTime(checkpoint));
    } catch (RejectedCheckpoint e) {
      return new CheckpointVerification.Rejected(e.failure, e.getMessage());
    }
  }

  private static void requireMatchingStatement(StoredCheckpoint checkpoint)
      throws RejectedCheckpoint {
    CheckpointStatement statement;
    try {
      statement = CheckpointStatement.parse(checkpoint.statement());
    } catch (ParseException e) {
      throw new RejectedCheckpoint(Failure.STATEMENT_MALFORMED, e.getMessage());
    }
    boolean matches =
        statement.sequence() == checkpoint.sequence()
            && statement.headHash().equals(checkpoint.headHash())
            && statement.createdAt().equals(checkpoint.createdAt());
    if (!matches) {
      throw new RejectedCheckpoint(
          Failure.STATEMENT_MISMATCH,
          "The signed statement "
              + statement
              + " differs from the row's sequence "
              + checkpoint.sequence()
              + ", head hash "
              + checkpoint.headHash()
              + " and time "
              + checkpoint.createdAt());
    }
  }

  private static JWSObject parseSignature(StoredCheckpoint checkpoint) throws RejectedCheckpoint {
    JWSObject jws;
    try {
      jws = JWSObject.parse(checkpoint.signature().strip(), new Payload(checkpoint.statement()));
    } catch (ParseException e) {
      throw new RejectedCheckpoint(
          Failure.SIGNATURE_MALFORMED, "The signature is not a detached compact JWS: " + e.getMessage());
    }
    JWSAlgorithm algorithm = jws.getHeader().getAlgorithm();
    if (!SIGNATURE_ALGORITHMS.contains(algorithm)) {
      throw new RejectedCheckpoint(
          Failure.ALGORITHM_NOT_ALLOWED, "JWS algorithm " + algorithm + " is not RSA or ECDSA");
    }
    return jws;
  }

  private static List<X509Certificate> parseChain(JWSObject jws) throws RejectedCheckpoint {
    if (jws.getHeader().getX509CertChain() == null || jws.getHeader().getX509CertChain().isEmpty()) {
      throw new RejectedCheckpoint(
          Failure.CERTIFICATE_CHAIN_MISSING, "The JWS header has no x5c certificate chain");
    }
    try {
      return X509CertChainUtils.parse(jws.getHeader().getX509CertChain());
    } catch (ParseException e) {
      throw new RejectedCheckpoint(
          Failure.SIGNATURE_MALFORMED, "The x5c chain contains an invalid certificate: " + e.getMessage());
    }
  }

  private void validatePath(List<X509Certificate> chain, StoredCheckpoint checkpoint)
      throws RejectedCheckpoint {
    List<X509Certificate> path = new ArrayList<>(chain);
    // A PKIX path ends below its trust anchor, so trusted certificates at the end are dropped.
    while (path.size() > 1 && trustedCertificates.contains(path.getLast())) {
      path.removeLast();
    }
    try {
      Set<TrustAnchor> anchors =
          trustedCertificates.stream()
              .map(certificate -> new TrustAnchor(certificate, null))
              .collect(Collectors.toUnmodifiableSet());
      PKIXParameters parameters = new PKIXParameters(anchors);
      // NOTE: revocation is not checked, so a revoked receipt certificate still passes.
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(checkpoint.createdAt()));
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(path), parameters);
    } catch (GeneralSecurityException e) {
      throw new RejectedCheckpoint(
          Failure.CERTIFICATE_CHAIN_UNTRUSTED,
          "The x5c chain of "
              + chain.getFirst().getSubjectX500Principal().getName()
              + " is not a valid path to a trusted certificate at "
              + checkpoint.createdAt()
              + ": "
              + e.getMessage());
    }
  }

  private static void verifySignature(JWSObject jws, X509Certificate signer)
      throws RejectedCheckpoint {
    boolean valid;
    try {
      JWSVerifier verifier =
          new DefaultJWSVerifierFactory().createJWSVerifier(jws.getHeader(), signer.getPublicKey());
      valid = jws.verify(verifier);
    } catch (JOSEException e) {
      // A provider error or a key that does not fit the algorithm counts as a failure.
      valid = false;
    }
    if (!valid) {
      throw new RejectedCheckpoint(
          Failure.SIGNATURE_INVALID,
          "The JWS does not verify over the statement with the key of "
              + signer.getSubjectX500Principal().getName());
    }
  }

  private static Instant timeStampTime(StoredCheckpoint checkpoint)
      throws RejectedCheckpoint {
    if (checkpoint.timeStampToken() == null) {
      return null;
    }
    TimeStampToken token;
    try {
      token = new TimeStampToken(ContentInfo.getInstance(checkpoint.timeStampToken()));
    } catch (TSPException | IOException | IllegalArgumentException e) {
      throw new RejectedCheckpoint(
          Failure.TIME_STAMP_INVALID, "The time-stamp token is not RFC 3161 DER: " + e.getMessage());
    }
    Optional<TimeStampTokens.Rejection> rejection =
        TimeStampTokens.verify(token, sha256(checkpoint.statement()));
    if (rejection.isPresent()) {
      throw new RejectedCheckpoint(
          Failure.TIME_STAMP_INVALID,
          rejection.get().failure() + ": " + rejection.get().detail());
    }
    return token.getTimeStampInfo().getGenTime().toInstant();
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** A failed check; caught in {@link #verify} and turned into a rejected outcome. */
  private static final class RejectedCheckpoint extends Exception {
    private final Failure failure;

    RejectedCheckpoint(Failure failure, String detail) {
      // No stack trace: a rejected checkpoint is an expected outcome, not an error.
      super(detail, null, false, false);
      this.failure = failure;
    }
  }
}
