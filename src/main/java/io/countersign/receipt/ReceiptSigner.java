package io.countersign.receipt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import io.countersign.pki.PemFiles;
import io.countersign.signature.xml.XmlDocumentSigner;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs receipts with the server's receipt key as a detached JWS (RFC 7515, Appendix F) over the
 * exact response bytes, with the certificate chain in {@code x5c}.
 *
 * <p>An ECDSA P-256 key signs with ES256, an RSA key with PS256. Anyone holding the receipt bytes
 * can reattach them as the payload and verify with a standard JOSE library.
 */
@ApplicationScoped
public class ReceiptSigner {

  private static final Logger LOG = Logger.getLogger(ReceiptSigner.class.getName());

  @Inject
  @ConfigProperty(name = "countersign.receipt.key")
  String keyFile;

  @Inject
  @ConfigProperty(name = "countersign.receipt.chain")
  String chainFile;

  private JWSSigner signer;
  private JWSHeader header;
  private XmlDocumentSigner xmlSigner;

  @PostConstruct
  void loadKey() {
    try {
      PrivateKey key = PemFiles.readPrivateKey(Path.of(keyFile));
      List<X509Certificate> chain = PemFiles.readCertificates(Path.of(chainFile));
      JWSAlgorithm algorithm;
      if (key instanceof ECPrivateKey ecKey) {
        signer = new ECDSASigner(ecKey);
        algorithm = JWSAlgorithm.ES256;
      } else {
        signer = new RSASSASigner(key);
        algorithm = JWSAlgorithm.PS256;
      }
      xmlSigner = new XmlDocumentSigner(key, chain.getFirst());
      header =
          new JWSHeader.Builder(algorithm)
              .x509CertChain(encode(chain))
              .x509CertSHA256Thumbprint(thumbprint(chain.getFirst()))
              .build();
      LOG.info(
          () ->
              "Receipts are signed with "
                  + algorithm
                  + " by "
                  + chain.getFirst().getSubjectX500Principal().getName());
    } catch (IOException | JOSEException | CertificateEncodingException e) {
      throw new IllegalStateException(
          "Cannot load the receipt signing key "
              + keyFile
              + " or its chain "
              + chainFile
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Returns the detached JWS over {@code receipt}: {@code BASE64URL(header)..BASE64URL(sig)}. */
  public String sign(byte[] receipt) {
    try {
      JWSObject jws = new JWSObject(header, new Payload(receipt));
      jws.sign(signer);
      return jws.serialize(true);
    } catch (JOSEException e) {
      throw new IllegalStateException("Receipt signing failed", e);
    }
  }

  /**
   * Returns the XML receipt with an enveloped XML Signature by the receipt key (ecdsa-sha256 or
   * rsa-sha256), its certificate in KeyInfo, so that xmlsec1 verifies it against the CA.
   */
  public byte[] signXml(byte[] xmlReceipt) {
    return xmlSigner.sign(xmlReceipt);
  }

  private static List<Base64> encode(List<X509Certificate> chain)
      throws CertificateEncodingException {
    List<Base64> encoded = new ArrayList<>();
    for (X509Certificate certificate : chain) {
      encoded.add(Base64.encode(certificate.getEncoded()));
    }
    return encoded;
  }

  private static Base64URL thumbprint(X509Certificate certificate)
      throws CertificateEncodingException {
    try {
      return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
