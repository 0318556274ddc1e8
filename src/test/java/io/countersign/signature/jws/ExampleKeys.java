package io.countersign.signature.jws;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.countersign.signature.RegisteredHmacKey;
import java.security.PublicKey;
import java.text.ParseException;

/**
 * Registers the raw JWKs of public examples: a public key wrapped in a certificate of the test
 * authority, a symmetric key as an HMAC key. The verifier then checks the examples through its
 * production path, with keys from the signer directory.
 */
final class ExampleKeys {

  private ExampleKeys() {}

  /** Adds the key to the directory for the partner. Private parameters of the JWK are dropped. */
  static TestSignerDirectory register(TestSignerDirectory directory, String partnerId, JWK jwk) {
    if (jwk instanceof OctetSequenceKey secret) {
      return directory.with(
          new RegisteredHmacKey(partnerId, jwk.getKeyID(), secret.toByteArray(), null, null));
    }
    PublicKey publicKey = publicKey(jwk);
    var certificate = JwsTestPki.wrap("CN=Example " + jwk.getKeyType(), publicKey);
    return directory.with(TestSignerDirectory.register(partnerId, certificate));
  }

  static JWK parse(String json) {
    try {
      return JWK.parse(json);
    } catch (ParseException e) {
      throw new IllegalArgumentException("Not a JWK: " + json, e);
    }
  }

  private static PublicKey publicKey(JWK jwk) {
    try {
      return switch (jwk) {
        case RSAKey rsa -> rsa.toRSAPublicKey();
        case ECKey ec -> ec.toECPublicKey();
        case OctetKeyPair okp -> JoseConformance.ed25519(okp.getDecodedX());
        default -> throw new IllegalArgumentException("Unsupported JWK type " + jwk.getKeyType());
      };
    } catch (JOSEException e) {
      throw new IllegalArgumentException("Unusable JWK", e);
    }
  }
}
