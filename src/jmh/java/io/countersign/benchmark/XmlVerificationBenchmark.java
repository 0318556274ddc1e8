package io.countersign.benchmark;

import io.countersign.benchmark.BenchmarkPki.KeyType;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.signature.SignerDirectory;
import io.countersign.signature.VerificationOutcome;
import io.countersign.signature.xml.XmlDocumentLimits;
import io.countersign.signature.xml.XmlDocumentSigner;
import io.countersign.signature.xml.XmlSignaturePolicy;
import io.countersign.signature.xml.XmlSignatureVerifier;
import java.time.Clock;
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
 * Verification of an enveloped XML Signature over a whole UBL invoice, as the intake does it:
 * hardened parsing, the signature policy checks, digest and signature value, signer and partner.
 *
 * <p>The size is that of the signed document. The verifier's document limit is raised to 32 MiB,
 * so that the 20 MB document is verified at all. The intake itself rejects bodies over 10 MiB.
 * The {@code bytes} counter of {@link ByteCounter} gives the rate in bytes per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 4, time = 3)
public class XmlVerificationBenchmark {

  private static final XmlDocumentLimits LIMITS =
      new XmlDocumentLimits(32L * 1024 * 1024, 100, 64, 2);

  /**
   * Size of the signed document. Run 20MB on request with {@code -p size=20MB} and fewer
   * iterations, because one operation takes more than a second.
   */
  @Param({"5KB", "10KB", "100KB", "1MB"})
  public String size;

  @Param({"RSA_2048", "EC_P256"})
  public KeyType key;

  private byte[] document;
  private SignerDirectory directory;
  private XmlSignatureVerifier verifier;

  @Setup
  public void signDocument() {
    BenchmarkPki pki = new BenchmarkPki();
    IssuedCertificate signer = pki.documentSigner(key);
    XmlDocumentSigner documentSigner =
        new XmlDocumentSigner(signer.keyPair().getPrivate(), signer.certificate());
    document = SignedUbl.ofSize(UblDocuments.fromExample(), documentSigner, Sizes.parse(size), "1");
    directory = BenchmarkPki.directoryOf(signer);
    verifier = new XmlSignatureVerifier(Clock.systemUTC(), XmlSignaturePolicy.defaults(), LIMITS);

    VerificationOutcome outcome = verify(new ByteCounter());
    if (!(outcome instanceof VerificationOutcome.Verified)) {
      throw new IllegalStateException("The benchmark document does not verify: " + outcome);
    }
    // Printed in the fork's output, so that the record of a run has the exact size.
    System.out.println("signed document: " + document.length + " bytes");
  }

  @Benchmark
  public VerificationOutcome verify(ByteCounter counter) {
    counter.bytes += document.length;
    return verifier.verify(document, BenchmarkPki.PARTNER, directory);
  }
}
