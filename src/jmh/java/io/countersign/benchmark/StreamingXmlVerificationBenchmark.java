package io.countersign.benchmark;

import io.countersign.benchmark.BenchmarkPki.KeyType;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.signature.SignerDirectory;
import io.countersign.signature.VerificationOutcome;
import io.countersign.signature.xml.StreamingXmlSignatureVerifier;
import io.countersign.signature.xml.StreamingXmlSigner;
import io.countersign.signature.xml.XmlDocumentLimits;
import io.countersign.signature.xml.XmlSignaturePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Streaming verification of a UBL invoice in a file, the path of documents above the intake's
 * streaming threshold, in a JVM with a 256 MB heap. The invoice repeats the OASIS example's lines
 * up to the size, and its signature is the last child of the document element.
 *
 * <p>{@code sha256} reads the same file and only hashes it: the floor that reading costs. The
 * {@code bytes} counter of {@link ByteCounter} gives both rates in bytes per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 3, time = 10)
public class StreamingXmlVerificationBenchmark {

  @Param({"1MB", "20MB", "200MB"})
  public String size;

  @Param({"RSA_2048"})
  public KeyType key;

  private Path directoryOnDisk;
  private Path document;
  private long documentBytes;
  private SignerDirectory directory;
  private StreamingXmlSignatureVerifier verifier;

  @Setup(Level.Trial)
  public void signDocument() throws IOException {
    BenchmarkPki pki = new BenchmarkPki();
    IssuedCertificate signer = pki.documentSigner(key);
    directoryOnDisk = Files.createTempDirectory("countersign-streaming-benchmark");
    Path unsigned = directoryOnDisk.resolve("unsigned.xml");
    writeInvoice(unsigned, Sizes.parse(size));
    document = directoryOnDisk.resolve("signed.xml");
    new StreamingXmlSigner(signer.keyPair().getPrivate(), signer.certificate())
        .sign(unsigned, document);
    Files.delete(unsigned);
    documentBytes = Files.size(document);
    directory = BenchmarkPki.directoryOf(signer);
    verifier =
        new StreamingXmlSignatureVerifier(
            Clock.systemUTC(), XmlSignaturePolicy.defaults(), XmlDocumentLimits.defaults());

    VerificationOutcome outcome = verify(new ByteCounter());
    if (!(outcome instanceof VerificationOutcome.Verified)) {
      throw new IllegalStateException("The benchmark document does not verify: " + outcome);
    }
    System.out.println("signed document: " + documentBytes + " bytes");
  }

  @TearDown(Level.Trial)
  public void deleteDocument() throws IOException {
    Files.deleteIfExists(document);
    Files.deleteIfExists(directoryOnDisk);
  }

  @Benchmark
  public VerificationOutcome verify(ByteCounter counter) {
    counter.bytes += documentBytes;
    return verifier.verify(document, BenchmarkPki.PARTNER, directory);
  }

  @Benchmark
  public byte[] sha256(ByteCounter counter) throws IOException, NoSuchAlgorithmException {
    counter.bytes += documentBytes;
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[64 * 1024];
    try (InputStream input = Files.newInputStream(document)) {
      for (int read = input.read(buffer); read >= 0; read = input.read(buffer)) {
        digest.update(buffer, 0, read);
      }
    }
    return digest.digest();
  }

  /**
   * Writes an invoice of about {@code targetBytes}: the header of a 1 MB invoice, its lines
   * repeated, and the end tag.
   */
  private static void writeInvoice(Path file, long targetBytes) throws IOException {
    byte[] template = UblDocuments.fromExample().invoice(1_000_000, "1");
    String text = new String(template, StandardCharsets.UTF_8);
    int linesStart = text.indexOf("<cac:InvoiceLine>");
    int end = text.lastIndexOf("</Invoice>");
    byte[] head = text.substring(0, linesStart).getBytes(StandardCharsets.UTF_8);
    byte[] lines = text.substring(linesStart, end).getBytes(StandardCharsets.UTF_8);
    try (OutputStream output = Files.newOutputStream(file)) {
      output.write(head);
      long written = head.length;
      do {
        output.write(lines);
        written += lines.length;
      } while (written < targetBytes);
      output.write("</Invoice>\n".getBytes(StandardCharsets.UTF_8));
    }
  }
}
