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
 * <p>Both cover the exact body bytes, so the body is read here, within the document size limit,
 * and put back for the resource.
 */
@ApplicationScoped
public class RequestSignatureAuthenticator {

  /** The request header that names the partner of an HMAC-signed request. */
  public static final String PARTNER_HEADER = "X-Countersign-Partner";

  private static final String SIGNATURE_INPUT_HEADER = "Signature-Input";

  @Inject PartnerRegistry partners;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "countersign.document.max-bytes")
  long maxDocumentBytes;

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

  /** Reads the body within the size limit and puts it back for the resource. */
  private HttpRequestView view(ContainerRequestContext request) {
    byte[] body;
    try {
      int limit = (int) Math.min(maxDocumentBytes + 1, Integer.MAX_VALUE - 8);
      body = request.getEntityStream().readNBytes(limit);
    } catch (IOException e) {
      throw new RejectedException(
          RejectionReason.REQUEST_INVALID, "The request body could not be read: " + e.getMessage());
    }
    if (body.length > maxDocumentBytes) {
      throw new RejectedException(
          RejectionReason.DOCUMENT_TOO_LARGE,
          "The document has more than " + maxDocumentBytes + " bytes; the limit is " + maxDocumentBytes + " bytes.");
    }
    request.setEntityStream(new ByteArrayInputStream(body));
    return new HttpRequestView(
        request.getMethod(), request.getUriInfo().getRequestUri().toString(), request.getHeaders(), body);
  }
}
