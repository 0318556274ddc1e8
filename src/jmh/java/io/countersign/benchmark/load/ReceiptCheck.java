package io.countersign.benchmark.load;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.X509CertUtils;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a sampled receipt as a partner would: an ES256 detached JWS over the exact receipt
 * bytes, by the first {@code x5c} certificate, which a trusted CA issued, and a receipt that
 * names the partner and the SHA-256 and size of the document sent.
 */
final class ReceiptCheck {

  private final List<X509Certificate> authorities;

  ReceiptCheck(List<X509Certificate> authorities) {
    this.authorities = authorities;
  }

  /** Returns why the sample's receipt failed, or empty if it verified. */
  Optional<String> failure(LoadRun.Sample sample) {
    if (sample.status() != 201) {
      return Optional.of("HTTP status " + sample.status() + " instead of 201");
    }
    if (sample.receiptJws() == null) {
      return Optional.of("no X-JWS-Signature header");
    }
    try {
      JWSObject jws = JWSObject.parse(sample.receiptJws(), new Payload(sample.body()));
      if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())) {
        return Optional.of("algorithm " + jws.getHeader().getAlgorithm() + " instead of ES256");
      }
      X509Certificate signer = firstCertificate(jws.getHeader().getX509CertChain());
      if (!issuedByAuthority(signer)) {
        return Optional.of("receipt certificate " + signer.getSubjectX500Principal() + " not issued by the CA");
      }
      if (!jws.verify(new ECDSAVerifier((ECPublicKey) signer.getPublicKey()))) {
        return Optional.of("receipt signature invalid");
      }
      return receiptContent(sample);
    } catch (ParseException | JOSEException | RuntimeException e) {
      return Optional.of("receipt not readable: " + e);
    }
  }

  private Optional<String> receiptContent(LoadRun.Sample sample) throws ParseException {
    Map<String, Object> receipt =
        JSONObjectUtils.parse(new String(sample.body(), StandardCharsets.UTF_8));
    String sha256 = HexFormat.of().formatHex(sha256(sample.document()));
    if (!sample.partnerId().equals(receipt.get("partner"))) {
      return Optional.of("receipt names partner " + receipt.get("partner"));
    }
    if (!sha256.equals(receipt.get("sha256"))) {
      return Optional.of("receipt SHA-256 " + receipt.get("sha256") + " instead of " + sha256);
    }
    if (!(receipt.get("size") instanceof Number size) || size.longValue() != sample.document().length) {
      return Optional.of("receipt size " + receipt.get("size") + " instead of " + sample.document().length);
    }
    return Optional.empty();
  }

  private static X509Certificate firstCertificate(List<Base64> chain) {
    if (chain == null || chain.isEmpty()) {
      throw new IllegalArgumentException("the JWS header has no x5c");
    }
    X509Certificate certificate = X509CertUtils.parse(chain.getFirst().decode());
    if (certificate == null) {
      throw new IllegalArgumentException("the first x5c entry is not a certificate");
    }
    return certificate;
  }

  private boolean issuedByAuthority(X509Certificate certificate) {
    for (X509Certificate authority : authorities) {
      try {
        certificate.verify(authority.getPublicKey());
        certificate.checkValidity();
        return true;
      } catch (GeneralSecurityException e) {
        // Not this authority, or no longer valid: try the next one.
      }
    }
    return false;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
