package phasesweep.driver.analysis;

import phasesweep.kernels.Region;

/**
 * The measured region of a {@code (kappa, delta)} point (docs/physics.md §5): red if most runs at the
 * largest {@code d} diverged; otherwise, with the margin {@code eps = max(0.05, half-width of the
 * exponent's interval)}: green if {@code b < -eps} (the excess risk vanishes as d grows), blue if
 * {@code |b| <= eps}, orange if {@code b > eps} or the risk never fell below its start.
 */
public final class PhaseRule {
  /** The smallest margin: the exponents hold to leading order in gamma/p. */
  public static final double MIN_MARGIN = 0.05;

  private PhaseRule() {}

  /**
   * @param exponent the fitted {@code b} (NaN if there is no fit)
   * @param halfWidth half the width of its confidence interval (0 if none)
   * @param divergedAtLargestD fraction of the runs at the largest d that diverged
   * @param neverFell whether the risk never fell below its start
   */
  public static Region measured(double exponent, double halfWidth, double divergedAtLargestD, boolean neverFell) {
    if (divergedAtLargestD > 0.5) {
      return Region.RED;
    }
    if (neverFell) {
      return Region.ORANGE;
    }
    if (Double.isNaN(exponent)) {
      throw new IllegalArgumentException("no exponent to classify, and the runs did not diverge");
    }
    double eps = margin(halfWidth);
    if (exponent < -eps) {
      return Region.GREEN;
    }
    if (exponent > eps) {
      return Region.ORANGE;
    }
    return Region.BLUE;
  }

  public static double margin(double halfWidth) {
    return Math.max(MIN_MARGIN, Double.isFinite(halfWidth) ? halfWidth : 0);
  }
}
