package phasesweep.driver.sweep;

import phasesweep.driver.failure.UserInputException;

/**
 * A sweep file that cannot run: the message is {@code FILE:LINE: FIELD: REASON}, or {@code FILE:
 * REASON} for the file as a whole (line 0: missing, a folder, unreadable, too large).
 */
public final class SweepFileException extends UserInputException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final String field;

  public SweepFileException(String file, int line, String field, String reason) {
    super(file + (line > 0 ? ":" + line : "") + ": " + (field.isEmpty() ? "" : field + ": ") + reason);
    this.line = line;
    this.field = field;
  }

  /** A problem of the file as a whole, which has no line. */
  public static SweepFileException ofFile(String file, String reason) {
    return new SweepFileException(file, 0, "", reason);
  }

  /** The line (from 1), or 0 for the file as a whole. */
  public int line() {
    return line;
  }

  /** The field's path, e.g. {@code grid.d} (empty for the file as a whole). */
  public String field() {
    return field;
  }
}
