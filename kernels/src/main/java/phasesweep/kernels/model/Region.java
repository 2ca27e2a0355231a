package phasesweep.kernels.model;

import phasesweep.kernels.EnumIds;

/**
 * The four regions of the {@code (kappa, delta)} phase diagram and their time scales
 * (docs/physics.md §3; with a batch {@code b ~ d^beta}, §3.1). The region depends on
 * {@code s = kappa + delta} and {@code beta} only: the noise term of a step is {@code d^-(s + beta)}
 * times its drift, so the blue line lies at {@code s = -beta}, and the red boundary, where the
 * noise of one step stops being small, at {@code s = -(1 + beta)/2}. At {@code beta = 0} these are
 * the lecture's lines {@code s = 0} and {@code s = -1/2}.
 */
public enum Region {
  /** {@code kappa + delta + beta > 0}: perfect learning, residual risk {@code ~ d^-(kappa+delta+beta)}. */
  GREEN,
  /** {@code kappa + delta + beta = 0}: the plateau line (Saad and Solla at {@code kappa = delta = beta = 0}). */
  BLUE,
  /** {@code -(1 + beta)/2 < kappa + delta < -beta}: bad learning, the noise term dominates. */
  ORANGE,
  /** {@code kappa + delta <= -(1 + beta)/2}: no ODE, SGD does not concentrate. */
  RED;

  /**
   * How close {@code kappa + delta} must be to a boundary to count as on it. Sweep grids are
   * written in decimals (0.3 and -0.3), whose sum is zero only up to rounding.
   */
  public static final double BOUNDARY_TOLERANCE = 1e-9;

  /** The region of {@code (kappa, delta)} with a batch {@code b ~ d^beta} ({@code beta = 0}: one sample a step). */
  public static Region of(double kappa, double delta, double beta) {
    double s = kappa + delta;
    double blue = blueLine(beta);
    if (beta >= 1 && s <= redBoundary(beta) + BOUNDARY_TOLERANCE) {
      return RED; // from beta = 1 on the blue line lies in red: a step's drift is no longer small
    }
    if (Math.abs(s - blue) <= BOUNDARY_TOLERANCE) {
      return BLUE;
    }
    if (s > blue) {
      return GREEN;
    }
    if (s > redBoundary(beta) + BOUNDARY_TOLERANCE) {
      return ORANGE;
    }
    return RED;
  }

  /** The {@code kappa + delta} of the blue line, {@code -beta}: drift and noise of a step balance. */
  public static double blueLine(double beta) {
    return 0.0 - beta;
  }

  /**
   * The {@code kappa + delta} of the red boundary: {@code -(1 + beta)/2} where a step's noise stops
   * being small, and from {@code beta = 1} on, {@code -1}, where its drift {@code d^-(1 + kappa + delta)}
   * does (docs/physics.md §3.1).
   */
  public static double redBoundary(double beta) {
    return -(1 + Math.min(beta, 1)) / 2;
  }

  /**
   * The time {@code dt} one SGD step (one batch) advances (docs/physics.md §3 table, §3.1): the
   * drift's size {@code d^-(1 + kappa + delta)} in green and blue, the noise term's
   * {@code d^-(1 + 2(kappa + delta) + beta)} in orange. Red has no ODE time; SGD runs there with
   * the Saad-Solla unit {@code 1/d}.
   */
  public double timeScale(int d, double kappa, double delta, double beta) {
    double s = kappa + delta;
    switch (this) {
      case GREEN:
        return Math.pow(d, -(1 + s));
      case BLUE:
        // on the line kappa + delta = -beta exactly (the grid's sum is so only up to rounding)
        return beta == 0 ? 1.0 / d : Math.pow(d, -(1 - beta));
      case ORANGE:
        return Math.pow(d, -(1 + 2 * s + beta));
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
