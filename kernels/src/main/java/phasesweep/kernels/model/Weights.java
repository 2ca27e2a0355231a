package phasesweep.kernels.model;

import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import phasesweep.kernels.Init;
import phasesweep.kernels.Streams;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.linalg.Vectors;

/**
 * First-layer weights of the teacher ({@code k x d}) and the student ({@code p x d}), one
 * {@code double[]} per hidden unit so that the SGD update runs over a row's own array.
 */
public final class Weights {
  private final double[][] teacher;
  private final double[][] student;
  private final int d;

  public Weights(double[][] teacher, double[][] student) {
    this.teacher = teacher;
    this.student = student;
    this.d = student[0].length;
  }

  /** The initial weights of a task, from its seed (docs/physics.md §1). */
  public static Weights initial(TaskParams params) {
    int d = params.d();
    double[][] teacher = params.init() == Init.ORTHOGONAL
        ? orthogonalRows(params.k(), d, params.seed())
        : randomRows(params.k(), d, params.seed(), Streams.TEACHER);
    double[][] student = randomRows(params.p(), d, params.seed(), Streams.STUDENT);
    if (params.m0() > 0) {
      tilt(student, teacher, params.m0() / Math.sqrt(d));
    }
    return new Weights(teacher, student);
  }

  /**
   * Each student row {@code j} moved to cosine {@code m} with teacher row {@code r = j mod k}
   * (docs/physics.md §1, {@code m0}): {@code w_j = m t_r + sqrt(1 - m^2) g_perp}, {@code g_perp}
   * the row's own random direction with its component along {@code t_r} removed, rescaled to norm
   * {@code sqrt d}; so {@code M_jr = m} and {@code Q_jj = 1} up to rounding. Modifies {@code student}.
   */
  static void tilt(double[][] student, double[][] teacher, double m) {
    int d = student[0].length;
    double rest = Math.sqrt(1 - m * m);
    for (int j = 0; j < student.length; j++) {
      double[] row = student[j];
      double[] t = teacher[j % teacher.length];
      double along = Vectors.dot(row, t, d) / Vectors.dot(t, t, d);
      for (int i = 0; i < d; i++) {
        row[i] -= along * t[i];
      }
      double scale = rest * Math.sqrt(d / Vectors.dot(row, row, d));
      double tScale = m * Math.sqrt(d / Vectors.dot(t, t, d));
      for (int i = 0; i < d; i++) {
        row[i] = scale * row[i] + tScale * t[i];
      }
    }
  }

  /** Rows drawn {@code N(0, I_d)} and rescaled to norm {@code sqrt d}. */
  static double[][] randomRows(int rows, int d, long seed, int stream) {
    ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(Streams.of(seed, stream));
    double[][] w = new double[rows][d];
    for (double[] row : w) {
      for (int i = 0; i < d; i++) {
        row[i] = gauss.sample();
      }
      double scale = Math.sqrt(d / Vectors.dot(row, row, d));
      for (int i = 0; i < d; i++) {
        row[i] *= scale;
      }
    }
    return w;
  }

  /** Gaussian rows orthonormalised by a QR decomposition (EJML), then scaled to norm {@code sqrt d}. */
  static double[][] orthogonalRows(int rows, int d, long seed) {
    double[][] g = randomRows(rows, d, seed, Streams.TEACHER);
    DMatrixRMaj columns = new DMatrixRMaj(d, rows);
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < d; i++) {
        columns.unsafe_set(i, r, g[r][i]);
      }
    }
    QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(d, rows);
    if (!qr.decompose(columns)) {
      throw new IllegalStateException("QR decomposition of the teacher failed");
    }
    DMatrixRMaj q = qr.getQ(null, true);
    double scale = Math.sqrt(d);
    double[][] w = new double[rows][d];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < d; i++) {
        w[r][i] = scale * q.unsafe_get(i, r);
      }
    }
    return w;
  }

  public double[][] teacher() {
    return teacher;
  }

  public double[][] student() {
    return student;
  }

  public int d() {
    return d;
  }

  public int p() {
    return student.length;
  }

  public int k() {
    return teacher.length;
  }

  /** An independent copy, for runs that must not share state. */
  public Weights copy() {
    return new Weights(deepCopy(teacher), deepCopy(student));
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }
}
