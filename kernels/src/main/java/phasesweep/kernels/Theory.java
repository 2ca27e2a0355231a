package phasesweep.kernels;

/**
 * The scaling exponents the analysis compares its fits with (docs/physics.md §5, with a batch §3.1).
 * They hold to leading order in {@code gamma / (p b)}.
 */
public final class Theory {
  private Theory() {}

  /**
   * The residual risk {@code ~ gamma Delta / (p b) ~ d^-(kappa + delta + beta)}: negative in the
   * green region (it vanishes as d grows), zero on the blue line (the plateau {@code ~ 0.1 Delta}),
   * positive in orange. NaN in red, where no ODE and no residual exist.
   */
  public static double residualRiskExponent(double kappa, double delta, double beta) {
    return Region.of(kappa, delta, beta) == Region.RED ? Double.NaN : 0.0 - (kappa + delta + beta); // never -0.0
  }

  /**
   * SGD steps to reach a given risk: the time to reach it does not depend on d, and one unit of
   * time is {@code 1/dt = d^(1 + kappa + delta)} steps (docs/physics.md §3 green row, §3.1).
   * Stated for the green region and the blue line; NaN elsewhere.
   */
  public static double stepComplexityExponent(double kappa, double delta, double beta) {
    Region r = Region.of(kappa, delta, beta);
    return r == Region.GREEN || r == Region.BLUE ? 1 + kappa + delta : Double.NaN;
  }

  /**
   * Samples to reach a given risk: {@code b ~ d^beta} a step, so
   * {@code d^(1 + kappa + delta + beta)} (docs/physics.md §5 trade-off, §3.1). Green and blue only.
   */
  public static double sampleComplexityExponent(double kappa, double delta, double beta) {
    return stepComplexityExponent(kappa, delta, beta) + beta;
  }

  /**
   * The distance of SGD's overlaps to the limit ODE's, {@code max_t ||Omega - Omega_bar||_inf}:
   * the lecture's bound {@code log d / d^(1/2 + kappa + delta)} in the orange region, whose
   * power is compared (docs/physics.md §5). Stated for orange with one sample a step; NaN
   * elsewhere.
   */
  public static double limitDistanceExponent(double kappa, double delta, double beta) {
    return beta == 0 && Region.of(kappa, delta, beta) == Region.ORANGE ? -(0.5 + kappa + delta) : Double.NaN;
  }
}
