package phasesweep.kernels.averages;

import phasesweep.kernels.model.Loss;
import phasesweep.kernels.model.Overlaps;

/**
 * The noise-free generalisation error (docs/physics.md §2):
 * {@code R = (1/2) sum_{c,e} w_c w_e I2(c, e)} with the residual weights {@code w}, which is
 * {@code (1/2)[(1/k^2) sum_rs I2(r*,s*) + (1/p^2) sum_jl I2(j,l) - (2/(pk)) sum_jr I2(j,r*)]}.
 */
public final class Risk {
  private Risk() {}

  public static double of(Overlaps overlaps, Averages averages) {
    double[][] c = overlaps.covariance();
    return of(c, residualWeights(overlaps.p(), overlaps.k()), c.length, averages);
  }

  /** The risk of covariance {@code c} (first {@code n} rows) with residual weights {@code w}. */
  public static double of(double[][] c, double[] w, int n, Averages averages) {
    double sum = 0;
    for (int a = 0; a < n; a++) {
      double row = 0.5 * w[a] * averages.i2(c, a, a);
      for (int b = a + 1; b < n; b++) {
        row += w[b] * averages.i2(c, a, b);
      }
      sum += w[a] * row;
    }
    return sum;
  }

  /**
   * The weights of {@code f* - f} on the rows of {@code Omega}: {@code -1/p} on the {@code p}
   * student units, {@code +1/k} on the {@code k} teacher units.
   */
  public static double[] residualWeights(int p, int k) {
    // the square loss's error signal is the residual itself
    return Loss.SQUARE.errorWeights(p, k);
  }
}
