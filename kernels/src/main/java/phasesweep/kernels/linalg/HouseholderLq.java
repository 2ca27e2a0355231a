package phasesweep.kernels.linalg;

/**
 * The LQ decomposition {@code A = [L, 0] H} of a {@code rows x width} matrix by Householder
 * reflections applied from the right, in place and allocating nothing: {@code L} is lower
 * triangular (lower trapezoidal where {@code width < rows}) with {@code L L^T = A A^T}, because
 * right-multiplying by an orthogonal matrix leaves {@code A A^T} as it is. It needs no positive
 * pivot, so it holds where the rows are dependent (students that coincide).
 */
public final class HouseholderLq {
  private HouseholderLq() {}

  /**
   * Replaces {@code a} by {@code [L, 0]}.
   *
   * @param a at least {@code rows x width}; modified in its first {@code rows} rows and
   *     {@code width} columns
   * @param reflector at least {@code width}; modified (a workspace)
   */
  public static void lowerTriangularise(double[][] a, int rows, int width, double[] reflector) {
    for (int i = 0; i < Math.min(rows, width); i++) {
      double[] ai = a[i];
      double norm2 = 0;
      for (int m = i; m < width; m++) {
        norm2 += ai[m] * ai[m];
      }
      double norm = Math.sqrt(norm2);
      if (norm > 0) {
        double alpha = ai[i] >= 0 ? -norm : norm;
        // v = x - alpha e_i; H = I - 2 v v^T / (v^T v), x H = alpha e_i
        double vv = 0;
        for (int m = i; m < width; m++) {
          double v = m == i ? ai[i] - alpha : ai[m];
          reflector[m] = v;
          vv += v * v;
        }
        if (vv > 0) {
          double scale = 2 / vv;
          for (int r = i; r < rows; r++) {
            double[] ar = a[r];
            double dot = 0;
            for (int m = i; m < width; m++) {
              dot += ar[m] * reflector[m];
            }
            dot *= scale;
            for (int m = i; m < width; m++) {
              ar[m] -= dot * reflector[m];
            }
          }
        }
      }
    }
  }
}
