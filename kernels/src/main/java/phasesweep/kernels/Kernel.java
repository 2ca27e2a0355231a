package phasesweep.kernels;

import java.util.Locale;

/** The two kernels a task can run. */
public enum Kernel {
  SGD,
  ODE;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Kernel of(String id) {
    for (Kernel k : values()) {
      if (k.id().equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("kernel: unknown value '" + id + "' (expected sgd or ode)");
  }
}
