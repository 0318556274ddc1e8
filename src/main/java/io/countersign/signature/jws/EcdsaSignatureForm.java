package io.countersign.signature.jws;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import io.countersign.platform.RejectionReason;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Set;

/**
 * Checks that an ECDSA signature has the JWS form of RFC 7518 section 3.4: R and S as unsigned
 * big-endian integers of the curve's size, concatenated, each at least 1 and less than the group
 * order.
 *
 * <p>Nimbus 10 and the JDK reject most other values too, but this check runs first so that every
 * such signature is rejected whatever the library version, and with a reason that names the
 * problem. A DER-encoded signature, as most JCA code produces, fails the length check.
 */
final class EcdsaSignatureForm {

  private static final int DER_SEQUENCE_TAG = 0x30;

  private EcdsaSignatureForm() {}

  static void check(JWSAlgorithm algorithm, byte[] signature) throws JwsRejection {
    int length = expectedLength(algorithm);
    if (signature.length != length) {
      throw invalid(
          "The "
              + algorithm
              + " signature has "
              + signature.length
              + " bytes, but JWS requires R and S as two "
              + length / 2
              + "-byte big-endian integers, "
              + length
              + " bytes in all (RFC 7518 section 3.4)."
              + (looksDer(signature) ? " It looks DER-encoded: send R followed by S." : ""));
    }

    BigInteger order = groupOrder(algorithm);
    checkRange("R", new BigInteger(1, Arrays.copyOfRange(signature, 0, length / 2)), order);
    checkRange("S", new BigInteger(1, Arrays.copyOfRange(signature, length / 2, length)), order);
  }

  private static void checkRange(String name, BigInteger value, BigInteger order)
      throws JwsRejection {
    if (value.signum() == 0 || value.compareTo(order) >= 0) {
      throw invalid(
          "The ECDSA signature value "
              + name
              + " is not between 1 and the group order minus 1, so no valid signature has it. Sign"
              + " the document again.");
    }
  }

  private static int expectedLength(JWSAlgorithm algorithm) throws JwsRejection {
    try {
      return ECDSA.getSignatureByteArrayLength(algorithm);
    } catch (JOSEException e) {
      throw invalid("The algorithm " + algorithm + " is not an ECDSA algorithm of JWS.");
    }
  }

  private static BigInteger groupOrder(JWSAlgorithm algorithm) throws JwsRejection {
    Set<Curve> curves = Curve.forJWSAlgorithm(algorithm);
    if (curves == null || curves.size() != 1) {
      throw invalid("The algorithm " + algorithm + " does not name one curve.");
    }
    return curves.iterator().next().toECParameterSpec().getOrder();
  }

  private static boolean looksDer(byte[] signature) {
    return signature.length > 0 && (signature[0] & 0xff) == DER_SEQUENCE_TAG;
  }

  private static JwsRejection invalid(String detail) {
    return new JwsRejection(RejectionReason.SIGNATURE_ENCODING_INVALID, detail);
  }
}
