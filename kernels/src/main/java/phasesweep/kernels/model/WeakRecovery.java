package phasesweep.kernels.model;

/**
 * Weak recovery (docs/physics.md §5): how close the student comes to the teacher, as the largest
 * student-teacher cosine {@code max_{j,r} M_jr / sqrt(Q_jj P_rr)} at each checkpoint of a run's
 * overlap curves. {@code P_rr = 1} for every initialisation a sweep can set (§1). A run has
 * recovered the teacher weakly once it reaches {@link #COSINE}. For an even teacher activation
 * ({@code he2}, {@code he4}) {@code w*_r} and {@code -w*_r} are the same teacher unit, so the
 * cosine is {@code |M_jr| / sqrt(Q_jj P_rr)}: a student that escapes towards {@code -w*_r} has
 * found the direction as well.
 */
public final class WeakRecovery {
  /** The cosine that counts as weak recovery. */
  public static final double COSINE = 0.5;

  private WeakRecovery() {}

  /**
   * The largest cosine at each checkpoint.
   *
   * @param curveQ {@code Q} at each checkpoint, {@code p x p} row-major each (not modified)
   * @param curveM {@code M} at each checkpoint, {@code p x k} each (not modified)
   * @param checkpoints how many; {@code p} and {@code k} follow from the lengths
   * @param teacher the teacher's activation: for an even one the cosine's sign does not count
   * @return a new array of {@code checkpoints} cosines; empty if the curves are empty or do not fit
   */
  public static double[] largestCosines(double[] curveQ, double[] curveM, int checkpoints, Activation teacher) {
    boolean even = teacher.isEven();
    if (checkpoints == 0 || curveQ.length == 0 || curveQ.length % checkpoints != 0) {
      return new double[0];
    }
    int p = (int) Math.round(Math.sqrt(curveQ.length / (double) checkpoints));
    if (p * p * checkpoints != curveQ.length || curveM.length % (p * checkpoints) != 0) {
      return new double[0];
    }
    int k = curveM.length / (p * checkpoints);
    double[] cos = new double[checkpoints];
    for (int c = 0; c < checkpoints; c++) {
      double largest = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < p; j++) {
        double norm = Math.sqrt(curveQ[c * p * p + j * p + j]);
        for (int r = 0; r < k; r++) {
          double m = curveM[c * p * k + j * k + r];
          largest = Math.max(largest, (even ? Math.abs(m) : m) / norm);
        }
      }
      cos[c] = largest;
    }
    return cos;
  }
}
