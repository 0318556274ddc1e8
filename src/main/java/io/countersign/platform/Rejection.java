package io.countersign.platform;

import java.util.Objects;

/**
 * A rejected request: the stable reason and a detail that explains to the partner what failed on
 * which value and what to do. The detail never contains stack traces, key material or payload
 * content.
 */
public record Rejection(RejectionReason reason, String detail) {

  public Rejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }
}
