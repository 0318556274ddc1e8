package io.countersign.client;

import io.countersign.partner.PartnerRegistry;
import io.countersign.platform.RejectedException;
import io.countersign.platform.RejectionReason;
import io.countersign.signature.http.HmacKey;
import io.countersign.signature.http.HmacRequestVerifier;
import io.countersign.signature.http.HttpMessageSignatureVerifier;
import io.countersign.signature.http.HttpRequestView;
import io.countersign.signature.http.RequestVerificationOutcome;
import io.countersign.signature.http.VerifiedRequest;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Authenticates a request without a client certificate by its request signature: an HMAC with one
 * of the partner's active keys ({@code X-Countersign-Timestamp}, {@code
 * X-Countersign-Signature-Primary} or {@code -Secondary}, and {@code X-Countersign-Partner}), or an
 * RFC 9421 HTTP Message Signature with a key the partner registered.
 *
 * <p>Both cover the exact body bytes, so the body is read here into memory, within {@code
 * countersign.document.max-in-memory-bytes}, and put back for the resource, which then applies the
 * partner's own limit.
 */
@ApplicationScoped
public class RequestSignatureAuthenticator {

  /** The request header that names the partner of an HMAC-signed request. */
  public static final String PARTNER_HEADER = "X-Countersign-Partner";

  private static final String SIGNATURE_INPUT_HEADER = "Signature-Input";

  @Inject PartnerRegistry partners;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "countersign.document.max-in-memory-bytes")
  long maxInMemoryBytes;

  private HmacRequestVerifier hmacVerifier;
  private HttpMessageSignatureVerifier httpSignatureVerifier;

  @PostConstruct
  void createVerifiers() {
    hmacVerifier =
        new HmacRequestVerifier(
            partnerId ->
                partners.hmacKeysOf(partnerId).stream()
                    .map(key -> new HmacKey(key.keyId(), key.secret(), key.notBefore(), key.notAfter()))
                    .toList(),
            clock);
    httpSignatureVerifier = new HttpMessageSignatureVerifier(partners::findHttpSignatureKey, clock);
  }

  /** Returns the identity that the request's signature proves, or empty for an unsigned request. */
  Optional<ClientIdentity> authenticate(ContainerRequestContext request) {
    boolean hmac = request.getHeaderString(HmacRequestVerifier.TIMESTAMP_HEADER) != null;
    boolean httpSignature = request.getHeaderString(SIGNATURE_INPUT_HEADER) != null;
    if (!hmac && !httpSignature) {
      return Optional.empty();
    }

    HttpRequestView view = view(request);
    if (hmac) {
      String partnerId = request.getHeaderString(PARTNER_HEADER);
      if (partnerId == null || partnerId.isBlank()) {
        throw new RejectedException(
            RejectionReason.REQUEST_SIGNATURE_MALFORMED,
            "An HMAC-signed request must name its partner in the "
                + PARTNER_HEADER
                + " header.");
      }
      VerifiedRequest verified = verified(hmacVerifier.verify(view, partnerId.strip()));
      return Optional.of(
          ClientIdentity.ofRequestSignature(verified, "hmac key " + verified.keyId()));
    }
    VerifiedRequest verified = verified(httpSignatureVerifier.verify(view));
    return Optional.of(
        ClientIdentity.ofRequestSignature(
            verified, "http message signature key " + verified.keyId()));
  }

  private static VerifiedRequest verified(RequestVerificationOutcome outcome) {
    return switch (outcome) {
      case RequestVerificationOutcome.Verified verified -> verified.request();
      case RequestVerificationOutcome.Rejected rejected -> throw new RejectedException(rejected.rejection());
    };
  }

  /**
   * Reads the body within the in-memory limit and puts it back for the resource.
   *
   * <p>NOTE: the whole body is held in memory here, so a partner that authenticates by a request
   * signature can send no document larger than {@code countersign.document.max-in-memory-bytes},
   * XML included. Streaming would need the digest computed while the body is spooled.
   */
  private HttpRequestView view(ContainerRequestContext request) {
    String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && parsedLength(declared) > maxInMemoryBytes) {
      throw tooLarge(declared + " bytes");
    }
    byte[] body;
    try {
      int limit = Math.toIntExact(Math.min(maxInMemoryBytes + 1, Integer.MAX_VALUE - 8));
      body = request.getEntityStream().readNBytes(limit);
    } catch (IOException e) {
      throw new RejectedException(
          RejectionReason.REQUEST_INVALID, "The request body could not be read: " + e.getMessage());
    }
    if (body.length > maxInMemoryBytes) {
      throw tooLarge("more than " + maxInMemoryBytes + " bytes");
    }
    request.setEntityStream(new ByteArrayInputStream(body));
    return new HttpRequestView(
        request.getMethod(), request.getUriInfo().getRequestUri().toString(), request.getHeaders(), body);
  }

  /** Returns the Content-Length, or -1 when it is not a number, so that the read limit applies. */
  private static long parsedLength(String contentLength) {
    try {
      return Long.parseLong(contentLength.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private RejectedException tooLarge(String size) {
    return new RejectedException(
        RejectionReason.DOCUMENT_TOO_LARGE,
        "The document has "
            + size
            + ", but a request authenticated by a request signature is read in memory, which"
            + " limits it to "
            + maxInMemoryBytes
            + " bytes. Send a larger document over mutual TLS.");
  }
}
