package phasesweep.driver.analysis;

/** When a learning curve first reaches a risk: the sample-complexity measurement of docs/physics.md §5. */
public final class Crossing {
  private Crossing() {}

  /**
   * The first time the curve is at or below {@code threshold}, interpolated linearly in
   * {@code (log t, log R)} between the checkpoint before and the first one at or below (the
   * checkpoints are log-spaced, where the curves are close to power laws). NaN if never.
   */
  public static double firstTime(double[] t, double[] risk, double threshold) {
    for (int i = 0; i < risk.length; i++) {
      if (risk[i] <= threshold) {
        if (i == 0 || t[i - 1] <= 0 || !(risk[i - 1] > 0) || !(risk[i] > 0)) {
          return t[i];
        }
        double u = (Math.log(threshold) - Math.log(risk[i - 1])) / (Math.log(risk[i]) - Math.log(risk[i - 1]));
        return Math.exp(Math.log(t[i - 1]) + u * (Math.log(t[i]) - Math.log(t[i - 1])));
      }
    }
    return Double.NaN;
  }
}
