package io.countersign.client.forwarded;

import static io.countersign.client.forwarded.TestRequests.PROXY;
import static io.countersign.client.forwarded.TestRequests.assertForwarded;
import static io.countersign.client.forwarded.TestRequests.assertMalformed;
import static io.countersign.client.forwarded.TestRequests.extractor;
import static io.countersign.client.forwarded.TestRequests.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.countersign.client.forwarded.ForwardedCertificateOutcome.Forwarded;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvoyXfccFormatTest {

  private static final String HEADER = "X-Forwarded-Client-Cert";
  private static final String HASH =
      "468ed33be74eee6556d90c0149c1309e9ba61d6425303443c0748a02dd8de688";

  private static TestCertificates certificates;
  private static String cert;
  private static String chain;

  private final ForwardedCertificateExtractor extractor =
      extractor(ForwardedCertificateFormat.ENVOY_XFCC);

  @BeforeAll
  static void issueCertificates() {
    certificates = TestCertificates.issue();
    cert = ProxyEncodings.envoyEncoded(certificates.leaf());
    chain = ProxyEncodings.envoyEncoded(certificates.fullChain());
  }

  @Test
  void quotedCert_asEnvoySendsIt() {
    String value = "By=spiffe://example.org/countersign;Hash=" + HASH + ";Cert=\"" + cert + "\"";

    Forwarded forwarded = assertForwarded(extractor.extract(PROXY, headers(HEADER, value)));

    assertEquals(certificates.leaf(), forwarded.leaf());
    assertEquals(List.of(), forwarded.chain());
    assertEquals(HEADER, forwarded.headerName());
    assertEquals(ForwardedCertificateFormat.ENVOY_XFCC, forwarded.format());
  }

  @Test
  void unquotedCert() {
    String value = "Hash=" + HASH + ";Cert=" + cert;

    Forwarded forwarded = assertForwarded(extractor.extract(PROXY, headers(HEADER, value)));

    assertEquals(certificates.leaf(), forwarded.leaf());
  }

  @Test
  void chainKey_yieldsChainAfterLeaf() {
    String value = "Hash=" + HASH + ";Cert=\"" + cert + "\";Chain=\"" + chain + "\"";

    Forwarded forwarded = assertForwarded(extractor.extract(PROXY, headers(HEADER, value)));

    assertEquals(certificates.leaf(), forwarded.leaf());
    assertEquals(List.of(certificates.intermediate(), certificates.root()), forwarded.chain());
  }

  @Test
  void otherKeys_areIgnored() {
    String value =
        "By=http://frontend.lyft.com;Hash="
            + HASH
            + ";Cert=\""
            + cert
            + "\";Subject=\"/C=US/ST=CA/L=San Francisco/OU=Lyft/CN=Test Client\""
            + ";URI=http://testclient.lyft.com;DNS=lyft.com;DNS=www.lyft.com";

    Forwarded forwarded = assertForwarded(extractor.extract(PROXY, headers(HEADER, value)));

    assertEquals(certificates.leaf(), forwarded.leaf());
  }

  @Test
  void quotedValues_mayContainSeparatorsAndEscapedQuotes() {
    String value =
        "Subject=\"CN=a\\, b;c=d,O=\\\"Quoted\\\" Ltd\";Cert=\""
            + cert
            + "\";By=\"spiffe://example.org/a,b;c=d\"";

    Forwarded forwarded = assertForwarded(extractor.extract(PROXY, headers(HEADER, value)));

    assertEquals(certificates.leaf(), forwarded.leaf());
  }

  @Test
  void keys_areCaseInsensitive() {
    String value = "HASH=" + HASH + ";cert=\"" + cert + "\"";

    Forwarded forwarded = assertForwarded(extractor.extract(PROXY, headers(HEADER, value)));

    assertEquals(certificates.leaf(), forwarded.leaf());
  }

  @Test
  void spacesAroundPairsAndElements_areAllowed() {
    String value = " By=spiffe://a ; Cert=\"" + cert + "\" ";

    Forwarded forwarded = assertForwarded(extractor.extract(PROXY, headers(HEADER, value)));

    assertEquals(certificates.leaf(), forwarded.leaf());
  }

  @Test
  void severalElements_lastOneIsUsed() {
    String first = "By=spiffe://edge;Cert=\"" + ProxyEncodings.envoyEncoded(otherLeaf()) + "\"";
    String last = "By=spiffe://inner;Cert=\"" + cert + "\"";

    Forwarded forwarded =
        assertForwarded(extractor.extract(PROXY, headers(HEADER, first + "," + last)));

    assertEquals(certificates.leaf(), forwarded.leaf());
  }

  @Test
  void severalFieldLines_lastElementIsUsed() {
    String first = "Cert=\"" + ProxyEncodings.envoyEncoded(otherLeaf()) + "\"";
    String last = "Cert=\"" + cert + "\"";

    Forwarded forwarded =
        assertForwarded(extractor.extract(PROXY, headers(HEADER, first, HEADER, last)));

    assertEquals(certificates.leaf(), forwarded.leaf());
  }

  @Test
  void emptyListMembers_areSkipped() {
    String value = "Cert=\"" + cert + "\";, ,";

    Forwarded forwarded = assertForwarded(extractor.extract(PROXY, headers(HEADER, value)));

    assertEquals(certificates.leaf(), forwarded.leaf());
  }

  @Test
  void lastElementWithoutCert_isMalformed() {
    String value = "Cert=\"" + cert + "\",By=spiffe://inner;Hash=" + HASH;

    assertMalformed(extractor.extract(PROXY, headers(HEADER, value)));
  }

  @Test
  void chainNotStartingWithCert_isMalformed() {
    String otherChain =
        ProxyEncodings.envoyEncoded(List.of(certificates.intermediate(), certificates.root()));
    String value = "Cert=\"" + cert + "\";Chain=\"" + otherChain + "\"";

    assertMalformed(extractor.extract(PROXY, headers(HEADER, value)));
  }

  @Test
  void certKeyTwice_isMalformed() {
    String value = "Cert=\"" + cert + "\";Cert=\"" + cert + "\"";

    assertMalformed(extractor.extract(PROXY, headers(HEADER, value)));
  }

  @Test
  void certKeyWithChain_isMalformed() {
    String value = "Cert=\"" + chain + "\"";

    assertMalformed(extractor.extract(PROXY, headers(HEADER, value)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ",",
        "By=spiffe://a;Hash=abc",
        "Cert",
        "=abc",
        "Cert=\"-----BEGIN%20CERTIFICATE",
        "Cert=\"abc\"def",
        "Cert=ab\"c",
        "Cert=a=b",
        "Cert=\"%ZZ\"",
        "Cert=\"not a certificate\"",
        "Cert=\"\"",
        "Ce rt=abc",
      })
  void invalidValue_isMalformed(String value) {
    assertMalformed(extractor.extract(PROXY, headers(HEADER, value)));
  }

  /** Returns a leaf from another CA, for elements that must not be chosen. */
  private static X509Certificate otherLeaf() {
    return TestCertificates.issue().leaf();
  }
}
