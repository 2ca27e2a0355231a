package phasesweep.kernels;

/** The two kernels a task can run. */
public enum Kernel {
  SGD,
  ODE;

  public String id() {
    return EnumIds.id(this);
  }

  public static Kernel of(String id) {
    return EnumIds.parse(Kernel.class, id, "kernel");
  }
}
