package io.countersign.platform;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;

/**
 * Gives every request an id before anything else runs. The id is returned in {@code
 * X-Request-Id}, names the request in problem details ({@code instance}) and in every log line.
 */
@Provider
@PreMatching
@Priority(1)
public class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {

  /** The request attribute and the response header that carry the id. */
  public static final String ATTRIBUTE = "io.countersign.requestId";

  public static final String HEADER = "X-Request-Id";

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(ATTRIBUTE, UUID.randomUUID().toString());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(ATTRIBUTE) instanceof String requestId) {
      response.getHeaders().putSingle(HEADER, requestId);
    }
  }
}
