package phasesweep.kernels.linalg;

/**
 * The Gram matrix of a set of rows, on {@code double[][]} as the chain keeps its factor: no copy
 * into a matrix type, nothing allocated (EJML's style: the caller owns the output).
 */
public final class RowGram {
  private RowGram() {}

  /**
   * {@code out[i][j] = sum_{m < width} rows[i][m] rows[j][m]} for {@code j <= i < count}.
   *
   * @param rows at least {@code count x width}; not modified
   * @param out at least {@code count x count}; its lower triangle (diagonal included) modified,
   *     the rest not
   */
  public static void lower(double[][] rows, int count, int width, double[][] out) {
    for (int i = 0; i < count; i++) {
      double[] ri = rows[i];
      for (int j = 0; j <= i; j++) {
        double[] rj = rows[j];
        double sum = 0;
        for (int m = 0; m < width; m++) {
          sum += ri[m] * rj[m];
        }
        out[i][j] = sum;
      }
    }
  }

  /**
   * {@link #lower} with each entry a {@link Vectors#dot} (fixed-order lanes: the Vector API's
   * where the JVM has it, the same bits without), for rows wide enough that the scalar
   * reduction, which C2 does not vectorise, is the cost.
   *
   * @param lanes a buffer of {@link Vectors#LANES} doubles; modified
   */
  public static void lower(double[][] rows, int count, int width, double[][] out, double[] lanes) {
    for (int i = 0; i < count; i++) {
      double[] ri = rows[i];
      for (int j = 0; j <= i; j++) {
        out[i][j] = Vectors.dot(ri, rows[j], width, lanes);
      }
    }
  }
}
