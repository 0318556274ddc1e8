package io.countersign.signature.jws;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Set;

/**
 * Signs EdDSA JWS with the JDK's Ed25519, because Nimbus' {@code Ed25519Signer} needs Google Tink,
 * which the project does not ship. Test code only.
 */
final class JdkEd25519Signer implements JWSSigner {

  private final PrivateKey privateKey;

  JdkEd25519Signer(PrivateKey privateKey) {
    this.privateKey = privateKey;
  }

  @Override
  public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(privateKey);
      signer.update(signingInput);
      return Base64URL.encode(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new JOSEException("Ed25519 signing failed", e);
    }
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return Set.of(JWSAlgorithm.EdDSA);
  }

  @Override
  public JCAContext getJCAContext() {
    return new JCAContext();
  }
}
