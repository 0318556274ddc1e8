package io.countersign.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds receipt bodies and signs them the way the server does, with Nimbus. */
final class TestReceipts {

  private TestReceipts() {}

  /** Returns a receipt body for {@code document} with the fields of the server's contract. */
  static byte[] receipt(String documentId, byte[] document) {
    Map<String, Object> receipt = new LinkedHashMap<>();
    receipt.put("documentId", documentId);
    receipt.put("partner", "acme");
    receipt.put("receivedAt", Instant.now().toString());
    receipt.put("contentType", "application/xml");
    receipt.put("size", document.length);
    receipt.put("sha256", ReceiptVerifier.sha256Hex(document));
    receipt.put(
        "signature",
        Map.of(
            "format", "xmldsig-enveloped",
            "algorithm", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            "digestAlgorithm", "http://www.w3.org/2001/04/xmlenc#sha256"));
    return JSONObjectUtils.toJSONString(receipt).getBytes(StandardCharsets.UTF_8);
  }

  /** Signs {@code body} with ES256 and returns the detached JWS, with x5c [signer, CA]. */
  static String signEs256(byte[] body, IssuedCertificate signer, IssuedCertificate ca)
      throws JOSEException {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .x509CertChain(x5c(signer.certificate(), ca.certificate()))
            .build();
    return signDetached(
        body, header, new ECDSASigner((ECPrivateKey) signer.keyPair().getPrivate()));
  }

  static String signDetached(byte[] body, JWSHeader header, JWSSigner signer)
      throws JOSEException {
    JWSObject jws = new JWSObject(header, new Payload(body));
    jws.sign(signer);
    return jws.serialize(true);
  }

  static List<Base64> x5c(X509Certificate... chain) {
    List<Base64> encoded = new ArrayList<>();
    try {
      for (X509Certificate certificate : chain) {
        encoded.add(Base64.encode(certificate.getEncoded()));
      }
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    return encoded;
  }
}
