package io.countersign.client.forwarded;

import static io.countersign.client.forwarded.TestRequests.PROXY;
import static io.countersign.client.forwarded.TestRequests.assertForwarded;
import static io.countersign.client.forwarded.TestRequests.assertMalformed;
import static io.countersign.client.forwarded.TestRequests.extractor;
import static io.countersign.client.forwarded.TestRequests.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.countersign.client.forwarded.ForwardedCertificateOutcome.Forwarded;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc9440FormatTest {

  /**
   * The example of RFC 9440 Appendix A, as published in draft-ietf-httpbis-client-cert-field-03
   * (the draft that became RFC 9440), with the line breaks added for display removed.
   */
  private static final String EXAMPLE_CLIENT_CERT =
      ":MIIBqDCCAU6gAwIBAgIBBzAKBggqhkjOPQQDAjA6MRswGQYDVQQKDBJMZXQncyBBdXRoZW50aWNhdGUxGzAZBgN"
          + "VBAMMEkxBIEludGVybWVkaWF0ZSBDQTAeFw0yMDAxMTQyMjU1MzNaFw0yMTAxMjMyMjU1MzNaMA0xCzAJBgNV"
          + "BAMMAkJDMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8YnXXfaUgmnMtOXU/IncWalRhebrXmckC8vdgJ1p5"
          + "Be5F/3YC8OthxM4+k1M6aEAEFcGzkJiNy6J84y7uzo9M6NyMHAwCQYDVR0TBAIwADAfBgNVHSMEGDAWgBRm3W"
          + "jLa38lbEYCuiCPct0ZaSED2DAOBgNVHQ8BAf8EBAMCBsAwEwYDVR0lBAwwCgYIKwYBBQUHAwIwHQYDVR0RAQH"
          + "/BBMwEYEPYmRjQGV4YW1wbGUuY29tMAoGCCqGSM49BAMCA0gAMEUCIBHda/r1vaL6G3VliL4/Di6YK0Q6bMje"
          + "SkC3dFCOOB8TAiEAx/kHSB4urmiZ0NX5r5XarmPk0wmuydBVoU4hBVZ1yhk=:";

  private static final String EXAMPLE_CLIENT_CERT_CHAIN =
      ":MIIB5jCCAYugAwIBAgIBFjAKBggqhkjOPQQDAjBWMQswCQYDVQQGEwJVUzEbMBkGA1UECgwSTGV0J3MgQXV0aG"
          + "VudGljYXRlMSowKAYDVQQDDCFMZXQncyBBdXRoZW50aWNhdGUgUm9vdCBBdXRob3JpdHkwHhcNMjAwMTE0Mj"
          + "EzMjMwWhcNMzAwMTExMjEzMjMwWjA6MRswGQYDVQQKDBJMZXQncyBBdXRoZW50aWNhdGUxGzAZBgNVBAMMEk"
          + "xBIEludGVybWVkaWF0ZSBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABJf+aA54RC5pyLAR5yfXVYmNpgd"
          + "+CGUTDp2KOGhc0gK91zxhHesEYkdXkpS2UN8Kati+yHtWCV3kkhCngGyv7RqjZjBkMB0GA1UdDgQWBBRm3W"
          + "jLa38lbEYCuiCPct0ZaSED2DAfBgNVHSMEGDAWgBTEA2Q6eecKu9g9yb5glbkhhVINGDASBgNVHRMBAf8ECD"
          + "AGAQH/AgEAMA4GA1UdDwEB/wQEAwIBhjAKBggqhkjOPQQDAgNJADBGAiEA5pLvaFwRRkxomIAtDIwg9D7gC1"
          + "xzxBl4r28EzmSO1pcCIQCJUShpSXO9HDIQMUgH69fNDEMHXD3RRX5gP7kuu2KGMg==:, :MIICBjCCAaygAw"
          + "IBAgIJAKS0yiqKtlhoMAoGCCqGSM49BAMCMFYxCzAJBgNVBAYTAlVTMRswGQYDVQQKDBJMZXQncyBBdXRoZW"
          + "50aWNhdGUxKjAoBgNVBAMMIUxldCdzIEF1dGhlbnRpY2F0ZSBSb290IEF1dGhvcml0eTAeFw0yMDAxMTQyMT"
          + "I1NDVaFw00MDAxMDkyMTI1NDVaMFYxCzAJBgNVBAYTAlVTMRswGQYDVQQKDBJMZXQncyBBdXRoZW50aWNhdG"
          + "UxKjAoBgNVBAMMIUxldCdzIEF1dGhlbnRpY2F0ZSBSb290IEF1dGhvcml0eTBZMBMGByqGSM49AgEGCCqGSM"
          + "49AwEHA0IABFoaHU+Z5bPKmGzlYXtCf+E6HYj62fORaHDOrt+yyh3H/rTcs7ynFfGn+gyFsrSP3Ez88rajv+"
          + "U2NfD0o0uZ4PmjYzBhMB0GA1UdDgQWBBTEA2Q6eecKu9g9yb5glbkhhVINGDAfBgNVHSMEGDAWgBTEA2Q6ee"
          + "cKu9g9yb5glbkhhVINGDAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBhjAKBggqhkjOPQQDAgNIAD"
          + "BFAiEAmAeg1ycKHriqHnaD4M/UDBpQRpkmdcRFYGMg1Qyrkx4CIB4ivz3wQcQkGhcsUZ1SOImd/lq1Q0FLf0"
          + "9rGfLQPWDc:";

  private static TestCertificates certificates;

  private final ForwardedCertificateExtractor extractor =
      extractor(ForwardedCertificateFormat.RFC_9440);

  @BeforeAll
  static void issueCertificates() {
    certificates = TestCertificates.issue();
  }

  @Test
  void appendixExample_clientCertOnly() {
    Forwarded forwarded =
        assertForwarded(extractor.extract(PROXY, headers("Client-Cert", EXAMPLE_CLIENT_CERT)));

    assertEquals("CN=BC", forwarded.leaf().getSubjectX500Principal().getName());
    assertEquals(7, forwarded.leaf().getSerialNumber().intValueExact());
    assertEquals(List.of(), forwarded.chain());
    assertEquals("Client-Cert", forwarded.headerName());
    assertEquals(ForwardedCertificateFormat.RFC_9440, forwarded.format());
  }

  @Test
  void appendixExample_withChain() {
    Forwarded forwarded =
        assertForwarded(
            extractor.extract(
                PROXY,
                headers(
                    "Client-Cert", EXAMPLE_CLIENT_CERT,
                    "Client-Cert-Chain", EXAMPLE_CLIENT_CERT_CHAIN)));

    assertEquals(2, forwarded.chain().size());
    assertEquals(
        "CN=LA Intermediate CA,O=Let's Authenticate",
        forwarded.chain().get(0).getSubjectX500Principal().getName());
    assertEquals(
        "CN=Let's Authenticate Root Authority,O=Let's Authenticate,C=US",
        forwarded.chain().get(1).getSubjectX500Principal().getName());
    assertEquals(
        forwarded.leaf().getIssuerX500Principal(),
        forwarded.chain().get(0).getSubjectX500Principal());
  }

  @Test
  void issuedCertificates_withChain() {
    Forwarded forwarded =
        assertForwarded(
            extractor.extract(
                PROXY,
                headers(
                    "Client-Cert", ProxyEncodings.byteSequence(certificates.leaf()),
                    "Client-Cert-Chain", chain(certificates.intermediate(), certificates.root()))));

    assertEquals(certificates.leaf(), forwarded.leaf());
    assertEquals(List.of(certificates.intermediate(), certificates.root()), forwarded.chain());
  }

  @Test
  void chainAcrossFieldLines_isCombined() {
    Forwarded forwarded =
        assertForwarded(
            extractor.extract(
                PROXY,
                headers(
                    "Client-Cert", ProxyEncodings.byteSequence(certificates.leaf()),
                    "Client-Cert-Chain", ProxyEncodings.byteSequence(certificates.intermediate()),
                    "Client-Cert-Chain", ProxyEncodings.byteSequence(certificates.root()))));

    assertEquals(List.of(certificates.intermediate(), certificates.root()), forwarded.chain());
  }

  @Test
  void byteSequenceParameters_areIgnored() {
    String value = ProxyEncodings.byteSequence(certificates.leaf()) + ";verified=?1";

    Forwarded forwarded = assertForwarded(extractor.extract(PROXY, headers("Client-Cert", value)));

    assertEquals(certificates.leaf(), forwarded.leaf());
  }

  @Test
  void surroundingSpaces_areAllowed() {
    String value = "  " + ProxyEncodings.byteSequence(certificates.leaf()) + " ";

    Forwarded forwarded = assertForwarded(extractor.extract(PROXY, headers("Client-Cert", value)));

    assertEquals(certificates.leaf(), forwarded.leaf());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ":",
        "::",
        ":MIIB",
        "MIIBqDCC",
        ":MIIB!qDCC:",
        ":MIIB qDCC:",
        ":MIIB-_DCC:",
        "\"MIIBqDCC\"",
        "token",
        "?1",
        "(:AAAA:)",
        ":AAAA:, :AAAA:",
        ":AAAA:",
      })
  void invalidClientCert_isMalformed(String value) {
    assertMalformed(extractor.extract(PROXY, headers("Client-Cert", value)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ":AAAA:",
        ":AAAA",
        ":AAAA:,",
        "(:AAAA:)",
        "1, 2",
        "\"text\"",
      })
  void invalidChain_isMalformed(String chain) {
    String leaf = ProxyEncodings.byteSequence(certificates.leaf());

    assertMalformed(
        extractor.extract(PROXY, headers("Client-Cert", leaf, "Client-Cert-Chain", chain)));
  }

  @Test
  void chainWithoutClientCert_isMalformed() {
    String chain = chain(certificates.intermediate());

    assertMalformed(extractor.extract(PROXY, headers("Client-Cert-Chain", chain)));
  }

  @Test
  void clientCertTwice_isMalformed() {
    String leaf = ProxyEncodings.byteSequence(certificates.leaf());

    assertMalformed(extractor.extract(PROXY, headers("Client-Cert", leaf, "Client-Cert", leaf)));
  }

  @Test
  void pemInsteadOfDer_isMalformed() {
    String pem = Base64.getEncoder().encodeToString(ProxyEncodings.pem(certificates.leaf()).getBytes());

    assertMalformed(extractor.extract(PROXY, headers("Client-Cert", ":" + pem + ":")));
  }

  private static String chain(X509Certificate... chain) {
    return String.join(
        ", ", List.of(chain).stream().map(ProxyEncodings::byteSequence).toList());
  }
}
