package phasesweep.kernels.linalg;

/**
 * The Cholesky decomposition {@code A = L L^T} of a symmetric positive definite matrix held as
 * {@code double[][]}, allocating nothing: the chain re-triangulates its frame with it every few
 * steps (docs/physics.md §8). Where {@code A} is singular to rounding it says so rather than
 * returning a factor with a zero or NaN pivot; the caller then uses {@link HouseholderLq} on the
 * rows whose Gram matrix {@code A} is.
 */
public final class LowerCholesky {
  private LowerCholesky() {}

  /**
   * Decomposes the {@code size x size} matrix whose lower triangle is {@code a}'s.
   *
   * @param a at least {@code size x size}; only its lower triangle is read; not modified
   * @param l at least {@code size x size}; modified: its lower triangle receives {@code L} (the
   *     part above the diagonal is not written). On {@code false} it is partly written.
   * @param inversePivot at least {@code size}; modified (the reciprocals of {@code L}'s diagonal)
   * @return false where a pivot is not positive: {@code A} is not positive definite to rounding
   */
  public static boolean decompose(double[][] a, int size, double[][] l, double[] inversePivot) {
    for (int i = 0; i < size; i++) {
      double[] ai = a[i];
      double[] li = l[i];
      for (int j = 0; j <= i; j++) {
        double[] lj = l[j];
        double sum = ai[j];
        for (int m = 0; m < j; m++) {
          sum -= li[m] * lj[m];
        }
        if (i == j) {
          if (!(sum > 0)) {
            return false;
          }
          double pivot = Math.sqrt(sum);
          li[i] = pivot;
          inversePivot[i] = 1 / pivot;
        } else {
          li[j] = sum * inversePivot[j];
        }
      }
    }
    return true;
  }
}
