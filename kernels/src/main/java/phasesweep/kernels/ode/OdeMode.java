package phasesweep.kernels.ode;

import phasesweep.kernels.EnumIds;

/** Which ODE the ODE kernel integrates (docs/physics.md §3). */
public enum OdeMode {
  /** All terms with the actual {@code d, p, gamma}: follows SGD at the same {@code d}. */
  FINITE,
  /** {@code d -> infinity}: green drops the noise ({@code gamma^2}) term, orange freezes M, blue keeps both. */
  LIMIT;

  public String id() {
    return EnumIds.id(this);
  }

}
