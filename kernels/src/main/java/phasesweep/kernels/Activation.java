package phasesweep.kernels;


/**
 * An activation {@code sigma} and its derivative (docs/physics.md §1, §2.1): the student's
 * ({@code activation}) or the teacher's ({@code teacher_activation}). Each is also given as a sum
 * of {@link Atom}s, the form in which {@link GaussianMoments} computes its Gaussian averages; the
 * averages themselves are {@link Averages} of a student-teacher pair.
 */
public enum Activation {

  /** {@code sigma(h) = erf(h / sqrt 2)}, {@code sigma' = sqrt(2/pi) exp(-h^2/2)}. */
  ERF(Atom.of(new Atom(1, 0, Atom.Kind.ERF)), Atom.of(new Atom(Math.sqrt(2 / Math.PI), 0, Atom.Kind.GAUSS))) {
    @Override
    public double sigma(double h) {
      return ErrorFunction.erf(h * INV_SQRT2);
    }

    @Override
    public double sigmaPrime(double h) {
      return SQRT_2_OVER_PI * Math.exp(-0.5 * h * h);
    }
  },

  /** {@code sigma(h) = h}: every average is a covariance entry, which makes exact answers. */
  LINEAR(Atom.of(new Atom(1, 1, Atom.Kind.PLAIN)), Atom.of(new Atom(1, 0, Atom.Kind.PLAIN))) {
    @Override
    public double sigma(double h) {
      return h;
    }

    @Override
    public double sigmaPrime(double h) {
      return 1;
    }
  },

  /** {@code sigma(h) = max(0, h)}, {@code sigma' = Theta(h)}. */
  RELU(Atom.of(new Atom(1, 1, Atom.Kind.STEP)), Atom.of(new Atom(1, 0, Atom.Kind.STEP))) {
    @Override
    public double sigma(double h) {
      return h > 0 ? h : 0;
    }

    @Override
    public double sigmaPrime(double h) {
      return h > 0 ? 1 : 0;
    }
  },

  /** The normalised Hermite polynomial {@code He2(h)/sqrt 2 = (h^2 - 1)/sqrt 2}: information exponent 2. */
  HE2(Atom.of(new Atom(Math.sqrt(0.5), 2, Atom.Kind.PLAIN), new Atom(-Math.sqrt(0.5), 0, Atom.Kind.PLAIN)),
      Atom.of(new Atom(Math.sqrt(2), 1, Atom.Kind.PLAIN))) {
    @Override
    public double sigma(double h) {
      return (h * h - 1) * INV_SQRT2;
    }

    @Override
    public double sigmaPrime(double h) {
      return SQRT2 * h;
    }
  },

  /** The normalised Hermite polynomial {@code He3(h)/sqrt 6 = (h^3 - 3h)/sqrt 6}: information exponent 3. */
  HE3(Atom.of(new Atom(1 / Math.sqrt(6), 3, Atom.Kind.PLAIN), new Atom(-3 / Math.sqrt(6), 1, Atom.Kind.PLAIN)),
      Atom.of(new Atom(3 / Math.sqrt(6), 2, Atom.Kind.PLAIN), new Atom(-3 / Math.sqrt(6), 0, Atom.Kind.PLAIN))) {
    @Override
    public double sigma(double h) {
      return (h * h - 3) * h * INV_SQRT6;
    }

    @Override
    public double sigmaPrime(double h) {
      return 3 * (h * h - 1) * INV_SQRT6;
    }
  };

  static final double INV_SQRT2 = 1 / Math.sqrt(2);
  static final double SQRT2 = Math.sqrt(2);
  static final double INV_SQRT6 = 1 / Math.sqrt(6);
  static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

  /** {@code sigma} and {@code sigma'} as sums of atoms. */
  final Atom[] value;
  final Atom[] derivative;

  Activation(Atom[] value, Atom[] derivative) {
    this.value = value;
    this.derivative = derivative;
  }

  public abstract double sigma(double h);

  public abstract double sigmaPrime(double h);

  /** The name used in sweep files, tables and on the command line. */
  public String id() {
    return EnumIds.id(this);
  }
}
