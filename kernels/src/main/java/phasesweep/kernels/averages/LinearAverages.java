package phasesweep.kernels.averages;

/** A linear student learning a linear teacher: every average is a covariance entry (docs/physics.md §2). */
final class LinearAverages implements Averages {

  @Override
  public double i2(double[][] c, int a, int b) {
    return c[a][b];
  }

  @Override
  public double j2(double[][] c, int a, int b) {
    return 1;
  }

  @Override
  public double i3(double[][] c, int a, int b, int cc) {
    return c[b][cc];
  }

  @Override
  public double i4(double[][] c, int a, int b, int cc, int e) {
    return c[cc][e];
  }

  @Override
  public double weightedI3(double[][] c, int a, int b, double[] w, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += w[i] * c[b][i];
    }
    return sum;
  }

  @Override
  public double weightedI4(double[][] c, int a, int b, double[] w, int n, double[] scratch) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double row = 0;
      for (int j = 0; j < n; j++) {
        row += c[i][j] * w[j];
      }
      sum += w[i] * row;
    }
    return sum;
  }
}
