package io.countersign.evidence;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.countersign.pki.CertificateIssuer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * An RFC 3161 time-stamp authority built with BouncyCastle's TimeStampTokenGenerator, served over
 * HTTP on 127.0.0.1. Tests switch it into misbehaving modes.
 */
public final class TestTimeStampAuthority implements AutoCloseable {

  /** The TSA's response to each request. */
  public enum Mode {
    /** A granted token over the request. */
    HONEST,
    /** A granted token whose nonce differs from the request's. */
    WRONG_NONCE,
    /** A granted token over another digest. */
    WRONG_IMPRINT,
    /** A granted token signed by a key that does not belong to the certificate it carries. */
    BAD_SIGNATURE,
    /** A rejection with status rejection and failure info badAlg. */
    REJECTING
  }

  private static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1");

  private final HttpServer server;
  private final KeyPair keys = CertificateIssuer.generateEcKeyPair();
  private final KeyPair otherKeys = CertificateIssuer.generateEcKeyPair();
  private final X509Certificate certificate;
  private final AtomicInteger serial = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Mode mode = Mode.HONEST;

  private TestTimeStampAuthority(int port) throws IOException {
    certificate = selfSignedTsaCertificate(keys);
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    server = HttpServer.create(address, 0);
    server.createContext("/tsa", this::handle);
    server.start();
  }

  /** Starts the TSA on 127.0.0.1 at {@code port}, or at a free port when it is 0. */
  public static TestTimeStampAuthority start(int port) throws IOException {
    return new TestTimeStampAuthority(port);
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public void mode(Mode mode) {
    this.mode = mode;
  }

  /** Returns the number of time-stamp requests served. */
  public int requests() {
    return requests.get();
  }

  /** Returns a DER time-stamp token over {@code sha256}, without an HTTP request. */
  public byte[] token(byte[] sha256) throws Exception {
    TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
    generator.setCertReq(true);
    TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, sha256, BigInteger.ONE);
    return respond(request, keys.getPrivate()).getTimeStampToken().getEncoded();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      TimeStampRequest request = new TimeStampRequest(exchange.getRequestBody().readAllBytes());
      byte[] response = answer(request).getEncoded();
      exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
      exchange.sendResponseHeaders(200, response.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response);
      }
    } catch (Exception e) {
      exchange.sendResponseHeaders(500, -1);
    }
  }

  private TimeStampResponse answer(TimeStampRequest request) throws Exception {
    TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
    generator.setCertReq(true);
    byte[] imprint = request.getMessageImprintDigest();
    return switch (mode) {
      case HONEST -> respond(request, keys.getPrivate());
      case WRONG_NONCE ->
          respond(
              generator.generate(TSPAlgorithms.SHA256, imprint, request.getNonce().add(BigInteger.ONE)),
              keys.getPrivate());
      case WRONG_IMPRINT ->
          respond(
              generator.generate(TSPAlgorithms.SHA256, new byte[32], request.getNonce()),
              keys.getPrivate());
      case BAD_SIGNATURE -> respond(request, otherKeys.getPrivate());
      case REJECTING ->
          responseGenerator(keys.getPrivate())
              .generateFailResponse(PKIStatus.REJECTION, PKIFailureInfo.badAlg, "rejected for a test");
    };
  }

  private TimeStampResponse respond(TimeStampRequest request, PrivateKey signingKey)
      throws Exception {
    Date now = new Date();
    return responseGenerator(signingKey)
        .generate(request, BigInteger.valueOf(serial.incrementAndGet()), now);
  }

  private TimeStampResponseGenerator responseGenerator(PrivateKey signingKey) throws Exception {
    TimeStampTokenGenerator tokens =
        new TimeStampTokenGenerator(
            new JcaSimpleSignerInfoGeneratorBuilder()
                .build("SHA256withECDSA", signingKey, certificate),
            new JcaDigestCalculatorProviderBuilder()
                .build()
                .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
            POLICY);
    tokens.addCertificates(new JcaCertStore(List.of(certificate)));
    return new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
  }

  /** Issues a self-signed certificate with the critical timeStamping extended key usage. */
  private static X509Certificate selfSignedTsaCertificate(KeyPair keys) {
    try {
      X500Name name = new X500Name("O=Countersign tests,CN=Test TSA");
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              BigInteger.valueOf(now.toEpochMilli()),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(Duration.ofDays(1))),
              name,
              keys.getPublic());
      builder.addExtension(
          Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("Cannot issue the test TSA certificate", e);
    }
  }
}
