package phasesweep.driver.failure;

/** The results folder is held by another phasesweep command (exit 5); the message names the holder. */
public final class BusyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BusyException(String message) {
    super(message);
  }
}
