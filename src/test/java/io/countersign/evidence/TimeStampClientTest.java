package io.countersign.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimeStampClientTest {

  private static final byte[] STATEMENT =
      "{\"sequence\":1,\"headHash\":\"ab\",\"createdAt\":\"2026-12-04T17:49:59.524Z\"}"
          .getBytes(StandardCharsets.UTF_8);

  private TestTimeStampAuthority tsa;
  private TimeStampClient client;

  @BeforeEach
  void startTsa() throws Exception {
    tsa = TestTimeStampAuthority.start(0);
    client = new TimeStampClient(tsa.url(), Duration.ofSeconds(3));
  }

  @AfterEach
  void stopTsa() {
    tsa.close();
  }

  @Test
  void stamp_grantedToken_verifiesOverStatement() throws Exception {
    TimeStampOutcome outcome = client.stamp(STATEMENT);

    TimeStampOutcome.Stamped stamped = assertInstanceOf(TimeStampOutcome.Stamped.class, outcome);
    TimeStampToken token = new TimeStampToken(ContentInfo.getInstance(stamped.token()));
    assertArrayEquals(sha256(STATEMENT), token.getTimeStampInfo().getMessageImprintDigest());
    assertTrue(TimeStampTokens.verify(token, sha256(STATEMENT)).isEmpty());
    assertEquals(tsa.certificate(), TimeStampTokens.signerCertificate(token).orElseThrow());
    assertTrue(token.getTimeStampInfo().getGenTime().toInstant().isBefore(Instant.now().plusSeconds(1)));
  }

  @Test
  void stamp_wrongNonce_isRejected() {
    tsa.mode(TestTimeStampAuthority.Mode.WRONG_NONCE);

    assertFailure(TimeStampFailure.NONCE_MISMATCH, client.stamp(STATEMENT));
  }

  @Test
  void stamp_wrongImprint_isRejected() {
    tsa.mode(TestTimeStampAuthority.Mode.WRONG_IMPRINT);

    assertFailure(TimeStampFailure.IMPRINT_MISMATCH, client.stamp(STATEMENT));
  }

  @Test
  void stamp_signatureByOtherKey_isRejected() {
    tsa.mode(TestTimeStampAuthority.Mode.BAD_SIGNATURE);

    assertFailure(TimeStampFailure.SIGNATURE_INVALID, client.stamp(STATEMENT));
  }

  @Test
  void stamp_rejectedRequest_isNotGranted() {
    tsa.mode(TestTimeStampAuthority.Mode.REJECTING);

    assertFailure(TimeStampFailure.NOT_GRANTED, client.stamp(STATEMENT));
  }

  @Test
  void stamp_tsaDown_failsWithoutException() throws Exception {
    URI closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/tsa");
    }
    TimeStampClient down = new TimeStampClient(closedPort, Duration.ofSeconds(2));

    assertFailure(TimeStampFailure.UNREACHABLE, down.stamp(STATEMENT));
  }

  @Test
  void stamp_notATsa_isHttpError() {
    TimeStampClient wrongPath =
        new TimeStampClient(tsa.url().resolve("/not-the-tsa"), Duration.ofSeconds(2));

    assertFailure(TimeStampFailure.HTTP_ERROR, wrongPath.stamp(STATEMENT));
  }

  private static void assertFailure(TimeStampFailure expected, TimeStampOutcome outcome) {
    TimeStampOutcome.Failed failed = assertInstanceOf(TimeStampOutcome.Failed.class, outcome);
    assertEquals(expected, failed.failure(), failed.detail());
  }

  private static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }
}
