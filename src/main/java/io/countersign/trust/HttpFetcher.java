package io.countersign.trust;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;

/**
 * Fetches OCSP responses and CRLs over plain HTTP, as RFC 6960 A.1 and RFC 5280 4.2.1.13 describe.
 *
 * <p>Both are signed, so TLS adds nothing, and fetching them over https could itself need a
 * revocation check. Redirects are not followed. The URLs come from certificates that have already
 * been validated to the partner's trust anchor, so only the partner's CA chooses where Countersign
 * connects.
 */
final class HttpFetcher {

  private static final int BUFFER_SIZE = 8192;

  /** Sends {@code body} with a POST and returns the response body of at most maxBytes. */
  byte[] post(URI uri, String contentType, byte[] body, int maxBytes, RevocationPolicy policy)
      throws IOException {
    HttpURLConnection connection = open(uri, policy);
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setRequestProperty("Content-Type", contentType);
    connection.setFixedLengthStreamingMode(body.length);
    try {
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
      return readBody(connection, uri, maxBytes, policy);
    } finally {
      connection.disconnect();
    }
  }

  /** Sends a GET and returns the response body of at most maxBytes. */
  byte[] get(URI uri, int maxBytes, RevocationPolicy policy) throws IOException {
    HttpURLConnection connection = open(uri, policy);
    try {
      return readBody(connection, uri, maxBytes, policy);
    } finally {
      connection.disconnect();
    }
  }

  private static HttpURLConnection open(URI uri, RevocationPolicy policy) throws IOException {
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IOException("Only http URLs are fetched, not " + uri);
    }
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setConnectTimeout(Math.toIntExact(policy.connectTimeout().toMillis()));
    connection.setReadTimeout(Math.toIntExact(policy.readTimeout().toMillis()));
    connection.setInstanceFollowRedirects(false);
    connection.setUseCaches(false);
    return connection;
  }

  private static byte[] readBody(
      HttpURLConnection connection, URI uri, int maxBytes, RevocationPolicy policy)
      throws IOException {
    long deadline = System.nanoTime() + policy.readTimeout().toNanos();
    int status = connection.getResponseCode();
    if (status != HttpURLConnection.HTTP_OK) {
      throw new IOException("HTTP status " + status + " from " + uri);
    }
    if (connection.getContentLengthLong() > maxBytes) {
      throw new IOException("Response from " + uri + " is larger than " + maxBytes + " bytes");
    }

    try (InputStream in = connection.getInputStream()) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      byte[] buffer = new byte[BUFFER_SIZE];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        body.write(buffer, 0, read);
        if (body.size() > maxBytes) {
          throw new IOException("Response from " + uri + " is larger than " + maxBytes + " bytes");
        }
        // The read timeout bounds each read only, so a server sending slowly is cut off here.
        if (System.nanoTime() > deadline) {
          throw new SocketTimeoutException("Reading the response from " + uri + " timed out");
        }
      }
      return body.toByteArray();
    }
  }
}
