package phasesweep.driver.failure;

/** Input the user can fix (a file, a value); the message names the field and the reason. */
public class UserInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
