package io.countersign.client.forwarded;

import static io.countersign.client.forwarded.TestRequests.PROXY;
import static io.countersign.client.forwarded.TestRequests.assertForwarded;
import static io.countersign.client.forwarded.TestRequests.assertMalformed;
import static io.countersign.client.forwarded.TestRequests.extractor;
import static io.countersign.client.forwarded.TestRequests.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.client.forwarded.ForwardedCertificateOutcome.Forwarded;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NginxFormatTest {

  private static final String HEADER = "X-SSL-Client-Cert";

  private static TestCertificates certificates;

  private final ForwardedCertificateExtractor extractor =
      extractor(ForwardedCertificateFormat.NGINX);

  @BeforeAll
  static void issueCertificates() {
    certificates = TestCertificates.issue();
  }

  @Test
  void escapedCert_isExactlyWhatNginxSends() {
    String value = ProxyEncodings.nginxEscaped(certificates.leaf());

    assertTrue(value.startsWith("-----BEGIN%20CERTIFICATE-----%0AMII"), value);
    assertTrue(value.endsWith("%0A-----END%20CERTIFICATE-----%0A"), value);
    assertTrue(value.contains("%2B"), value);
    assertTrue(value.contains("%2F"), value);
    assertFalse(value.contains("+"), value);
    assertFalse(value.contains("/"), value);
  }

  @Test
  void escapedCert_yieldsLeafWithoutChain() {
    String value = ProxyEncodings.nginxEscaped(certificates.leaf());

    Forwarded forwarded = assertForwarded(extractor.extract(PROXY, headers(HEADER, value)));

    assertEquals(certificates.leaf(), forwarded.leaf());
    assertEquals(List.of(), forwarded.chain());
    assertEquals(PROXY, forwarded.proxyAddress());
    assertEquals(HEADER, forwarded.headerName());
    assertEquals(ForwardedCertificateFormat.NGINX, forwarded.format());
  }

  @Test
  void escapedCert_lowerCaseHexAccepted() {
    String value =
        ProxyEncodings.nginxEscaped(certificates.leaf())
            .replace("%2B", "%2b")
            .replace("%2F", "%2f")
            .replace("%0A", "%0a");

    Forwarded forwarded = assertForwarded(extractor.extract(PROXY, headers(HEADER, value)));

    assertEquals(certificates.leaf(), forwarded.leaf());
  }

  @Test
  void legacyCert_withTabIndentedLines() {
    String value = ProxyEncodings.nginxLegacy(certificates.leaf());

    Forwarded forwarded = assertForwarded(extractor.extract(PROXY, headers(HEADER, value)));

    assertTrue(value.contains("\n\t"), value);
    assertEquals(certificates.leaf(), forwarded.leaf());
  }

  @Test
  void legacyCert_afterContainerUnfoldedLines() {
    String value = ProxyEncodings.nginxLegacy(certificates.leaf()).replace("\n\t", " ");

    Forwarded forwarded = assertForwarded(extractor.extract(PROXY, headers(HEADER, value)));

    assertEquals(certificates.leaf(), forwarded.leaf());
  }

  @Test
  void headerName_matchedWithoutRegardToCase() {
    String value = ProxyEncodings.nginxEscaped(certificates.leaf());

    Forwarded forwarded =
        assertForwarded(extractor.extract(PROXY, headers("x-ssl-client-cert", value)));

    assertEquals(certificates.leaf(), forwarded.leaf());
  }

  @Test
  void configuredHeaderName_isRead() {
    ForwardedCertificateExtractor custom =
        extractor(new ForwardedCertificateHeader(ForwardedCertificateFormat.NGINX, "X-Client-Cert"));
    String value = ProxyEncodings.nginxEscaped(certificates.leaf());

    Forwarded forwarded = assertForwarded(custom.extract(PROXY, headers("X-Client-Cert", value)));

    assertEquals("X-Client-Cert", forwarded.headerName());
    assertEquals(certificates.leaf(), forwarded.leaf());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "%ZZ",
        "-----BEGIN%20CERTIFICATE-----%0AMIIB%",
        "-----BEGIN%20CERTIFICATE-----%0AMIIB%4",
        "not a certificate",
        "-----BEGIN%20CERTIFICATE-----%0A-----END%20CERTIFICATE-----%0A",
        "-----BEGIN%20CERTIFICATE-----%0AMII*B%0A-----END%20CERTIFICATE-----%0A",
        "-----BEGIN%20CERTIFICATE-----%0AMIIB%0A-----END%20CERTIFICATE-----%0A",
        "-----BEGIN%20CERTIFICATE-----%0AAAAA%0A-----END%20CERTIFICATE-----%0A",
        "-----BEGIN%20PRIVATE%20KEY-----%0AMIGHAgEA%0A-----END%20PRIVATE%20KEY-----%0A",
        "-----BEGIN%20CERTIFICATE-----%0AMIIB",
      })
  void invalidValue_isMalformed(String value) {
    assertMalformed(extractor.extract(PROXY, headers(HEADER, value)));
  }

  @Test
  void textAroundCertificate_isMalformed() {
    String pem = ProxyEncodings.pem(certificates.leaf());

    assertMalformed(extractor.extract(PROXY, headers(HEADER, "subject=acme\n" + pem)));
    assertMalformed(extractor.extract(PROXY, headers(HEADER, pem + "trailer")));
  }

  @Test
  void publicKeyInsteadOfCertificate_isMalformed() {
    String base64 =
        Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(certificates.leaf().getPublicKey().getEncoded());
    String pem = "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";

    assertMalformed(extractor.extract(PROXY, headers(HEADER, pem)));
  }

  @Test
  void derWithTrailingBytes_isMalformed() {
    byte[] der = ProxyEncodings.der(certificates.leaf());
    byte[] padded = Arrays.copyOf(der, der.length + 2);
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder().encodeToString(padded)
            + "\n-----END CERTIFICATE-----\n";

    assertMalformed(extractor.extract(PROXY, headers(HEADER, pem)));
  }

  @Test
  void repeatedHeader_isMalformed() {
    String value = ProxyEncodings.nginxEscaped(certificates.leaf());

    assertMalformed(extractor.extract(PROXY, headers(HEADER, value, HEADER, value)));
  }
}
