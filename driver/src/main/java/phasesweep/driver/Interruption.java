package phasesweep.driver;

import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM: one line that says what is kept and how to go on, then the JVM's exit
 * (128 + the signal's number), whose shutdown hooks stop Spark. Nothing half-written survives a
 * stop: parts and tables are renamed into place whole (see {@code table.Swap}), so what an
 * interrupted task was writing stays in {@code _staging}, never read, removed by the next run.
 */
public final class Interruption {
  private static volatile Integer exitCode;
  /** What the running command would lose: set by commands that write. */
  private static volatile String remedy = "nothing was changed";

  private Interruption() {}

  static void install() {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal signal = new Signal(name);
        sun.misc.SignalHandler before = Signal.handle(signal, s -> stop(s.getName(), 128 + s.getNumber()));
        if (before == sun.misc.SignalHandler.SIG_IGN) {
          Signal.handle(signal, before); // ignored by whoever started us (nohup, a background job): so be it
        }
      } catch (IllegalArgumentException e) {
        // the JVM keeps this signal (-Xrs, or the platform): its default handling stays
      }
    }
  }

  private static synchronized void stop(String name, int code) {
    if (exitCode != null) {
      return;
    }
    exitCode = code;
    logLevel("OFF"); // Spark's jobs fail as it shuts down: their messages are not the user's news
    System.err.println("phasesweep: stopped by SIG" + name + "; " + remedy);
    System.err.flush();
    new Thread(() -> System.exit(code), "phasesweep-stop").start();
  }

  /** The exit code of a stop under way, or null. */
  static Integer exitCode() {
    return exitCode;
  }

  /** What a stop keeps and how to resume, for the line printed at a stop. */
  public static void whenStopped(String whatIsKept) {
    remedy = whatIsKept;
  }

  /** Sets the root log level of log4j (Spark's logging), if log4j is there. */
  static void logLevel(String level) {
    try {
      org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.valueOf(level));
    } catch (LinkageError e) {
      // no log4j core on the class path: nothing to quiet
    }
  }
}
