package phasesweep.kernels;

/**
 * The four regions of the {@code (kappa, delta)} phase diagram and their time scales (docs/physics.md §3).
 * The region depends on {@code kappa + delta} only.
 */
public enum Region {
  /** {@code kappa + delta > 0}: perfect learning, residual risk {@code ~ d^-(kappa+delta)}. */
  GREEN,
  /** {@code kappa + delta = 0}: the plateau line (Saad and Solla at {@code kappa = delta = 0}). */
  BLUE,
  /** {@code -1/2 < kappa + delta < 0}: bad learning, the noise term dominates. */
  ORANGE,
  /** {@code kappa + delta <= -1/2}: no ODE, SGD does not concentrate. */
  RED;

  /**
   * How close {@code kappa + delta} must be to a boundary to count as on it. Sweep grids are
   * written in decimals (0.3 and -0.3), whose sum is zero only up to rounding.
   */
  public static final double BOUNDARY_TOLERANCE = 1e-9;

  public static Region of(double kappa, double delta) {
    double s = kappa + delta;
    if (Math.abs(s) <= BOUNDARY_TOLERANCE) {
      return BLUE;
    }
    if (s > 0) {
      return GREEN;
    }
    if (s > -0.5 + BOUNDARY_TOLERANCE) {
      return ORANGE;
    }
    return RED;
  }

  /**
   * The time {@code dt} one SGD step (one sample) advances (docs/physics.md §3 table). Red has no ODE
   * time; SGD runs there with the Saad-Solla unit {@code 1/d}.
   */
  public double timeScale(int d, double kappa, double delta) {
    double s = kappa + delta;
    switch (this) {
      case GREEN:
        return Math.pow(d, -(1 + s));
      case ORANGE:
        return Math.pow(d, -(1 + 2 * s));
      case BLUE:
      case RED:
      default:
        return 1.0 / d;
    }
  }

  public String id() {
    return EnumIds.id(this);
  }

  /** The region of its id ({@code green}, ...): the one place a region is parsed. */
  public static Region of(String id) {
    return EnumIds.parse(Region.class, id, "region");
  }
}
