package phasesweep.driver;

/**
 * Named moments at which the fault-injection tests stop the JVM as {@code kill -9} would (no
 * shutdown hook, no finally block): {@code -Dphasesweep.fault=NAME} halts it at the first
 * moment of that name, {@code NAME@N} at the N-th. Unset, a point costs one field read.
 */
public final class Faults {
  private static final String FAULT = System.getProperty("phasesweep.fault");
  private static final java.util.concurrent.atomic.AtomicInteger SEEN = new java.util.concurrent.atomic.AtomicInteger();

  private Faults() {}

  public static void point(String name) {
    if (reached(name)) {
      System.err.println("phasesweep: fault injected at " + name);
      System.err.flush();
      Runtime.getRuntime().halt(137);
    }
  }

  /**
   * Throws {@link OutOfMemoryError} at the moment named {@code oom:NAME} (the same {@code @N}
   * rule): what a task whose memory the plan got wrong meets, without filling a heap.
   */
  public static void outOfMemory(String name) {
    if (reached("oom:" + name)) {
      throw new OutOfMemoryError("Java heap space (injected at " + name + ")");
    }
  }

  private static boolean reached(String name) {
    if (FAULT == null) {
      return false;
    }
    int at = FAULT.indexOf('@');
    String wanted = at < 0 ? FAULT : FAULT.substring(0, at);
    int nth = at < 0 ? 1 : Integer.parseInt(FAULT.substring(at + 1));
    return wanted.equals(name) && SEEN.incrementAndGet() == nth;
  }
}
