package phasesweep.kernels.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Whether {@code Omega} is a valid covariance up to a margin: finite, symmetric, and no
 * eigenvalue below {@code -(tolerance + ROUNDING max_i Omega_ii)}, decided by one Cholesky
 * decomposition (EJML) of {@code Omega + (tolerance + ROUNDING max_i Omega_ii) I}.
 *
 * <p>Allocates once, then nothing per call: the ODE checks every accepted step with it.
 */
public final class CovarianceCheck {
  /**
   * The margin relative to the largest diagonal entry that is always allowed: enough for rounding
   * in overlaps computed from weights, and for the singular {@code Omega} of {@code p + k > d}.
   */
  public static final double ROUNDING = 1e-10;
  private final DMatrixRMaj omega;
  private final CholeskyDecomposition_F64<DMatrixRMaj> cholesky;

  /** A check of {@code n x n} matrices. */
  public CovarianceCheck(int n) {
    omega = new DMatrixRMaj(n, n);
    cholesky = DecompositionFactory_DDRM.chol(n, true);
  }

  /**
   * Whether the top-left {@code n x n} block of {@code c} is finite, symmetric and has no
   * eigenvalue below {@code -margin(c, tolerance)}. {@code c} is not modified.
   */
  public boolean isValid(double[][] c, double tolerance) {
    int n = omega.numRows;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double v = c[i][j];
        if (!Double.isFinite(v) || Math.abs(v - c[j][i]) > 1e-12 * (1 + Math.abs(v))) {
          return false;
        }
        omega.unsafe_set(i, j, v);
      }
    }
    double shift = margin(c, tolerance);
    if (!(shift > 0)) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      omega.unsafe_set(i, i, omega.unsafe_get(i, i) + shift);
    }
    return cholesky.decompose(omega);
  }

  /** How far below zero {@link #isValid} lets an eigenvalue of {@code c} go. */
  public double margin(double[][] c, double tolerance) {
    double maxDiag = 0;
    for (int i = 0; i < omega.numRows; i++) {
      maxDiag = Math.max(maxDiag, c[i][i]);
    }
    return tolerance + ROUNDING * maxDiag;
  }

  /**
   * The smallest eigenvalue of the symmetric top-left {@code n x n} block of {@code c} (EJML's
   * symmetric eigen decomposition): how far a state lies outside the domain, for messages.
   * Allocates; not for a hot loop.
   */
  public static double smallestEigenvalue(double[][] c, int n) {
    DMatrixRMaj a = new DMatrixRMaj(n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a.unsafe_set(i, j, c[i][j]);
      }
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
    if (!eig.decompose(a)) {
      return Double.NaN;
    }
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
      min = Math.min(min, eig.getEigenvalue(i).getReal());
    }
    return min;
  }
}
