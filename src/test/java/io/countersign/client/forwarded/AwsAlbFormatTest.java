package io.countersign.client.forwarded;

import static io.countersign.client.forwarded.TestRequests.PROXY;
import static io.countersign.client.forwarded.TestRequests.assertForwarded;
import static io.countersign.client.forwarded.TestRequests.assertMalformed;
import static io.countersign.client.forwarded.TestRequests.extractor;
import static io.countersign.client.forwarded.TestRequests.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.client.forwarded.ForwardedCertificateOutcome.Forwarded;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AwsAlbFormatTest {

  private static final String LEAF_HEADER = "X-Amzn-Mtls-Clientcert-Leaf";
  private static final String CHAIN_HEADER = "X-Amzn-Mtls-Clientcert";

  private static TestCertificates certificates;

  private final ForwardedCertificateExtractor verifyMode =
      extractor(ForwardedCertificateFormat.AWS_ALB);
  private final ForwardedCertificateExtractor passthroughMode =
      extractor(new ForwardedCertificateHeader(ForwardedCertificateFormat.AWS_ALB, CHAIN_HEADER));

  @BeforeAll
  static void issueCertificates() {
    certificates = TestCertificates.issue();
  }

  @Test
  void leafHeader_keepsPlusEqualsAndSlash() {
    String value = ProxyEncodings.awsEncoded(certificates.leaf());

    assertTrue(value.startsWith("-----BEGIN%20CERTIFICATE-----%0AMII"), value);
    assertTrue(value.contains("+"), value);
    assertTrue(value.contains("/"), value);
  }

  @Test
  void leafHeader_verifyMode() {
    String value = ProxyEncodings.awsEncoded(certificates.leaf());

    Forwarded forwarded = assertForwarded(verifyMode.extract(PROXY, headers(LEAF_HEADER, value)));

    assertEquals(certificates.leaf(), forwarded.leaf());
    assertEquals(List.of(), forwarded.chain());
    assertEquals(LEAF_HEADER, forwarded.headerName());
    assertEquals(ForwardedCertificateFormat.AWS_ALB, forwarded.format());
  }

  @Test
  void chainHeader_passthroughMode() {
    String value = ProxyEncodings.awsEncoded(certificates.fullChain());

    Forwarded forwarded =
        assertForwarded(passthroughMode.extract(PROXY, headers(CHAIN_HEADER, value)));

    assertEquals(certificates.leaf(), forwarded.leaf());
    assertEquals(List.of(certificates.intermediate(), certificates.root()), forwarded.chain());
    assertEquals(CHAIN_HEADER, forwarded.headerName());
  }

  @Test
  void fullyEscapedValue_isAlsoAccepted() {
    String value = ProxyEncodings.nginxEscaped(certificates.leaf());

    Forwarded forwarded = assertForwarded(verifyMode.extract(PROXY, headers(LEAF_HEADER, value)));

    assertEquals(certificates.leaf(), forwarded.leaf());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "%G0",
        "-----BEGIN CERTIFICATE-----%0A",
        "-----BEGIN+CERTIFICATE-----%0AMIIB%0A-----END+CERTIFICATE-----%0A",
      })
  void invalidValue_isMalformed(String value) {
    assertMalformed(verifyMode.extract(PROXY, headers(LEAF_HEADER, value)));
  }

  @Test
  void formEncodedSpaces_areMalformed() {
    String value = ProxyEncodings.awsEncoded(certificates.leaf()).replace("%20", "+");

    assertMalformed(verifyMode.extract(PROXY, headers(LEAF_HEADER, value)));
  }
}
