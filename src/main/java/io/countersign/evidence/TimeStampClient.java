package io.countersign.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Requests RFC 3161 time-stamp tokens over HTTP (RFC 3161 section 3.4) and verifies each response
 * against its request: status granted, the request's nonce, the SHA-256 message imprint and the
 * signature by the token's own certificate ({@link TimeStampTokens}).
 *
 * <p>A failure of any kind is returned as {@link TimeStampOutcome.Failed}, never thrown, so a TSA
 * that is down costs only the time-stamp. Instances are immutable and thread-safe.
 */
public final class TimeStampClient {

  /** Far above a token with a TSA chain of a few certificates. */
  private static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private static final int NONCE_BITS = 64;

  private final URI url;
  private final Duration timeout;
  private final SecureRandom random = new SecureRandom();

  /**
   * Creates a client of the TSA at {@code url}.
   *
   * @param timeout the connect timeout and, separately, the read timeout
   */
  public TimeStampClient(URI url, Duration timeout) {
    if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
      throw new IllegalArgumentException("A TSA URL must be http or https, not " + url);
    }
    this.url = url;
    this.timeout = timeout;
  }

  public URI url() {
    return url;
  }

  /** Requests a token over the SHA-256 of {@code message}, with a nonce and the TSA certificate. */
  public TimeStampOutcome stamp(byte[] message) {
    byte[] digest = sha256(message);
    TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
    generator.setCertReq(true);
    TimeStampRequest request =
        generator.generate(TSPAlgorithms.SHA256, digest, new BigInteger(NONCE_BITS, random));

    byte[] body;
    try {
      body = post(request.getEncoded());
    } catch (HttpStatusException e) {
      return new TimeStampOutcome.Failed(TimeStampFailure.HTTP_ERROR, e.getMessage());
    } catch (IOException e) {
      return new TimeStampOutcome.Failed(
          TimeStampFailure.UNREACHABLE, "The TSA " + url + " is unreachable: " + e);
    }
    try {
      return verify(request, digest, body);
    } catch (RuntimeException e) {
      // BouncyCastle's ASN.1 parsers throw unchecked exceptions on some malformed input.
      return failed(TimeStampFailure.MALFORMED, "The TSA response cannot be parsed: " + e);
    }
  }

  private TimeStampOutcome verify(TimeStampRequest request, byte[] digest, byte[] body) {
    TimeStampResponse response;
    try {
      response = new TimeStampResponse(body);
    } catch (TSPException | IOException e) {
      return failed(TimeStampFailure.MALFORMED, "The TSA response is not RFC 3161: " + e.getMessage());
    }

    int status = response.getStatus();
    if (status != PKIStatus.GRANTED && status != PKIStatus.GRANTED_WITH_MODS) {
      return failed(
          TimeStampFailure.NOT_GRANTED,
          "The TSA did not grant the request: status "
              + status
              + ", "
              + response.getStatusString()
              + ", failure info "
              + response.getFailInfo());
    }
    TimeStampToken token = response.getTimeStampToken();
    if (token == null) {
      return failed(TimeStampFailure.MALFORMED, "The granted response contains no token");
    }
    if (!request.getNonce().equals(token.getTimeStampInfo().getNonce())) {
      return failed(TimeStampFailure.NONCE_MISMATCH, "The token's nonce is not the request's");
    }

    Optional<TimeStampTokens.Rejection> rejection = TimeStampTokens.verify(token, digest);
    if (rejection.isPresent()) {
      return failed(rejection.get().failure(), rejection.get().detail());
    }
    return validated(request, response);
  }

  /** Runs BouncyCastle's own response checks, which also cover the policy and certificate request. */
  private TimeStampOutcome validated(TimeStampRequest request, TimeStampResponse response) {
    try {
      response.validate(request);
      return new TimeStampOutcome.Stamped(response.getTimeStampToken().getEncoded());
    } catch (TSPException | IOException e) {
      return failed(TimeStampFailure.MALFORMED, "The TSA response is invalid: " + e.getMessage());
    }
  }

  private TimeStampOutcome failed(TimeStampFailure failure, String detail) {
    return new TimeStampOutcome.Failed(failure, detail + " (TSA " + url + ")");
  }

  private byte[] post(byte[] request) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
    connection.setConnectTimeout(Math.toIntExact(timeout.toMillis()));
    connection.setReadTimeout(Math.toIntExact(timeout.toMillis()));
    connection.setInstanceFollowRedirects(false);
    connection.setUseCaches(false);
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setRequestProperty("Content-Type", "application/timestamp-query");
    connection.setRequestProperty("Accept", "application/timestamp-reply");
    connection.setFixedLengthStreamingMode(request.length);
    try {
      try (OutputStream out = connection.getOutputStream()) {
        out.write(request);
      }
      return readBody(connection);
    } finally {
      connection.disconnect();
    }
  }

  private byte[] readBody(HttpURLConnection connection) throws IOException {
    int status = connection.getResponseCode();
    if (status != HttpURLConnection.HTTP_OK) {
      throw new HttpStatusException("The TSA " + url + " responded with HTTP status " + status);
    }
    try (InputStream in = connection.getInputStream()) {
      byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      if (body.length > MAX_RESPONSE_BYTES) {
        throw new HttpStatusException(
            "The response of the TSA " + url + " is larger than " + MAX_RESPONSE_BYTES + " bytes");
      }
      return body;
    }
  }

  private static byte[] sha256(byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** An HTTP response that is not a time-stamp response: a status other than 200, or too large. */
  private static final class HttpStatusException extends IOException {
    HttpStatusException(String message) {
      super(message);
    }
  }
}
