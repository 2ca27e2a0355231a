package phasesweep.kernels.model;

import phasesweep.kernels.EnumIds;

/**
 * The loss one SGD step descends (docs/physics.md §1.1). Whatever the loss, the risk the kernels
 * report is the square risk {@code R} of §2.
 */
public enum Loss {
  /** {@code (y - f(x))^2 / 2}: the error signal of a step is {@code y - f(x)}. */
  SQUARE,
  /**
   * {@code -y f(x)}, the correlation loss of the information-exponent papers: the error signal is
   * the label {@code y} alone, the student's own output does not pull it back.
   */
  CORRELATION;

  public String id() {
    return EnumIds.id(this);
  }

  /**
   * The weights of the error signal on the rows of {@code Omega} (students first, then teachers):
   * {@code y - f = sum_c w_c f_c(u_c) + noise} with {@code -1/p} on the students and {@code 1/k} on
   * the teachers for the square loss, {@code 0} on the students for the correlation loss.
   */
  public double[] errorWeights(int p, int k) {
    double[] w = new double[p + k];
    for (int j = 0; j < p; j++) {
      w[j] = this == SQUARE ? -1.0 / p : 0;
    }
    for (int r = 0; r < k; r++) {
      w[p + r] = 1.0 / k;
    }
    return w;
  }
}
