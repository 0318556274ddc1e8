package io.countersign.benchmark;

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
import io.countersign.benchmark.BenchmarkPki.KeyType;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.signature.SignerDirectory;
import io.countersign.signature.VerificationOutcome;
import io.countersign.signature.jws.JwsVerifier;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verification of a JWS over a JSON invoice in each form that the intake accepts, signed as the
 * command-line tool signs: {@code x5c} and {@code iat} in the protected header, {@code typ} and
 * {@code cty} for the attached forms, {@code b64=false} for the unencoded detached form.
 *
 * <p>The verifier's clock is fixed at the signing instant, so the default policy's {@code iat}
 * window holds however long the run takes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
public class JwsVerificationBenchmark {

  /** The serializations of the intake, named as the verifier names them. */
  public enum Form {
    COMPACT,
    JSON,
    DETACHED,
    DETACHED_UNENCODED
  }

  @Param({"5KB", "100KB"})
  public String size;

  @Param({"COMPACT", "JSON", "DETACHED", "DETACHED_UNENCODED"})
  public Form form;

  @Param({"EC_P256", "RSA_2048"})
  public KeyType key;

  private byte[] body;
  private String detachedJws;
  private SignerDirectory directory;
  private JwsVerifier verifier;

  @Setup
  public void signDocument() throws JOSEException, CertificateEncodingException {
    BenchmarkPki pki = new BenchmarkPki();
    IssuedCertificate signer = pki.documentSigner(key);
    Instant signedAt = Instant.now();
    byte[] document = JsonDocuments.invoice(Sizes.parse(size), "1");
    String jws = sign(document, signer, signedAt);

    body =
        switch (form) {
          case COMPACT, JSON -> jws.getBytes(StandardCharsets.US_ASCII);
          case DETACHED, DETACHED_UNENCODED -> document;
        };
    detachedJws = jws;
    directory = BenchmarkPki.directoryOf(signer);
    verifier = new JwsVerifier(Clock.fixed(signedAt, ZoneOffset.UTC));

    VerificationOutcome outcome = verify(new ByteCounter());
    if (!(outcome instanceof VerificationOutcome.Verified)) {
      throw new IllegalStateException("The benchmark JWS does not verify: " + outcome);
    }
    // Printed in the fork's output, so that the record of a run has the exact size.
    System.out.println("JSON document: " + document.length + " bytes, request body: " + body.length + " bytes");
  }

  @Benchmark
  public VerificationOutcome verify(ByteCounter counter) {
    counter.bytes += body.length;
    return switch (form) {
      case COMPACT -> verifier.verifyCompact(body, BenchmarkPki.PARTNER, directory);
      case JSON -> verifier.verifyJson(body, BenchmarkPki.PARTNER, directory);
      case DETACHED, DETACHED_UNENCODED ->
          verifier.verifyDetached(body, detachedJws, BenchmarkPki.PARTNER, directory);
    };
  }

  /** Returns the compact or flattened JSON JWS, or for the detached forms the header value. */
  private String sign(byte[] document, IssuedCertificate signer, Instant signedAt)
      throws JOSEException, CertificateEncodingException {
    JWSSigner jwsSigner;
    JWSAlgorithm algorithm;
    if (signer.keyPair().getPrivate() instanceof ECPrivateKey ecKey) {
      jwsSigner = new ECDSASigner(ecKey);
      algorithm = JWSAlgorithm.ES256;
    } else {
      jwsSigner = new RSASSASigner(signer.keyPair().getPrivate());
      algorithm = JWSAlgorithm.RS256;
    }

    JWSHeader.Builder header =
        new JWSHeader.Builder(algorithm)
            .x509CertChain(List.of(Base64.encode(signer.certificate().getEncoded())))
            .customParam("iat", signedAt.getEpochSecond());
    switch (form) {
      case COMPACT, JSON -> header.type(JOSEObjectType.JOSE).contentType("json");
      case DETACHED_UNENCODED -> header.base64URLEncodePayload(false).criticalParams(Set.of("b64"));
      case DETACHED -> {}
    }

    if (form == Form.JSON) {
      JWSObjectJSON json = new JWSObjectJSON(new Payload(document));
      json.sign(header.build(), null, jwsSigner);
      return json.serializeFlattened();
    }
    JWSObject jws = new JWSObject(header.build(), new Payload(document));
    jws.sign(jwsSigner);
    return jws.serialize(form != Form.COMPACT);
  }
}
