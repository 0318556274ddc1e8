package io.countersign.client.forwarded;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/** Encodes certificates exactly as each edge proxy does, to build realistic header values. */
final class ProxyEncodings {

  private static final String UNRESERVED =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

  private ProxyEncodings() {}

  /** PEM as OpenSSL's PEM_write_bio_X509 writes it: 64-character lines and a final line break. */
  static String pem(X509Certificate certificate) {
    String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der(certificate));
    return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
  }

  static String pem(List<X509Certificate> certificates) {
    StringBuilder pem = new StringBuilder();
    certificates.forEach(certificate -> pem.append(pem(certificate)));
    return pem.toString();
  }

  /**
   * nginx {@code $ssl_client_escaped_cert}: ngx_escape_uri with NGX_ESCAPE_URI_COMPONENT, which
   * escapes every byte except ALPHA, DIGIT, "-", ".", "_" and "~" as %XX in upper-case hex.
   */
  static String nginxEscaped(X509Certificate certificate) {
    return percentEncode(pem(certificate), "");
  }

  /**
   * nginx {@code $ssl_client_cert} (deprecated): the PEM without its final line break, with a tab
   * after every other line break.
   */
  static String nginxLegacy(X509Certificate certificate) {
    String pem = pem(certificate);
    return pem.substring(0, pem.length() - 1).replace("\n", "\n\t");
  }

  /** Envoy's URL-encoded PEM: only line break, space, "+", "/" and "=" are replaced. */
  static String envoyEncoded(List<X509Certificate> certificates) {
    return pem(certificates)
        .replace("\n", "%0A")
        .replace(" ", "%20")
        .replace("+", "%2B")
        .replace("/", "%2F")
        .replace("=", "%3D");
  }

  static String envoyEncoded(X509Certificate certificate) {
    return envoyEncoded(List.of(certificate));
  }

  /** AWS ALB's URL-encoded PEM "with +=/ as safe characters": those three stay unescaped. */
  static String awsEncoded(List<X509Certificate> certificates) {
    return percentEncode(pem(certificates), "+=/");
  }

  static String awsEncoded(X509Certificate certificate) {
    return awsEncoded(List.of(certificate));
  }

  /** Encodes the DER encoding as an RFC 8941 Byte Sequence, as RFC 9440 sends it. */
  static String byteSequence(X509Certificate certificate) {
    return ":" + Base64.getEncoder().encodeToString(der(certificate)) + ":";
  }

  static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String percentEncode(String text, String alsoSafe) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (UNRESERVED.indexOf(c) >= 0 || alsoSafe.indexOf(c) >= 0) {
        encoded.append(c);
      } else {
        encoded.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return encoded.toString();
  }
}
