package io.countersign.it;

import io.countersign.pki.PemFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client that writes its whole request body before it reads the response, unlike curl, which
 * stops sending when a response arrives. It shows how much of a rejected body the server reads.
 */
final class UnstoppableUpload {

  private static final int BLOCK_BYTES = 64 * 1024;

  /**
   * The outcome of one upload.
   *
   * @param sentBytes the body bytes written before the server closed the connection, or all of them
   * @param statusLine the response's status line, or an empty string without a response
   */
  record Outcome(long sentBytes, String statusLine) {}

  private UnstoppableUpload() {}

  /**
   * Posts {@code bodyBytes} bytes of XML as {@code partnerId} over mutual TLS to 127.0.0.1, chunked
   * or with a Content-Length, and writes on until the body is sent or the connection breaks.
   */
  static Outcome post(String partnerId, long bodyBytes, boolean chunked)
      throws IOException, GeneralSecurityException {
    int port = IntegrationEnvironment.baseUri().getPort();
    try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), port);
        SSLSocket socket =
            (SSLSocket)
                context(partnerId).getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
      OutputStream out = socket.getOutputStream();
      String length =
          chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + bodyBytes + "\r\n";
      out.write(
          ("POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n"
                  + length
                  + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      long sent = writeBody(out, bodyBytes, chunked);
      return new Outcome(sent, statusLine(socket.getInputStream()));
    }
  }

  /** Writes the body and returns how many bytes of it the connection took. */
  private static long writeBody(OutputStream out, long bodyBytes, boolean chunked) {
    byte[] block = new byte[BLOCK_BYTES];
    Arrays.fill(block, (byte) 'a');
    byte[] chunkHeader =
        (Integer.toHexString(BLOCK_BYTES) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] lineEnd = "\r\n".getBytes(StandardCharsets.US_ASCII);
    long sent = 0;
    try {
      while (sent < bodyBytes) {
        if (chunked) {
          out.write(chunkHeader);
        }
        out.write(block);
        if (chunked) {
          out.write(lineEnd);
        }
        sent += BLOCK_BYTES;
      }
      if (chunked) {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
    } catch (IOException closedByServer) {
      // The server closed the connection; sent counts what it took until then.
    }
    return sent;
  }

  private static String statusLine(InputStream in) {
    try {
      byte[] head = in.readNBytes(64);
      String text = new String(head, StandardCharsets.US_ASCII);
      int end = text.indexOf("\r\n");
      return end < 0 ? text : text.substring(0, end);
    } catch (IOException e) {
      return "";
    }
  }

  /** Returns a TLS context with the partner's client certificate that trusts only the test CA. */
  private static SSLContext context(String partnerId) throws IOException, GeneralSecurityException {
    IntegrationEnvironment.PartnerKeys keys = IntegrationEnvironment.partner(partnerId);
    char[] password = "unused".toCharArray();
    KeyStore clientKeys = KeyStore.getInstance("PKCS12");
    clientKeys.load(null, null);
    clientKeys.setKeyEntry(
        "client",
        PemFiles.readPrivateKey(keys.tlsKey()),
        password,
        new Certificate[] {PemFiles.readCertificate(keys.tlsCertificate())});
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(clientKeys, password);

    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    X509Certificate ca = PemFiles.readCertificate(IntegrationEnvironment.caCertificate());
    trusted.setCertificateEntry("ca", ca);
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trusted);

    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }
}
