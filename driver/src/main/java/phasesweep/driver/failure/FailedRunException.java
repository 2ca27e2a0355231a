package phasesweep.driver.failure;

/** A run that could not finish for a reason outside the input (exit 4); the message says how to go on. */
public final class FailedRunException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FailedRunException(String message) {
    super(message);
  }
}
