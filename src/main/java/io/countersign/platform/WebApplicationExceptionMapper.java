package io.countersign.platform;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Renders the JAX-RS runtime's own errors (unknown path, wrong method) as problems. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  @Context HttpServletRequest request;
  @Inject RejectionRecorder recorder;

  @Override
  public Response toResponse(WebApplicationException exception) {
    Rejection rejection = rejection(exception);
    String requestId = String.valueOf(request.getAttribute(RequestIdFilter.ATTRIBUTE));
    recorder.record(rejection, requestId, request);
    return ProblemMapper.problem(rejection, requestId);
  }

  private Rejection rejection(WebApplicationException exception) {
    String target = request.getMethod() + " " + request.getRequestURI();
    return switch (exception) {
      case NotFoundException e ->
          new Rejection(
              RejectionReason.RESOURCE_NOT_FOUND,
              "Nothing is served at " + target + ". Documents are posted to /api/documents.");
      case NotAllowedException e ->
          new Rejection(
              RejectionReason.METHOD_NOT_ALLOWED,
              target + " is not allowed; allowed methods: " + e.getResponse().getAllowedMethods() + ".");
      case NotSupportedException e ->
          new Rejection(RejectionReason.MEDIA_TYPE_UNSUPPORTED, "The request's media type is not supported.");
      case NotAcceptableException e ->
          new Rejection(
              RejectionReason.NOT_ACCEPTABLE,
              "No response media type matches the Accept header; accept application/json.");
      default ->
          new Rejection(
              RejectionReason.REQUEST_INVALID,
              "The request to " + target + " is invalid (HTTP " + exception.getResponse().getStatus() + ").");
    };
  }
}
