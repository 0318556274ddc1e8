package io.countersign.trust;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.CertificateIssuer.Role;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * An OCSP responder and CRL distribution point for the test CAs, served over HTTP on 127.0.0.1.
 * Tests register CAs, revoke certificates and switch the responder into misbehaving modes.
 */
public final class RevocationServer implements AutoCloseable {

  /** Who signs the OCSP responses. */
  enum OcspSigner {
    /** The CA that issued the certificate in question. */
    ISSUER,
    /** A responder certificate the CA issued with id-kp-OCSPSigning. */
    DELEGATED_RESPONDER,
    /** A certificate the CA issued for document signing, without id-kp-OCSPSigning. */
    RESPONDER_WITHOUT_OCSP_SIGNING,
    /** A responder certificate with id-kp-OCSPSigning from a CA unrelated to the issuer. */
    FOREIGN_RESPONDER
  }

  private record Authority(
      IssuedCertificate certificate,
      IssuedCertificate delegatedResponder,
      IssuedCertificate responderWithoutOcspSigning) {}

  private record Revocation(X509Certificate certificate, Instant time, int reason) {}

  private final HttpServer server;
  private final Clock clock;
  private final DigestCalculatorProvider digests;
  private final IssuedCertificate foreignResponder;
  private final Map<String, Authority> authorities = new ConcurrentHashMap<>();
  private final Map<BigInteger, Revocation> revocations = new ConcurrentHashMap<>();
  private final Set<BigInteger> unknownSerials = ConcurrentHashMap.newKeySet();
  private final AtomicInteger ocspRequests = new AtomicInteger();
  private final AtomicInteger crlRequests = new AtomicInteger();
  private final AtomicInteger crlNumber = new AtomicInteger();

  private volatile OcspSigner ocspSigner = OcspSigner.ISSUER;
  private volatile boolean ocspAvailable = true;
  private volatile boolean ocspNonceReplaced;
  private volatile boolean crlSignedByForeignKey;
  private volatile Duration ocspThisUpdateAge = Duration.ofHours(1);
  private volatile Duration ocspNextUpdateIn = Duration.ofDays(1);
  private volatile Duration crlThisUpdateAge = Duration.ofHours(1);
  private volatile Duration crlNextUpdateIn = Duration.ofDays(1);

  public RevocationServer(Clock clock) throws Exception {
    this.clock = clock;
    this.digests = new JcaDigestCalculatorProviderBuilder().build();
    this.foreignResponder = foreignResponder(clock.instant());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/ocsp", this::answerOcsp);
    server.createContext("/crl/", this::serveCrl);
    server.start();
  }

  public URI ocspUri() {
    return base().resolve("/ocsp");
  }

  public URI crlUri(String authorityName) {
    return base().resolve("/crl/" + authorityName + ".crl");
  }

  /** Serves OCSP and a CRL at {@link #crlUri} for the certificates that {@code ca} issues. */
  public void addAuthority(String name, IssuedCertificate ca) {
    Instant notBefore = clock.instant().minus(Duration.ofDays(1));
    Duration validity = Duration.ofDays(30);
    IssuedCertificate delegated =
        CertificateIssuer.issue(
            ca,
            "CN=" + name + " OCSP Responder",
            CertificateIssuer.generateEcKeyPair(),
            Role.OCSP_SIGNING,
            List.of(),
            notBefore,
            validity);
    IssuedCertificate withoutOcspSigning =
        CertificateIssuer.issue(
            ca,
            "CN=" + name + " Not A Responder",
            CertificateIssuer.generateEcKeyPair(),
            Role.DOCUMENT_SIGNING,
            List.of(),
            notBefore,
            validity);
    authorities.put(name, new Authority(ca, delegated, withoutOcspSigning));
  }

  public void revoke(X509Certificate certificate, int reason) {
    Instant time = clock.instant().minus(Duration.ofHours(2));
    revocations.put(certificate.getSerialNumber(), new Revocation(certificate, time, reason));
  }

  public void markUnknown(X509Certificate certificate) {
    unknownSerials.add(certificate.getSerialNumber());
  }

  void signOcspWith(OcspSigner signer) {
    this.ocspSigner = signer;
  }

  /** Makes the OCSP endpoint return HTTP 503, as an overloaded responder would. */
  void failOcsp() {
    this.ocspAvailable = false;
  }

  /** Makes OCSP responses carry a nonce other than the request's. */
  void replaceOcspNonce() {
    this.ocspNonceReplaced = true;
  }

  void signCrlsWithForeignKey() {
    this.crlSignedByForeignKey = true;
  }

  /** Sets thisUpdate and nextUpdate of later OCSP responses, relative to the clock. */
  void setOcspUpdateTimes(Duration thisUpdateAge, Duration nextUpdateIn) {
    this.ocspThisUpdateAge = thisUpdateAge;
    this.ocspNextUpdateIn = nextUpdateIn;
  }

  /** Sets thisUpdate and nextUpdate of later CRLs, relative to the clock. */
  void setCrlUpdateTimes(Duration thisUpdateAge, Duration nextUpdateIn) {
    this.crlThisUpdateAge = thisUpdateAge;
    this.crlNextUpdateIn = nextUpdateIn;
  }

  public int ocspRequests() {
    return ocspRequests.get();
  }

