package phasesweep.driver.sweep;

import phasesweep.driver.failure.UserInputException;

/** A sweep file that cannot run: the message is {@code FILE:LINE: FIELD: REASON}. */
public final class SweepFileException extends UserInputException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final String field;

  public SweepFileException(String file, int line, String field, String reason) {
    super(file + ":" + line + ": " + (field.isEmpty() ? "" : field + ": ") + reason);
    this.line = line;
    this.field = field;
  }

  public int line() {
    return line;
  }

  /** The field's path, e.g. {@code grid.d} (empty for the file as a whole). */
  public String field() {
    return field;
  }
}
