package io.countersign.platform;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns a bug or an infrastructure failure into a 500 problem without a stack trace; the stack
 * trace goes to the server log under the request id.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<RuntimeException> {

  private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

  @Context HttpServletRequest request;
  @Inject RejectionRecorder recorder;

  @Override
  public Response toResponse(RuntimeException exception) {
    String requestId = String.valueOf(request.getAttribute(RequestIdFilter.ATTRIBUTE));
    LOG.log(Level.SEVERE, "request " + requestId + ": unexpected failure", exception);
    Rejection rejection =
        new Rejection(
            RejectionReason.INTERNAL_ERROR,
            "The server failed to process the request. The operator can find request "
                + requestId
                + " in the server log.");
    recorder.record(rejection, requestId, request);
    return ProblemMapper.problem(rejection, requestId);
  }
}
