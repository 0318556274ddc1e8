package io.countersign.client.forwarded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForwardedCertificateSettingsTest {

  @Test
  void parseList_formatsWithDefaultAndConfiguredNames() {
    List<ForwardedCertificateHeader> headers =
        ForwardedCertificateHeader.parseList(
            "nginx, RFC9440 ,envoy-xfcc, aws-alb=X-Amzn-Mtls-Clientcert");

    assertEquals(
        List.of(
            new ForwardedCertificateHeader(ForwardedCertificateFormat.NGINX, "X-SSL-Client-Cert"),
            new ForwardedCertificateHeader(ForwardedCertificateFormat.RFC_9440, "Client-Cert"),
            new ForwardedCertificateHeader(
                ForwardedCertificateFormat.ENVOY_XFCC, "X-Forwarded-Client-Cert"),
            new ForwardedCertificateHeader(
                ForwardedCertificateFormat.AWS_ALB, "X-Amzn-Mtls-Clientcert")),
        headers);
  }

  @Test
  void parseList_blank_isEmpty() {
    assertEquals(List.of(), ForwardedCertificateHeader.parseList(" "));
    assertEquals(List.of(), ForwardedCertificateHeader.parseList(null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"apache", "nginx,", "nginx=", "nginx=X Client Cert", "=X-Cert", "nginx=a:b"})
  void parseList_invalidEntry_isRejected(String configuration) {
    assertThrows(
        IllegalArgumentException.class, () -> ForwardedCertificateHeader.parseList(configuration));
  }

  @Test
  void chainName_onlyDiffersForRfc9440() {
    assertEquals(
        "Client-Cert-Chain",
        ForwardedCertificateHeader.of(ForwardedCertificateFormat.RFC_9440).chainName());
    assertEquals(
        "X-SSL-Client-Cert",
        ForwardedCertificateHeader.of(ForwardedCertificateFormat.NGINX).chainName());
  }

  @Test
  void settings_sameHeaderTwice_isRejected() {
    List<ForwardedCertificateHeader> headers =
        List.of(
            ForwardedCertificateHeader.of(ForwardedCertificateFormat.NGINX),
            new ForwardedCertificateHeader(ForwardedCertificateFormat.AWS_ALB, "x-ssl-client-cert"));

    assertThrows(
        IllegalArgumentException.class,
        () -> ForwardedCertificateSettings.of(TrustedProxies.none(), headers));
  }

  @Test
  void settings_headerClashingWithRfc9440Chain_isRejected() {
    List<ForwardedCertificateHeader> headers =
        List.of(
            ForwardedCertificateHeader.of(ForwardedCertificateFormat.RFC_9440),
            new ForwardedCertificateHeader(ForwardedCertificateFormat.NGINX, "Client-Cert-Chain"));

    assertThrows(
        IllegalArgumentException.class,
        () -> ForwardedCertificateSettings.of(TrustedProxies.none(), headers));
  }

  @Test
  void settings_nonPositiveLimits_areRejected() {
    List<ForwardedCertificateHeader> headers = List.of();

    assertThrows(
        IllegalArgumentException.class,
        () -> new ForwardedCertificateSettings(TrustedProxies.none(), headers, 0, 10));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ForwardedCertificateSettings(TrustedProxies.none(), headers, 1024, 0));
  }

  @Test
  void certificateSource_tls_describesAsTls() {
    assertEquals("tls", CertificateSource.tls().describe());
    assertEquals(CertificateSource.TLS, CertificateSource.tls().kind());
  }

  @Test
  void certificateSource_forwarded_describesProxy() {
    CertificateSource source =
        CertificateSource.forwarded("::1", "Client-Cert", ForwardedCertificateFormat.RFC_9440);

    assertEquals("forwarded by ::1 in Client-Cert (RFC 9440)", source.describe());
    assertEquals(CertificateSource.FORWARDED, source.kind());
  }

  @Test
  void certificateSource_inconsistentFields_areRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new CertificateSource("proxy", null, null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CertificateSource("tls", "127.0.0.2", null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CertificateSource("forwarded", "127.0.0.2", null, ForwardedCertificateFormat.NGINX));
  }
}
