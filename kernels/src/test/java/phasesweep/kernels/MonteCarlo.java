package phasesweep.kernels;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/** Monte Carlo helpers for tests: Gaussian vectors of a given covariance, and running moments. */
public final class MonteCarlo {
  private MonteCarlo() {}

  /** A random valid covariance of size n: {@code G G^T / n} scaled by {@code scale}, plus a small ridge. */
  public static double[][] randomCovariance(int n, double scale, UniformRandomProvider rng) {
    ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
    double[][] a = new double[n][n];
    for (double[] row : a) {
      for (int j = 0; j < n; j++) {
        row[j] = g.sample();
      }
    }
    double[][] c = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int l = 0; l < n; l++) {
          s += a[i][l] * a[j][l];
        }
        c[i][j] = scale * s / n + (i == j ? 0.05 * scale : 0);
      }
    }
    return c;
  }

  /** The lower Cholesky factor of {@code c}, rows as arrays. */
  public static double[][] choleskyLower(double[][] c) {
    int n = c.length;
    DMatrixRMaj m = new DMatrixRMaj(c);
    CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
    if (!chol.decompose(m)) {
      throw new IllegalArgumentException("not positive definite");
    }
    DMatrixRMaj l = chol.getT(null);
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        out[i][j] = l.get(i, j);
      }
    }
    return out;
  }

  /** Running mean and standard error of one quantity. */
  public static final class Moments {
    private long n;
    private double mean;
    private double m2;

    public void add(double v) {
      n++;
      double delta = v - mean;
      mean += delta / n;
      m2 += delta * (v - mean);
    }

    public double mean() {
      return mean;
    }

    public double standardError() {
      return Math.sqrt(m2 / (n - 1) / n);
    }

    public double standardDeviation() {
      return Math.sqrt(m2 / (n - 1));
    }
  }
}
