package phasesweep.driver.failure;

import phasesweep.driver.Main;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import phasesweep.kernels.InvalidParameterException;

/**
 * What went wrong, as the one line a user reads and the exit code a script tests. Exit codes:
 * <ul>
 * <li>0 done;
 * <li>1 an internal error (a bug: the line says so; {@code --debug} prints the stack trace);
 * <li>2 bad input (a sweep file, an option, a folder that is not a results folder);
 * <li>3 no result (nothing to print: a kernel that produced no curve, a folder without runs);
 * <li>4 a failed run (the disk, the permissions, the cluster, a corrupted file): what finished
 *     is committed, and the same command again resumes once the cause is fixed;
 * <li>5 busy: another phasesweep command holds the results folder;
 * <li>130, 143 stopped by Ctrl-C (SIGINT) or SIGTERM: 128 + the signal's number, as shells
 *     report it; what finished is committed, and the same command again resumes.
 * </ul>
 */
public record Failure(int exit, String message) {
  public static final int EXIT_INTERNAL = 1;
  public static final int EXIT_BAD_INPUT = 2;
  public static final int EXIT_NO_RESULT = 3;
  public static final int EXIT_FAILED = 4;
  public static final int EXIT_BUSY = 5;

  /** Input the user can fix is named by field; anything else by its cause, innermost first. */
  public static Failure of(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof InvalidParameterException bad) {
        return new Failure(EXIT_BAD_INPUT, Main.optionName(bad.parameter()) + ": "
            + bad.getMessage().substring(bad.parameter().length() + 2));
      }
      if (c instanceof BusyException busy) {
        return new Failure(EXIT_BUSY, busy.getMessage());
      }
      if (c instanceof UserInputException bad) {
        return new Failure(EXIT_BAD_INPUT, bad.getMessage());
      }
      if (c instanceof NoResultException none) {
        return new Failure(EXIT_NO_RESULT, none.getMessage());
      }
      if (c instanceof TaskOutOfMemoryException oom) {
        return new Failure(EXIT_FAILED, oom.getMessage());
      }
      if (c instanceof FailedRunException failed) {
        return new Failure(EXIT_FAILED, failed.getMessage());
      }
    }
    IOException io = innermost(e, IOException.class);
    if (io != null) {
      return new Failure(EXIT_FAILED, "failed: " + describe(io) + "; the finished tasks are kept: fix the cause, "
          + "then rerun the same command to resume");
    }
    OutOfMemoryError oom = innermost(e, OutOfMemoryError.class);
    if (oom != null) {
      return new Failure(EXIT_FAILED, "failed: out of memory (" + firstLine(oom.getMessage()) + "); the finished tasks "
          + "are kept: give the JVM more (PHASESWEEP_JAVA_OPTS=-Xmx...), then rerun the same command to resume");
    }
    if (innermost(e, org.apache.spark.SparkException.class) != null) {
      return new Failure(EXIT_FAILED, "failed: Spark: " + firstLine(innermost(e, org.apache.spark.SparkException.class)
          .getMessage()) + "; the finished tasks are kept: rerun the same command to resume (--debug shows why)");
    }
    return new Failure(EXIT_INTERNAL, "internal error: " + e.getClass().getName() + ": " + firstLine(e.getMessage())
        + " (a bug: please report it with the output of --debug)");
  }

  /** Whether {@code e} is, or was caused by, a file that was not found (a writer removed it since it was listed). */
  public static boolean notFound(Throwable e) {
    if (innermost(e, FileNotFoundException.class) != null || innermost(e, java.nio.file.NoSuchFileException.class) != null) {
      return true;
    }
    // Spark's check of the paths it is given, before it reads them
    return hasCondition(e, "PATH_NOT_FOUND");
  }

  /** Whether {@code e} is, or was caused by, a Spark error of this condition ({@code PATH_NOT_FOUND}). */
  public static boolean hasCondition(Throwable e, String condition) {
    for (Throwable c = e; c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof org.apache.spark.SparkThrowable s && condition.equals(s.getCondition())) {
        return true;
      }
    }
    return false;
  }

  private static <T extends Throwable> T innermost(Throwable e, Class<T> type) {
    T found = null;
    for (Throwable c = e; c != null && c != c.getCause(); c = c.getCause()) {
      if (type.isInstance(c)) {
        found = type.cast(c);
      }
    }
    return found;
  }

  /** An I/O error with the file it concerns where Java's message leaves it out. */
  static String describe(IOException e) {
    String m = firstLine(e.getMessage());
    if (e instanceof AccessDeniedException a) {
      return a.getFile() + ": permission denied";
    }
    if (e instanceof FileNotFoundException || e instanceof java.nio.file.NoSuchFileException) {
      return m + " (not found: was it removed while the command ran?)";
    }
    return m.isEmpty() ? e.getClass().getSimpleName() : m;
  }

  public static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    String line = s.strip().lines().findFirst().orElse("");
    return line.length() > 400 ? line.substring(0, 400) + "..." : line;
  }
}
