package io.countersign.signature.xml;

import io.countersign.platform.RejectionReason;
import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.SignerDirectory;
import io.countersign.signature.SignerLookup;
import io.countersign.trust.CertificateSummary;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.keys.KeyInfo;
import org.apache.xml.security.keys.content.X509Data;
import org.apache.xml.security.signature.XMLSignature;

/**
 * Selects the registered certificates that may have made a signature.
 *
 * <p>The certificates in {@code KeyInfo/X509Data} are only hints for the directory lookup. The
 * selector returns registered certificates, never a certificate or key taken from the signature,
 * and ignores KeyValue, RetrievalMethod and every other KeyInfo child.
 */
final class RegisteredSignerSelector {

  private RegisteredSignerSelector() {}

  /**
   * Returns the registration of the first KeyInfo certificate registered in the directory, or, when
   * KeyInfo carries no certificate, every signer registered to the expected partner.
   */
  static List<RegisteredSigner> select(
      XMLSignature signature, String expectedPartnerId, SignerDirectory directory)
      throws SignatureRejection {
    List<X509Certificate> hints = certificateHints(signature.getKeyInfo());
    if (hints.isEmpty() && expectedPartnerId == null) {
      throw new SignatureRejection(
          RejectionReason.SIGNER_CERTIFICATE_UNKNOWN,
          "KeyInfo carries no X509Certificate, and nothing else identifies the sender. Include the"
              + " signer certificate in KeyInfo/X509Data.");
    }
    if (hints.isEmpty()) {
      return signersOfPartner(expectedPartnerId, directory);
    }

    for (X509Certificate hint : hints) {
      switch (directory.lookUp(hint, hints)) {
        case SignerLookup.Registered registered -> {
          return List.of(registered.signer());
        }
        case SignerLookup.Rejected rejected ->
            throw new SignatureRejection(
                rejected.rejection().reason(), rejected.rejection().detail());
        case SignerLookup.NotRegistered notRegistered -> {}
      }
    }
    throw new SignatureRejection(
        RejectionReason.SIGNER_CERTIFICATE_UNKNOWN,
        "The signer certificate in KeyInfo ("
            + CertificateSummary.of(hints.getFirst()).describe()
            + ") is not registered to any partner. Sign with a certificate registered to your"
            + " partner account, or register this one.");
  }

  private static List<RegisteredSigner> signersOfPartner(
      String expectedPartnerId, SignerDirectory directory) throws SignatureRejection {
    List<RegisteredSigner> signers = directory.signersOf(expectedPartnerId);
    if (signers.isEmpty()) {
      throw new SignatureRejection(
          RejectionReason.SIGNER_CERTIFICATE_UNKNOWN,
          "KeyInfo carries no X509Certificate, and partner '"
              + expectedPartnerId
              + "' has no registered signing certificate to try. Include the signer certificate"
              + " in KeyInfo/X509Data, or register it.");
    }
    return signers;
  }

  private static List<X509Certificate> certificateHints(KeyInfo keyInfo) throws SignatureRejection {
    List<X509Certificate> hints = new ArrayList<>();
    if (keyInfo == null) {
      return hints;
    }

    try {
      for (int i = 0; i < keyInfo.lengthX509Data(); i++) {
        X509Data data = keyInfo.itemX509Data(i);
        for (int j = 0; j < data.lengthCertificate(); j++) {
          hints.add(data.itemCertificate(j).getX509Certificate());
        }
      }
    } catch (XMLSecurityException | RuntimeException e) {
      // Runtime exceptions count too, because a hostile certificate must end as a rejection.
      throw new SignatureRejection(
          RejectionReason.SIGNATURE_MALFORMED,
          "KeyInfo contains an X509Certificate that is not a valid base64 DER certificate. Send"
              + " the signer certificate DER-encoded in base64.");
    }
    return hints;
  }
}
