package io.countersign.platform;

import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Renders a rejection as an RFC 9457 problem ({@code application/problem+json}) and hands it to
 * {@link RejectionRecorder}, so that every rejection is logged and stored with its request id.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<RejectedException> {

  /** The media type of problem details (RFC 9457, section 3). */
  public static final String PROBLEM_JSON = "application/problem+json";

  /** The JSON provider, looked up once instead of on every {@code Json.create...} call. */
  private static final JsonProvider JSON = JsonProvider.provider();

  @Context HttpServletRequest request;
  @Inject RejectionRecorder recorder;

  @Override
  public Response toResponse(RejectedException exception) {
    Rejection rejection = exception.rejection();
    String requestId = String.valueOf(request.getAttribute(RequestIdFilter.ATTRIBUTE));
    recorder.record(rejection, requestId, request);
    return problem(rejection, requestId);
  }

  /** Builds the problem response; {@code instance} names the request in the server log. */
  static Response problem(Rejection rejection, String requestId) {
    RejectionReason reason = rejection.reason();
    String body =
        JSON.createObjectBuilder()
            .add("type", reason.type())
            .add("title", reason.title())
            .add("status", reason.status())
            .add("detail", rejection.detail())
            .add("instance", "urn:uuid:" + requestId)
            .build()
            .toString();
    Response.ResponseBuilder response =
        Response.status(reason.status()).type(PROBLEM_JSON).entity(body);
    if (reason == RejectionReason.DOCUMENT_TOO_LARGE) {
      // The rest of the body may be unread, so the connection ends with this response (RFC
      // 9110, section 15.5.14). The listener's max-swallowing-input-bytes keeps Grizzly from
      // reading that rest first, and this header tells the client not to reuse the connection.
      response.header("Connection", "close");
    }
    return response.build();
  }
}
