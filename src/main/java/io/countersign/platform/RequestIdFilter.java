package io.countersign.platform;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Gives every request an id before anything else runs. The id is returned in {@code
 * X-Request-Id}, names the request in problem details ({@code instance}) and in every log line.
 * The arrival of each request is logged with its id and the client's address.
 */
@Provider
@PreMatching
@Priority(1)
public class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {

  /** The request attribute and the response header that carry the id. */
  public static final String ATTRIBUTE = "io.countersign.requestId";

  public static final String HEADER = "X-Request-Id";

  private static final Logger LOG = Logger.getLogger(RequestIdFilter.class.getName());

  @Context HttpServletRequest servletRequest;

  @Override
  public void filter(ContainerRequestContext request) {
    String requestId = UUID.randomUUID().toString();
    request.setProperty(ATTRIBUTE, requestId);
    LOG.info(
        () ->
            "request "
                + requestId
                + ": "
                + request.getMethod()
                + " "
                + request.getUriInfo().getRequestUri().getPath()
                + " from "
                + servletRequest.getRemoteAddr());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(ATTRIBUTE) instanceof String requestId) {
      response.getHeaders().putSingle(HEADER, requestId);
    }
  }
}