  int crlRequests() {
    return crlRequests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void answerOcsp(HttpExchange exchange) throws IOException {
    try (exchange) {
      ocspRequests.incrementAndGet();
      if (!ocspAvailable) {
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      OCSPReq request = new OCSPReq(exchange.getRequestBody().readAllBytes());
      byte[] response = ocspResponse(request);
      send(exchange, "application/ocsp-response", response);
    } catch (Exception e) {
      throw new IOException("The test OCSP responder failed", e);
    }
  }

  private byte[] ocspResponse(OCSPReq request) throws Exception {
    CertificateID id = request.getRequestList()[0].getCertID();
    Authority authority = authorityOf(id);
    if (authority == null) {
      return new OCSPRespBuilder().build(OCSPRespBuilder.UNAUTHORIZED, null).getEncoded();
    }
    IssuedCertificate signer = signer(authority);
    Instant now = clock.instant();

    BasicOCSPRespBuilder builder =
        new BasicOCSPRespBuilder(new RespID(holder(signer.certificate()).getSubject()));
    builder.addResponse(
        id,
        status(id.getSerialNumber()),
        Date.from(now.minus(ocspThisUpdateAge)),
        Date.from(now.plus(ocspNextUpdateIn)),
        null);
    Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
    if (ocspNonceReplaced) {
      nonce =
          new Extension(
              OCSPObjectIdentifiers.id_pkix_ocsp_nonce,
              false,
              new DEROctetString(new byte[] {1, 2, 3, 4}).getEncoded());
    }
    if (nonce != null) {
      builder.setResponseExtensions(new Extensions(nonce));
    }

    X509CertificateHolder[] chain =
        signer == authority.certificate()
            ? null
            : new X509CertificateHolder[] {holder(signer.certificate())};
    BasicOCSPResp basic = builder.build(contentSigner(signer), chain, Date.from(now));
    return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
  }

  private Authority authorityOf(CertificateID id) throws Exception {
    for (Authority authority : authorities.values()) {
      if (id.matchesIssuer(holder(authority.certificate().certificate()), digests)) {
        return authority;
      }
    }
    return null;
  }

  private IssuedCertificate signer(Authority authority) {
    return switch (ocspSigner) {
      case ISSUER -> authority.certificate();
      case DELEGATED_RESPONDER -> authority.delegatedResponder();
      case RESPONDER_WITHOUT_OCSP_SIGNING -> authority.responderWithoutOcspSigning();
      case FOREIGN_RESPONDER -> foreignResponder;
    };
  }

  private CertificateStatus status(BigInteger serial) {
    Revocation revocation = revocations.get(serial);
    if (revocation != null) {
      return new RevokedStatus(Date.from(revocation.time()), revocation.reason());
    }
    if (unknownSerials.contains(serial)) {
      return new UnknownStatus();
    }
    return CertificateStatus.GOOD;
  }

  private void serveCrl(HttpExchange exchange) throws IOException {
    try (exchange) {
      crlRequests.incrementAndGet();
      String file = exchange.getRequestURI().getPath().substring("/crl/".length());
      Authority authority = authorities.get(file.replaceFirst("\\.crl$", ""));
      if (authority == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      send(exchange, "application/pkix-crl", crl(authority.certificate()));
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("The test CRL distribution point failed", e);
    }
  }

  private byte[] crl(IssuedCertificate ca) throws Exception {
    Instant now = clock.instant();
    X509Certificate caCertificate = ca.certificate();
    X509v2CRLBuilder builder =
        new X509v2CRLBuilder(
            X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()),
            Date.from(now.minus(crlThisUpdateAge)));
    builder.setNextUpdate(Date.from(now.plus(crlNextUpdateIn)));
    for (Revocation revocation : revocations.values()) {
      X509Certificate revoked = revocation.certificate();
      if (revoked.getIssuerX500Principal().equals(caCertificate.getSubjectX500Principal())) {
        builder.addCRLEntry(
            revoked.getSerialNumber(), Date.from(revocation.time()), revocation.reason());
      }
    }
    builder.addExtension(
        Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(crlNumber.incrementAndGet())));
    IssuedCertificate signer = crlSignedByForeignKey ? foreignResponder : ca;
    return builder.build(contentSigner(signer)).getEncoded();
  }

  private static void send(HttpExchange exchange, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static IssuedCertificate foreignResponder(Instant now) {
    IssuedCertificate foreignCa =
        CertificateIssuer.selfSignedAuthority(
            "CN=Foreign CA",
            CertificateIssuer.generateEcKeyPair(),
            now.minus(Duration.ofDays(1)),
            Duration.ofDays(30));
    return CertificateIssuer.issue(
        foreignCa,
        "CN=Foreign OCSP Responder",
        CertificateIssuer.generateEcKeyPair(),
        Role.OCSP_SIGNING,
        List.of(),
        now.minus(Duration.ofDays(1)),
        Duration.ofDays(30));
  }

  private static X509CertificateHolder holder(X509Certificate certificate) throws Exception {
    return new JcaX509CertificateHolder(certificate);
  }

  private static org.bouncycastle.operator.ContentSigner contentSigner(IssuedCertificate signer)
      throws Exception {
    return new JcaContentSignerBuilder("SHA256withECDSA").build(signer.keyPair().getPrivate());
  }
}
