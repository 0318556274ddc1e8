package io.countersign.client.forwarded;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The encodings in which edge proxies forward the client certificate of their TLS handshake. */
public enum ForwardedCertificateFormat {

  /**
   * RFC 9440: {@code Client-Cert} is a structured field Byte Sequence of the leaf's DER encoding,
   * and the optional {@code Client-Cert-Chain} a List of Byte Sequences with the rest of the chain.
   */
  RFC_9440("rfc9440", "RFC 9440", "Client-Cert"),

  /**
   * nginx {@code $ssl_client_escaped_cert}: the leaf as URL-encoded PEM. The deprecated {@code
   * $ssl_client_cert}, PEM with a tab after each line break, is accepted under the same format.
   */
  NGINX("nginx", "nginx", "X-SSL-Client-Cert"),

  /**
   * Envoy {@code x-forwarded-client-cert}: key=value pairs, of which {@code Cert} is the leaf and
   * {@code Chain} the whole chain as URL-encoded PEM.
   */
  ENVOY_XFCC("envoy-xfcc", "Envoy XFCC", "X-Forwarded-Client-Cert"),

  /**
   * AWS Application Load Balancer: {@code X-Amzn-Mtls-Clientcert-Leaf} (verify mode) carries the
   * leaf and {@code X-Amzn-Mtls-Clientcert} (passthrough mode) the whole chain, both as URL-encoded
   * PEM that keeps {@code +}, {@code =} and {@code /} unescaped.
   */
  AWS_ALB("aws-alb", "AWS ALB", "X-Amzn-Mtls-Clientcert-Leaf");

  private final String configName;
  private final String label;
  private final String defaultHeaderName;

  ForwardedCertificateFormat(String configName, String label, String defaultHeaderName) {
    this.configName = configName;
    this.label = label;
    this.defaultHeaderName = defaultHeaderName;
  }

  /**
   * Returns the format with the given configuration name, ignoring case.
   *
   * @throws IllegalArgumentException if no format has that name
   */
  public static ForwardedCertificateFormat fromConfigName(String name) {
    for (ForwardedCertificateFormat format : values()) {
      if (format.configName.equalsIgnoreCase(name.strip())) {
        return format;
      }
    }
    String known =
        Arrays.stream(values()).map(f -> f.configName).collect(Collectors.joining(", "));
    throw new IllegalArgumentException(
        "Unknown forwarded certificate format '" + name + "'. Use one of: " + known);
  }

  /** Returns the name used in configuration, for example {@code envoy-xfcc}. */
  public String configName() {
    return configName;
  }

  /** Returns the name shown in logs and descriptions, for example {@code Envoy XFCC}. */
  public String label() {
    return label;
  }

  /** Returns the header name that the proxy uses unless configured otherwise. */
  public String defaultHeaderName() {
    return defaultHeaderName;
  }
}
