package phasesweep.kernels;

/**
 * The scaling exponents the analysis compares its fits with (docs/physics.md §5). They hold to leading
 * order in {@code gamma / p}.
 */
public final class Theory {
  private Theory() {}

  /**
   * The residual risk {@code ~ gamma Delta / p ~ d^-(kappa + delta)}: negative in the green
   * region (it vanishes as d grows), zero on the blue line (the plateau {@code ~ 0.1 Delta}),
   * positive in orange. NaN in red, where no ODE and no residual exist.
   */
  public static double residualRiskExponent(double kappa, double delta) {
    return Region.of(kappa, delta) == Region.RED ? Double.NaN : 0.0 - (kappa + delta); // 0.0 - x: never -0.0
  }

  /**
   * Samples to reach a given risk: the time to reach it does not depend on d, and one unit of
   * time is {@code 1/dt = d^(1 + kappa + delta)} samples (docs/physics.md §3 green row and §5 trade-off).
   * Stated for the green region and the blue line; NaN elsewhere.
   */
  public static double sampleComplexityExponent(double kappa, double delta) {
    Region r = Region.of(kappa, delta);
    return r == Region.GREEN || r == Region.BLUE ? 1 + kappa + delta : Double.NaN;
  }
}
