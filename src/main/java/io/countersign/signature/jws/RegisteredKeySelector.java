package io.countersign.signature.jws;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.X509CertChainUtils;
import com.nimbusds.jose.util.X509CertUtils;
import io.countersign.platform.RejectionReason;
import io.countersign.signature.RegisteredHmacKey;
import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.SignerDirectory;
import io.countersign.signature.SignerLookup;
import io.countersign.trust.CertificateSummary;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Selects the registered keys that may have made a signature. Header parameters only select: the
 * keys returned come from the {@link SignerDirectory}, never from the JWS.
 *
 * <p>For asymmetric algorithms the first of these that is present decides:
 *
 * <ol>
 *   <li>{@code x5c}: the registration of its first (leaf) certificate, looked up among all
 *       partners, so that a certificate of another partner is found and then rejected as such;
 *   <li>{@code x5t#S256}: the expected partner's certificate with that SHA-256 thumbprint;
 *   <li>{@code kid}: the expected partner's certificates whose SHA-256 fingerprint in hexadecimal
 *       (any case, no colons) or whose RFC 7638 JWK thumbprint equals it. A {@code kid} that
 *       matches none is treated as opaque, and every certificate of the partner is tried;
 *   <li>otherwise every certificate registered to the expected partner.
 * </ol>
 *
 * <p>HMAC algorithms use only the partner's registered HMAC keys, those with the {@code kid} as key
 * ID first, and never a certificate: a public key used as an HMAC secret would let anyone who has
 * the certificate forge signatures. {@code jwk} is ignored.
 */
final class RegisteredKeySelector {

  private static final List<String> CERTIFICATE_HINTS = List.of("x5c", "x5t#S256", "x5t");

  private RegisteredKeySelector() {}

  static List<CandidateKey> select(
      SignedPart part, String expectedPartnerId, SignerDirectory directory) throws JwsRejection {
    if (JWSAlgorithm.Family.HMAC_SHA.contains(part.header().getAlgorithm())) {
      return hmacKeys(part, expectedPartnerId, directory);
    }
    return certificates(part, expectedPartnerId, directory).stream()
        .map(signer -> (CandidateKey) new CandidateKey.SignerCertificate(signer))
        .toList();
  }

  private static List<CandidateKey> hmacKeys(
      SignedPart part, String expectedPartnerId, SignerDirectory directory) throws JwsRejection {
    for (String hint : CERTIFICATE_HINTS) {
      if (part.parameter(hint) != null) {
        throw new JwsRejection(
            RejectionReason.ALGORITHM_NOT_ALLOWED,
            "The JWS algorithm "
                + part.algorithm()
                + " is an HMAC, but the header identifies a certificate with '"
                + hint
                + "'. A certificate's public key is never used as an HMAC secret. Sign with the"
                + " certificate's private key and an asymmetric algorithm such as ES256.");
      }
    }

    List<RegisteredHmacKey> keys = directory.hmacKeysOf(expectedPartnerId);
    if (keys.isEmpty()) {
      throw new JwsRejection(
          RejectionReason.ALGORITHM_NOT_ALLOWED,
          "The JWS algorithm "
              + part.algorithm()
              + " is an HMAC, but partner '"
              + expectedPartnerId
              + "' has no registered HMAC key, and a public key is never used as an HMAC secret."
              + " Sign with an asymmetric algorithm such as ES256.");
    }

    String keyId = part.header().getKeyID();
    List<RegisteredHmacKey> named =
        keys.stream().filter(key -> keyId != null && keyId.equals(key.keyId())).toList();
    return (named.isEmpty() ? keys : named)
        .stream().map(key -> (CandidateKey) new CandidateKey.HmacKey(key)).toList();
  }

  private static List<RegisteredSigner> certificates(
      SignedPart part, String expectedPartnerId, SignerDirectory directory) throws JwsRejection {
    List<X509Certificate> chain = x5cChain(part);
    if (!chain.isEmpty()) {
      return List.of(registrationOf(chain, directory));
    }

    List<RegisteredSigner> signers = directory.signersOf(expectedPartnerId);
    Object thumbprint = part.parameter("x5t#S256");
    if (thumbprint != null) {
      return List.of(byThumbprint(thumbprint.toString(), signers, expectedPartnerId));
    }

    if (signers.isEmpty()) {
      throw new JwsRejection(
          RejectionReason.SIGNER_CERTIFICATE_UNKNOWN,
          "Partner '"
              + expectedPartnerId
              + "' has no registered signing certificate to verify the JWS with. Register the"
              + " signing certificate first.");
    }
    List<RegisteredSigner> named = byKeyId(part.header().getKeyID(), signers);
    return named.isEmpty() ? signers : named;
  }

  /** Returns the x5c certificates, leaf first, or an empty list when the header has none. */
  private static List<X509Certificate> x5cChain(SignedPart part) throws JwsRejection {
    Object chain = part.parameter("x5c");
    if (chain == null) {
      return List.of();
    }

    List<X509Certificate> certificates = new ArrayList<>();
    try {
      if (chain instanceof List<?> entries && !entries.isEmpty()) {
        for (Base64 encoded : X509CertChainUtils.toBase64List(List.copyOf(entries))) {
          X509Certificate certificate = X509CertUtils.parse(encoded.decode());
          if (certificate == null) {
            certificates.clear();
            break;
          }
          certificates.add(certificate);
        }
      }
    } catch (ParseException | RuntimeException e) {
      certificates.clear();
    }

    if (certificates.isEmpty()) {
      throw JwsParser.malformed(
          "The x5c header parameter is not a non-empty array of base64 DER certificates. Send the"
              + " signer certificate first, DER-encoded in base64 (not base64url).");
    }
    return certificates;
  }

  private static RegisteredSigner registrationOf(
      List<X509Certificate> chain, SignerDirectory directory) throws JwsRejection {
    X509Certificate leaf = chain.getFirst();
    SignerLookup lookup = directory.lookUp(leaf, chain.subList(1, chain.size()));
    if (lookup instanceof SignerLookup.Rejected rejected) {
      throw new JwsRejection(rejected.rejection().reason(), rejected.rejection().detail());
    }
    if (!(lookup instanceof SignerLookup.Registered registered)) {
      throw new JwsRejection(
          RejectionReason.SIGNER_CERTIFICATE_UNKNOWN,
          "The x5c signer certificate ("
              + CertificateSummary.of(leaf).describe()
              + ") is not registered to any partner. Sign with a certificate registered to your"
              + " partner account, or register this one.");
    }
    return registered.signer();
  }

  private static RegisteredSigner byThumbprint(
      String thumbprint, List<RegisteredSigner> signers, String expectedPartnerId)
      throws JwsRejection {
    for (RegisteredSigner signer : signers) {
      Base64URL registered = X509CertUtils.computeSHA256Thumbprint(signer.certificate());
      if (thumbprint.equals(registered.toString())) {
        return signer;
      }
    }
    throw new JwsRejection(
        RejectionReason.SIGNER_CERTIFICATE_UNKNOWN,
        "The x5t#S256 thumbprint matches no signing certificate registered to partner '"
            + expectedPartnerId
            + "'. Sign with a registered certificate, or send it in x5c.");
  }

  private static List<RegisteredSigner> byKeyId(String keyId, List<RegisteredSigner> signers) {
    if (keyId == null) {
      return List.of();
    }
    return signers.stream().filter(signer -> matchesKeyId(keyId, signer.certificate())).toList();
  }

  private static boolean matchesKeyId(String keyId, X509Certificate certificate) {
    return keyId.equalsIgnoreCase(CertificateSummary.fingerprint(certificate))
        || keyId.equals(jwkThumbprint(certificate));
  }

  /** Returns the RFC 7638 thumbprint of the certificate's key, or null for unsupported keys. */
  private static String jwkThumbprint(X509Certificate certificate) {
    try {
      return Objects.toString(JWK.parse(certificate).computeThumbprint(), null);
    } catch (JOSEException | RuntimeException e) {
      return null;
    }
  }
}
