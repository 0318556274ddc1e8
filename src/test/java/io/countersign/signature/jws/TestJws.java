package io.countersign.signature.jws;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSObjectJSON;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.UnprotectedHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/** Signs test JWS with Nimbus and the test PKI. */
final class TestJws {

  static final byte[] INVOICE =
      "{\"invoice\":{\"id\":\"INV-1\",\"total\":\"100.00\",\"currency\":\"EUR\"}}"
          .getBytes(StandardCharsets.UTF_8);

  private TestJws() {}

  /** Returns a header builder with the algorithm and a current protected iat. */
  static JWSHeader.Builder header(JWSAlgorithm algorithm) {
    return new JWSHeader.Builder(algorithm).customParam("iat", JwsTestPki.NOW.getEpochSecond());
  }

  static JWSHeader.Builder header(JWSAlgorithm algorithm, Instant issuedAt) {
    return new JWSHeader.Builder(algorithm).customParam("iat", issuedAt.getEpochSecond());
  }

  static String compact(IssuedCertificate signer, JWSAlgorithm algorithm, byte[] payload) {
    return compact(signer, header(algorithm).build(), payload);
  }

  static String compact(IssuedCertificate signer, JWSHeader header, byte[] payload) {
    JWSObject jws = new JWSObject(header, new Payload(payload));
    sign(jws, signer(signer.keyPair().getPrivate(), header.getAlgorithm()));
    return jws.serialize();
  }

  static String compactHmac(byte[] secret, JWSHeader header, byte[] payload) {
    JWSObject jws = new JWSObject(header, new Payload(payload));
    sign(jws, macSigner(secret));
    return jws.serialize();
  }

  /** Returns a detached compact JWS over the payload, base64url-encoded or unencoded per header. */
  static String detached(IssuedCertificate signer, JWSHeader header, byte[] payload) {
    JWSObject jws = new JWSObject(header, new Payload(payload));
    sign(jws, signer(signer.keyPair().getPrivate(), header.getAlgorithm()));
    return jws.serialize(true);
  }

  /** Returns a general JSON serialization signed by each signer with its algorithm. */
  static String general(
      byte[] payload, List<IssuedCertificate> signers, List<JWSAlgorithm> algorithms) {
    JWSObjectJSON jws = new JWSObjectJSON(new Payload(payload));
    for (int i = 0; i < signers.size(); i++) {
      JWSHeader header = header(algorithms.get(i)).build();
      try {
        jws.sign(header, signer(signers.get(i).keyPair().getPrivate(), algorithms.get(i)));
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
    }
    return jws.serializeGeneral();
  }

  /** Returns a flattened JSON serialization with an unprotected header. */
  static String flattened(
      IssuedCertificate signer, JWSHeader header, UnprotectedHeader unprotected, byte[] payload) {
    JWSObjectJSON jws = new JWSObjectJSON(new Payload(payload));
    try {
      jws.sign(header, unprotected, signer(signer.keyPair().getPrivate(), header.getAlgorithm()));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jws.serializeFlattened();
  }

  /** Returns the certificate as an x5c entry. */
  static List<Base64> x5c(IssuedCertificate certificate) {
    try {
      return List.of(Base64.encode(certificate.certificate().getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  static JWSHeader withHeader(JWSAlgorithm algorithm, UnaryOperator<JWSHeader.Builder> change) {
    return change.apply(header(algorithm)).build();
  }

  static JWSSigner signer(PrivateKey key, JWSAlgorithm algorithm) {
    try {
      if (JWSAlgorithm.EdDSA.equals(algorithm)) {
        return new JdkEd25519Signer(key);
      }
      if (key instanceof ECPrivateKey ec) {
        return new ECDSASigner(ec);
      }
      return new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static JWSSigner macSigner(byte[] secret) {
    try {
      return new MACSigner(secret);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sign(JWSObject jws, JWSSigner signer) {
    try {
      jws.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
