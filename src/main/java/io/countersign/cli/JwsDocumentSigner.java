package io.countersign.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSObjectJSON;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Signs a JSON document as a JWS in each form that Countersign accepts. The protected header
 * carries the signing certificate chain in {@code x5c}, so that the server finds the registered
 * certificate, and the signing time in {@code iat}.
 */
final class JwsDocumentSigner {

  /** The JWS forms, with the media type to send each one with. */
  enum Form {
    COMPACT("application/jose"),
    JSON("application/jose+json"),
    DETACHED(null),
    DETACHED_UNENCODED(null);

    private final String mediaType;

    Form(String mediaType) {
      this.mediaType = mediaType;
    }

    /** Returns the request media type, or null when the document is sent with its own type. */
    String mediaType() {
      return mediaType;
    }
  }

  private final PemCredential credential;
  private final JWSAlgorithm algorithm;

  JwsDocumentSigner(PemCredential credential, JWSAlgorithm algorithm) {
    this.credential = credential;
    this.algorithm = algorithm;
  }

  /** Returns RS256 for an RSA key and ES256, ES384 or ES512 to fit an EC key's curve. */
  static JWSAlgorithm defaultAlgorithm(PemCredential credential) {
    if (credential.key() instanceof ECPrivateKey ecKey) {
      int bits = ecKey.getParams().getOrder().bitLength();
      if (bits > 384) {
        return JWSAlgorithm.ES512;
      }
      if (bits > 256) {
        return JWSAlgorithm.ES384;
      }
      return JWSAlgorithm.ES256;
    }
    return JWSAlgorithm.RS256;
  }

  /**
   * Signs {@code document}. Returns the compact serialization, the flattened JSON serialization,
   * or, for the detached forms, the value of the {@code X-JWS-Signature} request header.
   */
  String sign(byte[] document, Form form, Instant signedAt) throws JOSEException {
    JWSHeader.Builder header =
        new JWSHeader.Builder(algorithm)
            .x509CertChain(encodedChain())
            .customParam("iat", signedAt.getEpochSecond());
    if (form == Form.DETACHED_UNENCODED) {
      // RFC 7797: the payload is signed as it is, and b64 must be listed in crit.
      header.base64URLEncodePayload(false).criticalParams(Set.of("b64"));
    } else if (form == Form.COMPACT || form == Form.JSON) {
      header.contentType("json").type(JOSEObjectType.JOSE);
    }
    JWSSigner signer = signer();

    return switch (form) {
      case COMPACT -> signed(header.build(), document, signer).serialize();
      case DETACHED -> signed(header.build(), document, signer).serialize(true);
      case DETACHED_UNENCODED -> signed(header.build(), document, signer).serialize(true);
      case JSON -> {
        JWSObjectJSON json = new JWSObjectJSON(new Payload(document));
        json.sign(header.build(), null, signer);
        yield json.serializeFlattened();
      }
    };
  }

  private static JWSObject signed(JWSHeader header, byte[] document, JWSSigner signer)
      throws JOSEException {
    JWSObject jws = new JWSObject(header, new Payload(document));
    jws.sign(signer);
    return jws;
  }

  private JWSSigner signer() throws JOSEException {
    if (credential.key() instanceof ECPrivateKey ecKey) {
      return new ECDSASigner(ecKey);
    }
    return new RSASSASigner(credential.key());
  }

  private List<Base64> encodedChain() throws JOSEException {
    List<Base64> chain = new ArrayList<>();
    try {
      for (X509Certificate certificate : credential.chain()) {
        chain.add(Base64.encode(certificate.getEncoded()));
      }
    } catch (CertificateEncodingException e) {
      throw new JOSEException("Cannot encode the signing certificate", e);
    }
    return chain;
  }
}
