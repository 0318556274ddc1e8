package io.countersign.signature.jws;

import com.nimbusds.jose.CriticalHeaderParamsAware;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.CriticalHeaderParamsDeferral;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.util.Set;

/**
 * Verifies EdDSA JWS signatures with an Ed25519 key (RFC 8037) through the JDK's {@code Ed25519}
 * signature.
 *
 * <p>NOTE: Nimbus' own {@code Ed25519Verifier} needs Google Tink at run time, which the project
 * does not ship. This verifier fills that role through the JDK, behind the same Nimbus interface,
 * so that Nimbus still parses the JWS, composes the signing input and defers critical parameters.
 */
final class JdkEd25519Verifier implements JWSVerifier, CriticalHeaderParamsAware {

  private static final String ED25519 = NamedParameterSpec.ED25519.getName();

  private final EdECPublicKey publicKey;
  private final CriticalHeaderParamsDeferral criticalParameters =
      new CriticalHeaderParamsDeferral();
  private final JCAContext jcaContext = new JCAContext();

  JdkEd25519Verifier(EdECPublicKey publicKey, Set<String> deferredCriticalParameters)
      throws JOSEException {
    if (!ED25519.equalsIgnoreCase(publicKey.getParams().getName())) {
      throw new JOSEException("The EdDSA key is not an Ed25519 key");
    }
    this.publicKey = publicKey;
    criticalParameters.setDeferredCriticalHeaderParams(deferredCriticalParameters);
  }

  @Override
  public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature)
      throws JOSEException {
    if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
      throw new JOSEException("Unsupported JWS algorithm " + header.getAlgorithm());
    }
    if (!criticalParameters.headerPasses(header)) {
      return false;
    }

    try {
      Signature verifier = Signature.getInstance(ED25519);
      verifier.initVerify(publicKey);
      verifier.update(signingInput);
      return verifier.verify(signature.decode());
    } catch (SignatureException e) {
      // A value of the wrong length or a non-canonical S is an invalid signature.
      return false;
    } catch (InvalidKeyException e) {
      throw new JOSEException("The JDK rejected the Ed25519 key", e);
    } catch (GeneralSecurityException e) {
      throw new JOSEException("The JDK provides no Ed25519 signature", e);
    }
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return Set.of(JWSAlgorithm.EdDSA);
  }

  @Override
  public JCAContext getJCAContext() {
    return jcaContext;
  }

  @Override
  public Set<String> getProcessedCriticalHeaderParams() {
    return criticalParameters.getProcessedCriticalHeaderParams();
  }

  @Override
  public Set<String> getDeferredCriticalHeaderParams() {
    return criticalParameters.getDeferredCriticalHeaderParams();
  }
}
