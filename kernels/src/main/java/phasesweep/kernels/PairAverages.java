package phasesweep.kernels;

/**
 * The averages of any student-teacher pair by the exact reduction of {@link GaussianMoments}
 * (docs/physics.md §2.1): closed form except where four steps meet (a ReLU student's {@code I4}
 * against a ReLU or erf unit), which is one smooth one-dimensional integral ({@link Orthant}).
 */
final class PairAverages implements Averages {
  private static final Atom[] IDENTITY = Atom.of(new Atom(1, 1, Atom.Kind.PLAIN));

  private final Activation student;
  private final Activation teacher;
  private final int p;
  private final GaussianMoments moments = new GaussianMoments();
  private final int[] index = new int[4];
  private final Atom[][] factors = new Atom[4][];

  PairAverages(Activation student, Activation teacher, int p) {
    this.student = student;
    this.teacher = teacher;
    this.p = p;
  }

  private Atom[] value(int unit) {
    return unit < p ? student.value : teacher.value;
  }

  @Override
  public double i2(double[][] c, int a, int b) {
    set(0, a, value(a));
    set(1, b, value(b));
    return moments.expectation(c, index, factors, 2);
  }

  @Override
  public double j2(double[][] c, int a, int b) {
    set(0, a, student.derivative);
    set(1, b, student.derivative);
    return moments.expectation(c, index, factors, 2);
  }

  @Override
  public double i3(double[][] c, int a, int b, int cc) {
    set(0, a, student.derivative);
    set(1, b, IDENTITY);
    set(2, cc, value(cc));
    return moments.expectation(c, index, factors, 3);
  }

  @Override
  public double i4(double[][] c, int a, int b, int cc, int e) {
    set(0, a, student.derivative);
    set(1, b, student.derivative);
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

  private void set(int f, int unit, Atom[] atoms) {
    index[f] = unit;
    factors[f] = atoms;
  }
}
