package io.countersign.benchmark;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signing of a receipt as the server signs it: a detached ES256 JWS with Nimbus over about 1 KB of
 * receipt JSON, with the receipt certificate and the CA in {@code x5c} and the certificate's
 * SHA-256 thumbprint in {@code x5t#S256}. The signer and header are built once, as the server's
 * receipt signer builds them at start-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
public class ReceiptSigningBenchmark {

  /** A receipt of the intake's shape and size for an XML document signed with RSA. */
  private static final String RECEIPT =
      "{\"documentId\":\"6f1c2a9e-8d4b-4f0e-9a57-3c1d2b7e5f60\",\"partner\":\"acme\","
          + "\"receivedAt\":\"2026-12-04T17:49:59.524Z\",\"contentType\":\"application/xml\","
          + "\"size\":21594,\"sha256\":"
          + "\"ae52a1b7c3d9e0f4a6b8c2d1e3f5a7b9c0d2e4f6a8b1c3d5e7f9a0b2c4d6e8f0\","
          + "\"signature\":{\"format\":\"xmldsig-enveloped\","
          + "\"algorithm\":\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\","
          + "\"digestAlgorithm\":\"http://www.w3.org/2001/04/xmlenc#sha256\"},"
          + "\"nonRepudiation\":true,"
          + "\"signer\":{\"subject\":\"CN=acme document signing,O=acme\","
          + "\"issuer\":\"CN=Countersign Development CA,O=Countersign\","
          + "\"serialNumber\":\"7b7f3c2a91d04e5b8f6a1c3e5d7b9f01\","
          + "\"sha256\":\"7b91c4e2a0d8f6b3c5e7a9d1f3b5c7e9a1d3f5b7c9e1a3d5f7b9c1e3a5d7f9b1\"},"
          + "\"client\":{\"subject\":\"CN=acme TLS client,O=acme\","
          + "\"issuer\":\"CN=Countersign Development CA,O=Countersign\","
          + "\"serialNumber\":\"3f4fa1b2c3d4e5f60718293a4b5c6d7e\","
          + "\"sha256\":\"a0c8e2f4b6d8a0c2e4f6b8d0a2c4e6f8b0d2a4c6e8f0b2d4a6c8e0f2b4d6a8c0\","
          + "\"source\":\"tls\"}}";

  private final byte[] receipt = RECEIPT.getBytes(StandardCharsets.UTF_8);
  private JWSSigner signer;
  private JWSHeader header;

  @Setup
  public void loadKey() throws JOSEException, CertificateEncodingException {
    BenchmarkPki pki = new BenchmarkPki();
    IssuedCertificate receiptCertificate = pki.receiptSigner();
    signer = new ECDSASigner((ECPrivateKey) receiptCertificate.keyPair().getPrivate());
    header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .x509CertChain(
                List.of(
                    Base64.encode(receiptCertificate.certificate().getEncoded()),
                    Base64.encode(pki.authority().certificate().getEncoded())))
            .x509CertSHA256Thumbprint(
                Base64URL.encode(sha256(receiptCertificate.certificate().getEncoded())))
            .build();
  }

  @Benchmark
  public String sign() throws JOSEException {
    JWSObject jws = new JWSObject(header, new Payload(receipt));
    jws.sign(signer);
    return jws.serialize(true);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
