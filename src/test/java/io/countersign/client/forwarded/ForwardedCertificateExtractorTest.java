package io.countersign.client.forwarded;

import static io.countersign.client.forwarded.TestRequests.CLIENT;
import static io.countersign.client.forwarded.TestRequests.PROXY;
import static io.countersign.client.forwarded.TestRequests.TRUSTED;
import static io.countersign.client.forwarded.TestRequests.assertForwarded;
import static io.countersign.client.forwarded.TestRequests.assertMalformed;
import static io.countersign.client.forwarded.TestRequests.extractor;
import static io.countersign.client.forwarded.TestRequests.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.client.forwarded.ForwardedCertificateOutcome.Forwarded;
import io.countersign.client.forwarded.ForwardedCertificateOutcome.IgnoredUntrustedPeer;
import io.countersign.client.forwarded.ForwardedCertificateOutcome.Malformed;
import io.countersign.client.forwarded.ForwardedCertificateOutcome.NotForwarded;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ForwardedCertificateExtractorTest {

  private static TestCertificates certificates;

  @BeforeAll
  static void issueCertificates() {
    certificates = TestCertificates.issue();
  }

  @ParameterizedTest
  @EnumSource(ForwardedCertificateFormat.class)
  void noHeader_isNotForwarded(ForwardedCertificateFormat format) {
    ForwardedCertificateExtractor extractor = extractor(format);

    assertInstanceOf(NotForwarded.class, extractor.extract(PROXY, headers()));
    assertInstanceOf(NotForwarded.class, extractor.extract(CLIENT, headers()));
    assertInstanceOf(NotForwarded.class, extractor.extract(PROXY, name -> null));
  }

  @ParameterizedTest
  @EnumSource(ForwardedCertificateFormat.class)
  void validHeader_fromTrustedProxy_isForwarded(ForwardedCertificateFormat format) {
    Forwarded forwarded =
        assertForwarded(extractor(format).extract(PROXY, validHeaders(format, certificates.leaf())));

    assertEquals(certificates.leaf(), forwarded.leaf());
    assertEquals(PROXY, forwarded.proxyAddress());
    assertEquals(format, forwarded.format());
  }

  @ParameterizedTest
  @EnumSource(ForwardedCertificateFormat.class)
  void validHeader_fromUntrustedPeer_isIgnored(ForwardedCertificateFormat format) {
    ForwardedCertificateOutcome outcome =
        extractor(format).extract(CLIENT, validHeaders(format, certificates.leaf()));

    IgnoredUntrustedPeer ignored = assertInstanceOf(IgnoredUntrustedPeer.class, outcome);
    assertEquals(CLIENT, ignored.remoteAddress());
    assertEquals(format.defaultHeaderName(), ignored.headerName());
  }

  @ParameterizedTest
  @EnumSource(ForwardedCertificateFormat.class)
  void malformedHeader_fromUntrustedPeer_isIgnored(ForwardedCertificateFormat format) {
    ForwardedCertificateOutcome outcome =
        extractor(format).extract(CLIENT, headers(format.defaultHeaderName(), "%%garbage"));

    assertInstanceOf(IgnoredUntrustedPeer.class, outcome);
  }

  @Test
  void unknownOrMissingPeerAddress_isIgnored() {
    Function<String, List<String>> headers =
        validHeaders(ForwardedCertificateFormat.NGINX, certificates.leaf());
    ForwardedCertificateExtractor extractor = extractor(ForwardedCertificateFormat.NGINX);

    assertInstanceOf(IgnoredUntrustedPeer.class, extractor.extract(null, headers));
    assertInstanceOf(IgnoredUntrustedPeer.class, extractor.extract("localhost", headers));
    assertInstanceOf(IgnoredUntrustedPeer.class, extractor.extract("::ffff:127.0.0.3", headers));
  }

  @ParameterizedTest
  @ValueSource(strings = {"::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.2"})
  void ipv6AndMappedProxyAddresses_areTrusted(String remoteAddress) {
    Function<String, List<String>> headers =
        validHeaders(ForwardedCertificateFormat.NGINX, certificates.leaf());

    Forwarded forwarded =
        assertForwarded(extractor(ForwardedCertificateFormat.NGINX).extract(remoteAddress, headers));

    assertEquals(remoteAddress, forwarded.proxyAddress());
  }

  @Test
  void noTrustedProxies_ignoresEveryPeer() {
    ForwardedCertificateExtractor extractor =
        new ForwardedCertificateExtractor(
            ForwardedCertificateSettings.of(
                TrustedProxies.none(),
                List.of(ForwardedCertificateHeader.of(ForwardedCertificateFormat.NGINX))));

    ForwardedCertificateOutcome outcome =
        extractor.extract(PROXY, validHeaders(ForwardedCertificateFormat.NGINX, certificates.leaf()));

    assertInstanceOf(IgnoredUntrustedPeer.class, outcome);
  }

  @Test
  void disabled_readsNoHeader() {
    ForwardedCertificateExtractor extractor =
        new ForwardedCertificateExtractor(ForwardedCertificateSettings.disabled());

    ForwardedCertificateOutcome outcome =
        extractor.extract(PROXY, validHeaders(ForwardedCertificateFormat.NGINX, certificates.leaf()));

    assertInstanceOf(NotForwarded.class, outcome);
  }

  @ParameterizedTest
  @EnumSource(ForwardedCertificateFormat.class)
  void oversizedHeader_isMalformed(ForwardedCertificateFormat format) {
    String padding = " ".repeat(ForwardedCertificateSettings.DEFAULT_MAX_HEADER_LENGTH);
    String value = firstValue(format, certificates.leaf()) + padding;

    assertMalformed(extractor(format).extract(PROXY, headers(format.defaultHeaderName(), value)));
  }

  @Test
  void headerAtLengthLimit_isAccepted() {
    String value = ProxyEncodings.nginxEscaped(certificates.leaf());
    ForwardedCertificateExtractor extractor =
        new ForwardedCertificateExtractor(
            new ForwardedCertificateSettings(
                TRUSTED,
                List.of(ForwardedCertificateHeader.of(ForwardedCertificateFormat.NGINX)),
                value.length(),
                1));

    assertForwarded(extractor.extract(PROXY, headers("X-SSL-Client-Cert", value)));
    assertMalformed(extractor.extract(PROXY, headers("X-SSL-Client-Cert", value + " ")));
  }

  @ParameterizedTest
  @EnumSource(ForwardedCertificateFormat.class)
  void emptyValue_isMalformed(ForwardedCertificateFormat format) {
    assertMalformed(extractor(format).extract(PROXY, headers(format.defaultHeaderName(), "")));
  }

  @ParameterizedTest
  @EnumSource(ForwardedCertificateFormat.class)
  void tooManyCertificates_isMalformed(ForwardedCertificateFormat format) {
    List<X509Certificate> chain = new ArrayList<>(certificates.fullChain());
    ForwardedCertificateExtractor extractor =
        new ForwardedCertificateExtractor(
            new ForwardedCertificateSettings(
                TRUSTED,
                List.of(ForwardedCertificateHeader.of(format)),
                ForwardedCertificateSettings.DEFAULT_MAX_HEADER_LENGTH,
                2));

    assertMalformed(extractor.extract(PROXY, chainHeaders(format, chain)));
  }

  @ParameterizedTest
  @EnumSource(ForwardedCertificateFormat.class)
  void chainAtCertificateLimit_isAccepted(ForwardedCertificateFormat format) {
    ForwardedCertificateExtractor extractor =
        new ForwardedCertificateExtractor(
            new ForwardedCertificateSettings(
                TRUSTED,
                List.of(ForwardedCertificateHeader.of(format)),
                ForwardedCertificateSettings.DEFAULT_MAX_HEADER_LENGTH,
                3));

    Forwarded forwarded =
        assertForwarded(extractor.extract(PROXY, chainHeaders(format, certificates.fullChain())));

    assertEquals(certificates.leaf(), forwarded.leaf());
    assertEquals(List.of(certificates.intermediate(), certificates.root()), forwarded.chain());
  }

  @Test
  void defaultCertificateLimit_rejectsElevenCertificates() {
    List<X509Certificate> chain = new ArrayList<>(Collections.nCopies(10, certificates.root()));
    chain.addFirst(certificates.leaf());

    ForwardedCertificateOutcome outcome =
        extractor(ForwardedCertificateFormat.AWS_ALB)
            .extract(PROXY, chainHeaders(ForwardedCertificateFormat.AWS_ALB, chain));

    assertMalformed(outcome);
  }

  @Test
  void twoConfiguredHeadersPresent_isMalformed() {
    ForwardedCertificateExtractor extractor =
        extractor(
            ForwardedCertificateHeader.of(ForwardedCertificateFormat.RFC_9440),
            ForwardedCertificateHeader.of(ForwardedCertificateFormat.NGINX));
    Function<String, List<String>> headers =
        headers(
            "Client-Cert", ProxyEncodings.byteSequence(certificates.leaf()),
            "X-SSL-Client-Cert", ProxyEncodings.nginxEscaped(certificates.leaf()));

    assertMalformed(extractor.extract(PROXY, headers));
  }

  @Test
  void twoConfiguredHeaders_eitherIsRead() {
    ForwardedCertificateExtractor extractor =
        extractor(
            ForwardedCertificateHeader.of(ForwardedCertificateFormat.RFC_9440),
            ForwardedCertificateHeader.of(ForwardedCertificateFormat.NGINX));

    Forwarded viaNginx =
        assertForwarded(
            extractor.extract(
                PROXY,
                headers("X-SSL-Client-Cert", ProxyEncodings.nginxEscaped(certificates.leaf()))));
    Forwarded viaRfc9440 =
        assertForwarded(
            extractor.extract(
                PROXY, headers("Client-Cert", ProxyEncodings.byteSequence(certificates.leaf()))));

    assertEquals(ForwardedCertificateFormat.NGINX, viaNginx.format());
    assertEquals(ForwardedCertificateFormat.RFC_9440, viaRfc9440.format());
  }

  @Test
  void malformedRejection_namesHeaderButNotValue() {
    ForwardedCertificateOutcome outcome =
        extractor(ForwardedCertificateFormat.NGINX)
            .extract(PROXY, headers("X-SSL-Client-Cert", "secret%ZZ"));

    Malformed malformed = assertInstanceOf(Malformed.class, outcome);
    assertTrue(malformed.rejection().detail().contains("X-SSL-Client-Cert"));
    assertFalse(malformed.rejection().detail().contains("secret"));
  }

  @ParameterizedTest
  @EnumSource(ForwardedCertificateFormat.class)
  void everyOneCharacterChange_endsAsForwardedOrMalformed(ForwardedCertificateFormat format) {
    String name = format.defaultHeaderName();
    String value = firstValue(format, certificates.leaf());
    ForwardedCertificateExtractor extractor = extractor(format);
    char[] replacements = {'%', '"', ',', ';', ':', '=', '+', ' ', 'A', '\n', '\\', '\u00e9'};

    for (int i = 0; i < value.length(); i++) {
      char replacement = replacements[i % replacements.length];
      String changed = value.substring(0, i) + replacement + value.substring(i + 1);

      ForwardedCertificateOutcome outcome = extractor.extract(PROXY, headers(name, changed));

      assertTrue(
          outcome instanceof Forwarded || outcome instanceof Malformed,
          "position " + i + ": " + outcome);
    }
  }

  @Test
  void forwardedSource_describesProxyHeaderAndFormat() {
    Forwarded forwarded =
        assertForwarded(
            extractor(ForwardedCertificateFormat.NGINX)
                .extract(PROXY, validHeaders(ForwardedCertificateFormat.NGINX, certificates.leaf())));

    assertEquals(
        "forwarded by 127.0.0.2 in X-SSL-Client-Cert (nginx)", forwarded.source().describe());
  }

  private static Function<String, List<String>> validHeaders(
      ForwardedCertificateFormat format, X509Certificate leaf) {
    return headers(format.defaultHeaderName(), firstValue(format, leaf));
  }

  private static String firstValue(ForwardedCertificateFormat format, X509Certificate leaf) {
    return switch (format) {
      case RFC_9440 -> ProxyEncodings.byteSequence(leaf);
      case NGINX -> ProxyEncodings.nginxEscaped(leaf);
      case ENVOY_XFCC -> "Hash=abc;Cert=\"" + ProxyEncodings.envoyEncoded(leaf) + "\"";
      case AWS_ALB -> ProxyEncodings.awsEncoded(leaf);
    };
  }

  /** Returns headers that carry the whole chain, leaf first, in the format's way. */
  private static Function<String, List<String>> chainHeaders(
      ForwardedCertificateFormat format, List<X509Certificate> chain) {
    X509Certificate leaf = chain.getFirst();
    List<X509Certificate> rest = chain.subList(1, chain.size());
    String name = format.defaultHeaderName();
    return switch (format) {
      case RFC_9440 ->
          headers(
              name, ProxyEncodings.byteSequence(leaf),
              "Client-Cert-Chain",
                  String.join(", ", rest.stream().map(ProxyEncodings::byteSequence).toList()));
      case NGINX -> headers(name, ProxyEncodings.pem(chain));
      case ENVOY_XFCC ->
          headers(
              name,
              "Cert=\""
                  + ProxyEncodings.envoyEncoded(leaf)
                  + "\";Chain=\""
                  + ProxyEncodings.envoyEncoded(chain)
                  + "\"");
      case AWS_ALB -> headers(name, ProxyEncodings.awsEncoded(chain));
    };
  }

}
