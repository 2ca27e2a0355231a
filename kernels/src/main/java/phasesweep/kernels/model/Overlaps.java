package phasesweep.kernels.model;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import phasesweep.kernels.InvalidParameterException;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.linalg.CovarianceCheck;

/**
 * The order parameters {@code Q = W W^T / d}, {@code M = W W*^T / d}, {@code P = W* W*^T / d}
 * (docs/physics.md §2). The local fields {@code (lambda, lambda*)} are Gaussian with covariance
 * {@code Omega = [[Q, M], [M^T, P]]}: rows {@code 0..p-1} are the student units, rows
 * {@code p..p+k-1} the teacher units.
 */
public final class Overlaps {
  private final double[][] q;
  private final double[][] m;
  private final double[][] pt;

  public Overlaps(double[][] q, double[][] m, double[][] pt) {
    int p = q.length;
    int k = pt.length;
    if (p == 0 || k == 0) {
      throw new IllegalArgumentException("overlaps: Q and P must be non-empty");
    }
    checkShape(q, p, p, "Q");
    checkShape(m, p, k, "M");
    checkShape(pt, k, k, "P");
    this.q = q;
    this.m = m;
    this.pt = pt;
  }

  private static void checkShape(double[][] a, int rows, int cols, String name) {
    if (a.length != rows) {
      throw new IllegalArgumentException("overlaps: " + name + " must have " + rows + " rows, has " + a.length);
    }
    for (int i = 0; i < rows; i++) {
      if (a[i].length != cols) {
        throw new IllegalArgumentException(
            "overlaps: row " + i + " of " + name + " must have " + cols + " entries, has " + a[i].length);
      }
    }
  }

  /** The overlaps of a set of weights: the one function both kernels start from. */
  public static Overlaps of(Weights w) {
    return of(w, teacherOverlaps(w));
  }

  /**
   * The overlaps of a set of weights whose teacher overlaps {@code P} are known ({@link
   * #teacherOverlaps} of the same teacher, not modified): {@code Q} and {@code M} cost
   * {@code p (p + k) d}, where {@code P} costs {@code k^2 d}, which a run with many teacher units
   * must not pay at every checkpoint (issue #33, item 11).
   */
  public static Overlaps of(Weights w, double[][] teacherOverlaps) {
    DMatrixRMaj student = rowsToMatrix(w.student());
    DMatrixRMaj teacher = rowsToMatrix(w.teacher());
    double invD = 1.0 / w.d();
    DMatrixRMaj q = new DMatrixRMaj(w.p(), w.p());
    DMatrixRMaj m = new DMatrixRMaj(w.p(), w.k());
    CommonOps_DDRM.multTransB(invD, student, student, q);
    CommonOps_DDRM.multTransB(invD, student, teacher, m);
    return new Overlaps(toRows(q), toRows(m), teacherOverlaps);
  }

  /** {@code P = W* W*^T / d} of a set of weights (a new array). */
  public static double[][] teacherOverlaps(Weights w) {
    DMatrixRMaj teacher = rowsToMatrix(w.teacher());
    DMatrixRMaj pt = new DMatrixRMaj(w.k(), w.k());
    CommonOps_DDRM.multTransB(1.0 / w.d(), teacher, teacher, pt);
    return toRows(pt);
  }

  static DMatrixRMaj rowsToMatrix(double[][] rows) {
    int cols = rows[0].length;
    DMatrixRMaj a = new DMatrixRMaj(rows.length, cols);
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, a.data, i * cols, cols);
    }
    return a;
  }

  static double[][] toRows(DMatrixRMaj a) {
    double[][] rows = new double[a.numRows][a.numCols];
    for (int i = 0; i < a.numRows; i++) {
      System.arraycopy(a.data, i * a.numCols, rows[i], 0, a.numCols);
    }
    return rows;
  }

  public int p() {
    return q.length;
  }

  public int k() {
    return pt.length;
  }

  public double[][] q() {
    return q;
  }

  public double[][] m() {
    return m;
  }

  /** The teacher-teacher overlap {@code P}. */
  public double[][] teacher() {
    return pt;
  }

  /** {@code max_j Q_jj}, the largest student norm squared over {@code d} (docs/physics.md §4). */
  public double maxStudentNorm() {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < q.length; j++) {
      max = Math.max(max, q[j][j]);
    }
    return max;
  }

  /** Writes {@code Omega} into the top-left {@code (p+k) x (p+k)} block of {@code c}. */
  public void covarianceInto(double[][] c) {
    covarianceInto(q, m, pt, c);
  }

  static void covarianceInto(double[][] q, double[][] m, double[][] pt, double[][] c) {
    int p = q.length;
    int k = pt.length;
    for (int j = 0; j < p; j++) {
      System.arraycopy(q[j], 0, c[j], 0, p);
      for (int r = 0; r < k; r++) {
        c[j][p + r] = m[j][r];
        c[p + r][j] = m[j][r];
      }
    }
    for (int r = 0; r < k; r++) {
      System.arraycopy(pt[r], 0, c[p + r], p, k);
    }
  }

  public double[][] covariance() {
    int n = p() + k();
    double[][] c = new double[n][n];
    covarianceInto(c);
    return c;
  }

  /** {@code Q} flattened row-major ({@code p x p}), as in the results table. */
  public double[] qFlat() {
    return flatten(q);
  }

  /** {@code M} flattened row-major ({@code p x k}), as in the results table. */
  public double[] mFlat() {
    return flatten(m);
  }

  private static double[] flatten(double[][] a) {
    int cols = a[0].length;
    double[] f = new double[a.length * cols];
    for (int i = 0; i < a.length; i++) {
      System.arraycopy(a[i], 0, f, i * cols, cols);
    }
    return f;
  }

  /**
   * Whether {@code Omega} is a valid covariance: symmetric and positive semi-definite, checked by
   * a Cholesky decomposition (EJML) with a jitter of {@code 1e-10} times the largest diagonal
   * entry, which admits the rank-deficient {@code Omega} of {@code p + k > d} and nothing that is
   * negative beyond rounding.
   */
  public boolean isValidCovariance() {
    return new CovarianceCheck(p() + k()).isValid(covariance(), 0);
  }

  /**
   * Refuses these overlaps as the start of {@code task} (a kernel that starts from overlaps):
   * not of its {@code p, k}, or not a covariance.
   *
   * @throws InvalidParameterException naming {@code init_overlaps}
   */
  public void checkStartOf(TaskParams task) {
    if (p() != task.p() || k() != task.k()) {
      throw new InvalidParameterException("init_overlaps", "have p = " + p() + ", k = " + k()
          + " but the task has p = " + task.p() + ", k = " + task.k());
    }
    if (!isValidCovariance()) {
      throw new InvalidParameterException("init_overlaps",
          "[[Q, M], [M^T, P]] is not a valid covariance (not symmetric positive semi-definite)");
    }
  }
}
