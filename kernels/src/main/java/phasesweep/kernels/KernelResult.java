package phasesweep.kernels;

/**
 * What a kernel returns for one task: the risk and the overlaps at the checkpoints reached, the
 * final overlaps, how the run ended, and its cost.
 *
 * @param kernel which kernel ran
 * @param status how it ended
 * @param message empty when {@link Status#OK}, else the reason
 * @param times checkpoint times reached (a prefix of the task's checkpoints)
 * @param risks exact risk {@code R} at those times (docs/physics.md §2)
 * @param curveQ {@code Q} at those times, {@code p x p} row-major each, one after the other
 * @param curveM {@code M} at those times, {@code p x k} row-major each, one after the other
 * @param qFinal {@code Q} when the run ended, {@code p x p} row-major
 * @param mFinal {@code M} when the run ended, {@code p x k} row-major
 * @param tMax the time the run was asked to reach
 * @param tDiverged time of divergence, {@code NaN} unless {@link Status#DIVERGED}
 * @param steps SGD steps taken, or ODE right-hand-side evaluations
 * @param wallSeconds wall-clock time of the run
 */
public record KernelResult(
    Kernel kernel,
    Status status,
    String message,
    double[] times,
    double[] risks,
    double[] curveQ,
    double[] curveM,
    double[] qFinal,
    double[] mFinal,
    double tMax,
    double tDiverged,
    long steps,
    double wallSeconds) {

  /** Risk at {@code t = 0}, {@code NaN} if the run has no curve. */
  public double riskInit() {
    return risks.length > 0 ? risks[0] : Double.NaN;
  }

  /** {@code R(t_max)}; {@code NaN} unless the run reached {@code t_max}. */
  public double riskFinal() {
    return status == Status.OK ? risks[risks.length - 1] : Double.NaN;
  }

  /**
   * Mean risk over the checkpoints with {@code t >= t_max / sqrt 10} (docs/physics.md §4); {@code NaN}
   * unless the run reached {@code t_max}.
   */
  public double riskTail() {
    if (status != Status.OK) {
      return Double.NaN;
    }
    double from = tMax / Math.sqrt(10);
    double sum = 0;
    int n = 0;
    for (int i = 0; i < times.length; i++) {
      if (times[i] >= from) {
        sum += risks[i];
        n++;
      }
    }
    return n > 0 ? sum / n : risks[risks.length - 1];
  }
}
