package phasesweep.kernels;

/** How a kernel run ended. A divergence is a result (docs/physics.md §4), not an error. */
public enum Status {
  /** Reached {@code t_max}. */
  OK,
  /** SGD or ODE left the bounded domain (non-finite value or {@code max Q_jj} above the bound). */
  DIVERGED,
  /** The computation could not go on (e.g. the ODE state is no longer a valid covariance). */
  FAILED,
  /** The ODE kernel in the red region: there is no ODE to integrate. */
  NO_ODE;

  public String id() {
    return EnumIds.id(this);
  }

  public static Status of(String id) {
    return EnumIds.parse(Status.class, id, "status");
  }
}
