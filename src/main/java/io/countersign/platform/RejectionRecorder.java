package io.countersign.platform;

import io.countersign.client.ClientIdentity;
import io.countersign.evidence.EvidenceStore;
import io.countersign.evidence.RejectionRecord;
import io.countersign.trust.CertificateSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs every rejection with its request id, partner and reason, and stores it for operators.
 *
 * <p>Storing is best effort: when the database is down, the rejection is still logged and
 * returned to the client.
 */
@ApplicationScoped
public class RejectionRecorder {

  private static final Logger LOG = Logger.getLogger(RejectionRecorder.class.getName());

  @Inject EvidenceStore store;
  @Inject Clock clock;

  public void record(Rejection rejection, String requestId, HttpServletRequest request) {
    RejectionRecord record =
        new RejectionRecord(
            requestId,
            clock.instant(),
            rejection.reason().code(),
            rejection.reason().status(),
            rejection.detail());
    record.setRequest(request.getMethod(), request.getRequestURI());
    String partner = describeClient(record, request);
    LOG.info(
        () ->
            "request "
                + requestId
                + ": rejected "
                + request.getMethod()
                + " "
                + request.getRequestURI()
                + " from "
                + partner
                + " with "
                + rejection.reason().status()
                + " "
                + rejection.reason().code()
                + ": "
                + rejection.detail());
    try {
      store.insert(record);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "request " + requestId + ": the rejection could not be stored", e);
    }
  }

  /** Fills in the client of the rejected request; returns a description for the log line. */
  private static String describeClient(RejectionRecord record, HttpServletRequest request) {
    if (request.getAttribute(ClientIdentity.ATTRIBUTE) instanceof ClientIdentity identity) {
      CertificateSummary summary = identity.summary();
      record.setClient(
          identity.partnerId(),
          summary == null ? null : summary.subject(),
          summary == null ? null : summary.sha256());
      return identity.isIdentified()
          ? "partner " + identity.partnerId() + " (" + identity.source() + ")"
          : "an unidentified client (" + identity.source() + ")";
    }
    if (request.getAttribute("jakarta.servlet.request.X509Certificate") instanceof X509Certificate[] chain
        && chain.length > 0) {
      CertificateSummary summary = CertificateSummary.of(chain[0]);
      record.setClient(null, summary.subject(), summary.sha256());
      return "unregistered client " + summary.subject();
    }
    return "a client without certificate";
  }
}
