package io.countersign.platform;

/**
 * Ends request processing with a rejection; {@link ProblemMapper} renders it as a problem.
 *
 * <p>Used only to leave deep call stacks at the boundary: verifiers return their rejections as
 * values, and the intake turns them into this exception once.
 */
public final class RejectedException extends RuntimeException {

  private final transient Rejection rejection;

  public RejectedException(Rejection rejection) {
    super(rejection.reason().code() + ": " + rejection.detail(), null, false, false);
    this.rejection = rejection;
  }

  public RejectedException(RejectionReason reason, String detail) {
    this(new Rejection(reason, detail));
  }

  public Rejection rejection() {
    return rejection;
  }
}
