package phasesweep.kernels.averages;

import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Atom;

/**
 * The averages of any student-teacher pair by the exact reduction of {@link GaussianMoments}
 * (docs/physics.md §2.1): closed form except where four steps meet (a ReLU student's {@code I4}
 * against a ReLU or erf unit), which is one smooth one-dimensional integral ({@link Orthant}).
 */
final class PairAverages implements Averages {
  private static final Atom[] IDENTITY = Atom.of(new Atom(1, 1, Atom.Kind.PLAIN));

  /** The student's {@code sigma}, {@code sigma'} and the teacher's {@code sigma} as atoms (copies, read once). */
  private final Atom[] studentValue;
  private final Atom[] studentDerivative;
  private final Atom[] teacherValue;
  private final int p;
  private final GaussianMoments moments = new GaussianMoments();
  private final int[] index = new int[4];
  private final Atom[][] factors = new Atom[4][];
  /** The coefficient {@code kappa} of a Gaussian derivative {@code sigma' = kappa exp(-h^2/2)} (erf), else 0. */
  private final double gaussianDerivative;
  /** The covariance tilted by {@code sigma'_a sigma'_b}, grown to the size asked. */
  private double[][] tilted = new double[0][0];
  private final int[] tiltUnits = new int[2];
  private final double[] tiltRoots = new double[2];
  private final double[][] tiltM = new double[2][2];
  private final double[][] tiltInverse = new double[2][2];

  PairAverages(Activation student, Activation teacher, int p) {
    this.studentValue = student.terms();
    this.studentDerivative = student.derivativeTerms();
    this.teacherValue = teacher.terms();
    this.p = p;
    Atom[] d = studentDerivative;
    boolean gaussian = d.length == 1 && d[0].kind() == Atom.Kind.GAUSS && d[0].power() == 0;
    this.gaussianDerivative = gaussian ? d[0].coeff() : 0;
  }

  private Atom[] value(int unit) {
    return unit < p ? studentValue : teacherValue;
  }

  @Override
  public double i2(double[][] c, int a, int b) {
    set(0, a, value(a));
    set(1, b, value(b));
    return moments.expectation(c, index, factors, 2);
  }

  @Override
  public double j2(double[][] c, int a, int b) {
    set(0, a, studentDerivative);
    set(1, b, studentDerivative);
    return moments.expectation(c, index, factors, 2);
  }

  @Override
  public double i3(double[][] c, int a, int b, int cc) {
    set(0, a, studentDerivative);
    set(1, b, IDENTITY);
    set(2, cc, value(cc));
    return moments.expectation(c, index, factors, 3);
  }

  @Override
  public double i4(double[][] c, int a, int b, int cc, int e) {
    set(0, a, studentDerivative);
    set(1, b, studentDerivative);
    set(2, cc, value(cc));
    set(3, e, value(e));
    return moments.expectation(c, index, factors, 4);
  }

  @Override
  public double weightedI3(double[][] c, int a, int b, double[] w, int n) {
    double sum = 0;
    for (int x = 0; x < n; x++) {
      sum += w[x] * i3(c, a, b, x);
    }
    return sum;
  }

  @Override
  public double weightedI4(double[][] c, int a, int b, double[] w, int n, double[] scratch) {
    if (gaussianDerivative != 0) {
      return tiltedSquaredResidual(c, a, b, w, n);
    }
    // I4 is symmetric in (c, e): the diagonal once, each pair off it twice
    double sum = 0;
    for (int x = 0; x < n; x++) {
      double row = 0.5 * w[x] * i4(c, a, b, x, x);
      for (int y = x + 1; y < n; y++) {
        row += w[y] * i4(c, a, b, x, y);
      }
      sum += w[x] * row;
    }
    return 2 * sum;
  }

  /**
   * The work the {@code (c, e)} terms share where {@code sigma' = kappa exp(-h^2/2)}: with
   * {@code D} the number of those factors on each unit ({@code e_a + e_b}),
   * {@code sum_{c,e} w_c w_e I4(a,b,c,e) = kappa^2 det(I + D^(1/2) C D^(1/2))^(-1/2) E_C'[(sum_c w_c f_c)^2]},
   * {@code C' = (C^-1 + D)^-1} (docs/physics.md §2.1, step 1): twice the risk under one tilted
   * covariance, {@code n^2 / 2} bivariate averages instead of as many four-variable ones.
   */
  private double tiltedSquaredResidual(double[][] c, int a, int b, double[] w, int n) {
    if (tilted.length < n) {
      tilted = new double[n][n];
    }
    // D = e_a e_a^T + e_b e_b^T, or 2 e_a e_a^T on the diagonal a = b
    int ng;
    if (a == b) {
      tiltUnits[0] = a;
      tiltRoots[0] = Math.sqrt(2);
      ng = 1;
    } else {
      tiltUnits[0] = a;
      tiltUnits[1] = b;
      tiltRoots[0] = 1;
      tiltRoots[1] = 1;
      ng = 2;
    }
    double det = GaussianMoments.tilt(c, n, tiltUnits, tiltRoots, ng, tiltM, tiltInverse, tilted);
    return gaussianDerivative * gaussianDerivative / Math.sqrt(det) * 2 * Risk.of(tilted, w, n, this);
  }

  private void set(int f, int unit, Atom[] atoms) {
    index[f] = unit;
    factors[f] = atoms;
  }
}
