package io.countersign.intake;

import io.countersign.bundle.BundleEntry;
import io.countersign.bundle.BundleWriter;
import io.countersign.client.ClientIdentity;
import io.countersign.evidence.DocumentRecord;
import io.countersign.evidence.EvidenceBundleAssembler;
import io.countersign.evidence.EvidenceStore;
import io.countersign.evidence.StoredContentReader;
import io.countersign.platform.RejectedException;
import io.countersign.platform.RejectionReason;
import io.countersign.platform.RequestIdFilter;
import io.countersign.receipt.ReceiptSigner;
import io.countersign.receipt.XmlReceiptWriter;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The partner API: submit a signed document, read back its receipt and its content.
 *
 * <p>Every method runs after {@link io.countersign.client.ClientCertificateFilter} identified the
 * partner. A partner can read only its own documents. Another partner's document id gets the
 * not-found problem, so that ids reveal nothing.
 */
@Path("documents")
@RequestScoped
public class DocumentResource {

  /** The header that carries a detached JWS: the document's in a request, the receipt's in a response. */
  public static final String SIGNATURE_HEADER = "X-JWS-Signature";

  /** The media type of evidence bundles: a zip, which any zip tool opens. */
  static final String EVIDENCE_BUNDLE_TYPE = "application/zip";

  private static final Logger LOG = Logger.getLogger(DocumentResource.class.getName());

  @Inject DocumentIntake intake;
  @Inject ReceiptSigner receiptSigner;
  @Inject EvidenceStore store;
  @Inject EvidenceBundleAssembler bundles;
  @Inject StoredContentReader contents;

  @Inject IntakeSettings settings;

  @Context HttpServletRequest request;
  @Context UriInfo uriInfo;

  @POST
  public Response submit(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam(SIGNATURE_HEADER) String detachedJws,
      InputStream body) {
    ClientIdentity client = client();
    MediaType mediaType = SubmissionFormat.parseMediaType(contentType);
    SubmissionFormat format = SubmissionFormat.of(mediaType, detachedJws);
    BodyLimits limits = settings.limitsFor(client.partnerId());

    AcceptedDocument accepted;
    try (ReceivedBody document =
        settings.bodyReader().read(body, request.getContentLengthLong(), limits, format)) {
      accepted =
          intake.accept(
              new Submission(document.content(), mediaType.toString(), format, detachedJws),
              client);
    }
    DocumentRecord stored = accepted.document();
    LOG.info(
        () ->
            "request "
                + request.getAttribute(RequestIdFilter.ATTRIBUTE)
                + ": "
                + (accepted.duplicate() ? "duplicate of document " : "accepted document ")
                + stored.getId()
                + " from partner "
                + client.partnerId()
                + ", "
                + stored.getSize()
                + " bytes, SHA-256 "
                + stored.getSha256());
    Response.ResponseBuilder response =
        accepted.duplicate()
            ? Response.ok()
            : Response.created(uriInfo.getBaseUriBuilder().path("documents").path(stored.getId()).build());
    return receipt(response, stored);
  }

  @GET
  @Path("{id}")
  public Response receipt(@PathParam("id") String id) {
    return receipt(Response.ok(), ownDocument(id));
  }

  /**
   * Returns the exact bytes received, streamed from the store one chunk at a time, with the stored
   * size as Content-Length.
   */
  @GET
  @Path("{id}/content")
  public Response content(@PathParam("id") String id) {
    DocumentRecord document = ownDocument(id);
    StreamingOutput content =
        out -> streamed(document, "content", () -> contents.copyTo(document, out));
    return Response.ok(content, document.getContentType())
        .header(HttpHeaders.CONTENT_LENGTH, document.getSize())
        .build();
  }

  /**
   * Returns the document's evidence bundle, a zip in the ASiC-E layout that a third party can
   * verify offline with {@code countersign verify-bundle}. The zip is written as it is sent, with
   * the document streamed from the store into it.
   */
  @GET
  @Path("{id}/evidence")
  @Produces(EVIDENCE_BUNDLE_TYPE)
  public Response evidence(@PathParam("id") String id) {
    DocumentRecord document = ownDocument(id);
    List<BundleEntry> entries = bundles.entries(document);
    StreamingOutput bundle =
        out -> streamed(document, "evidence bundle", () -> BundleWriter.write(entries, out));
    return Response.ok(bundle, EVIDENCE_BUNDLE_TYPE)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"countersign-" + document.getId() + ".asice\"")
        .build();
  }

  /**
   * Runs a transfer whose status line is already sent, and logs a failure before it aborts the
   * response, because the client sees only a connection that ended early.
   */
  private void streamed(DocumentRecord document, String entityName, Transfer transfer)
      throws IOException {
    try {
      transfer.run();
    } catch (IOException | RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "request "
              + request.getAttribute(RequestIdFilter.ATTRIBUTE)
              + ": sending the "
              + entityName
              + " of document "
              + document.getId()
              + " failed",
          e);
      throw e;
    }
  }

  /** A write to the response body that may fail part way. */
  @FunctionalInterface
  private interface Transfer {
    void run() throws IOException;
  }

  /**
   * Returns the stored JSON receipt with its detached JWS, or, for a client that accepts XML
   * but not JSON, the XML receipt signed as an enveloped XML Signature.
   */
  private Response receipt(Response.ResponseBuilder response, DocumentRecord document) {
    if (prefersXml()) {
      byte[] xml = receiptSigner.signXml(XmlReceiptWriter.write(document));
      return response.entity(xml).type(MediaType.APPLICATION_XML_TYPE).build();
    }
    return response
        .entity(document.getReceipt())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .header(SIGNATURE_HEADER, document.getReceiptSignature())
        .build();
  }

  /** Returns whether the Accept header names an XML type and no JSON type. */
  private boolean prefersXml() {
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    if (accept == null) {
      return false;
    }
    String types = accept.toLowerCase(Locale.ROOT);
    boolean xml = types.contains("application/xml") || types.contains("text/xml");
    return xml && !types.contains("json");
  }

  private DocumentRecord ownDocument(String id) {
    String partnerId = client().partnerId();
    return store
        .find(id)
        .filter(document -> document.getPartnerId().equals(partnerId))
        .orElseThrow(
            () ->
                new RejectedException(
                    RejectionReason.DOCUMENT_NOT_FOUND,
                    "No document with id '" + id + "' was received from partner '" + partnerId + "'."));
  }

  private ClientIdentity client() {
    if (request.getAttribute(ClientIdentity.ATTRIBUTE) instanceof ClientIdentity identity) {
      return identity;
    }
    throw new IllegalStateException("The client certificate filter did not run");
  }
}
