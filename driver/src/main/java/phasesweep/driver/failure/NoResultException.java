package phasesweep.driver.failure;

/** There is nothing to show yet (exit 3): a results folder without runs, a kernel without a curve. */
public final class NoResultException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NoResultException(String message) {
    super(message);
  }
}
