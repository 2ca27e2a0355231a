package phasesweep.kernels;

import java.util.Arrays;

/**
 * The overlaps {@code Q} ({@code p x p}) and {@code M} ({@code p x k}) at each checkpoint, read
 * from the covariance {@code Omega = [[Q, M], [M^T, P]]}: row-major, one checkpoint after the
 * other (the runs table's {@code curve_q} and {@code curve_m}, docs/physics.md §6).
 */
public final class OverlapCurve {
  private final int p;
  private final int k;
  private final double[] q;
  private final double[] m;

  public OverlapCurve(int checkpoints, int p, int k) {
    this.p = p;
    this.k = k;
    this.q = new double[checkpoints * p * p];
    this.m = new double[checkpoints * p * k];
  }

  /** Records checkpoint {@code i} from {@code omega} (not modified), at least {@code (p + k) x (p + k)}. */
  public void record(int i, double[][] omega) {
    for (int j = 0; j < p; j++) {
      System.arraycopy(omega[j], 0, q, (i * p + j) * p, p);
      System.arraycopy(omega[j], p, m, (i * p + j) * k, k);
    }
  }

  /** {@code Q} at the first {@code reached} checkpoints. */
  public double[] q(int reached) {
    return Arrays.copyOf(q, reached * p * p);
  }

  /** {@code M} at the first {@code reached} checkpoints. */
  public double[] m(int reached) {
    return Arrays.copyOf(m, reached * p * k);
  }
}
