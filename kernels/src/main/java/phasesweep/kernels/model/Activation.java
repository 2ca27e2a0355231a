package phasesweep.kernels.model;

import phasesweep.kernels.EnumIds;

/**
 * An activation {@code sigma} and its derivative (docs/physics.md §1, §2.1): the student's
 * ({@code activation}) or the teacher's ({@code teacher_activation}). Each is also given as a sum
 * of {@link Atom}s, the form in which {@code averages.GaussianMoments} computes its Gaussian averages; the
 * averages themselves are {@code averages.Averages} of a student-teacher pair.
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

    @Override
    public void sigmaPrimes(double[] h, int from, int count, double[] out) {
      for (int i = 0; i < count; i++) {
        double v = h[from + i];
        out[i] = -0.5 * v * v;
      }
      Exponential.exp(out, 0, count, out, 0);
      for (int i = 0; i < count; i++) {
        out[i] *= SQRT_2_OVER_PI;
      }
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

    @Override
    public void sigmaPrimes(double[] h, int from, int count, double[] out) {
      for (int i = 0; i < count; i++) {
        out[i] = sigmaPrime(h[from + i]);
      }
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

    @Override
    public void sigmaPrimes(double[] h, int from, int count, double[] out) {
      for (int i = 0; i < count; i++) {
        out[i] = sigmaPrime(h[from + i]);
      }
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

    @Override
    public void sigmaPrimes(double[] h, int from, int count, double[] out) {
      for (int i = 0; i < count; i++) {
        out[i] = sigmaPrime(h[from + i]);
      }
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

    @Override
    public void sigmaPrimes(double[] h, int from, int count, double[] out) {
      for (int i = 0; i < count; i++) {
        out[i] = sigmaPrime(h[from + i]);
      }
    }
  },

  /** The normalised Hermite polynomial {@code He4(h)/sqrt 24 = (h^4 - 6h^2 + 3)/sqrt 24}: information exponent 4. */
  HE4(Atom.of(new Atom(1 / Math.sqrt(24), 4, Atom.Kind.PLAIN), new Atom(-6 / Math.sqrt(24), 2, Atom.Kind.PLAIN),
      new Atom(3 / Math.sqrt(24), 0, Atom.Kind.PLAIN)),
      Atom.of(new Atom(4 / Math.sqrt(24), 3, Atom.Kind.PLAIN), new Atom(-12 / Math.sqrt(24), 1, Atom.Kind.PLAIN))) {
    @Override
    public double sigma(double h) {
      double h2 = h * h;
      return ((h2 - 6) * h2 + 3) * INV_SQRT24;
    }

    @Override
    public double sigmaPrime(double h) {
      return 4 * (h * h - 3) * h * INV_SQRT24;
    }

    @Override
    public void sigmaPrimes(double[] h, int from, int count, double[] out) {
      for (int i = 0; i < count; i++) {
        out[i] = sigmaPrime(h[from + i]);
      }
    }
  };

  static final double INV_SQRT2 = 1 / Math.sqrt(2);
  static final double SQRT2 = Math.sqrt(2);
  static final double INV_SQRT6 = 1 / Math.sqrt(6);
  static final double INV_SQRT24 = 1 / Math.sqrt(24);
  static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

  /** {@code sigma} and {@code sigma'} as sums of atoms. */
  private final Atom[] value;
  private final Atom[] derivative;

  Activation(Atom[] value, Atom[] derivative) {
    this.value = value;
    this.derivative = derivative;
  }

  public abstract double sigma(double h);

  /** {@code sigma} as a sum of atoms, the form the Gaussian averages integrate (a copy). */
  public Atom[] terms() {
    return value.clone();
  }

  /** {@code sigma'} as a sum of atoms (a copy). */
  public Atom[] derivativeTerms() {
    return derivative.clone();
  }

  public abstract double sigmaPrime(double h);

  /**
   * {@code sigma'} of {@code count} fields {@code h[from..]} into {@code out[0..count-1]}: a
   * step's units at once (issue #32): {@link #sigmaPrime} a unit, the same bits, except erf's,
   * which takes its exponentials four at a time from {@link Exponential}: within two ulps
   * (ExponentialTest). Each activation repeats this default loop as its own: there its call of
   * {@link #sigmaPrime} has one receiver class, which C2 inlines (and vectorises the polynomials),
   * where in the shared default it is a virtual call that every activation of the JVM goes through
   * (four to twenty times slower at 64 units in a JVM that runs them all, {@code bench --only
   * activations}).
   *
   * @param h not modified
   * @param out {@code count} entries modified
   */
  public void sigmaPrimes(double[] h, int from, int count, double[] out) {
    for (int i = 0; i < count; i++) {
      out[i] = sigmaPrime(h[from + i]);
    }
  }

  /** The name used in sweep files, tables and on the command line. */
  public String id() {
    return EnumIds.id(this);
  }

  /**
   * Whether {@code sigma(-h) = sigma(h)} ({@code he2}, {@code he4}): then a unit at {@code -w} is
   * the unit at {@code w}. Checked on a spread of points; exact for the activations here, which
   * are either even or not at all.
   */
  public boolean isEven() {
    for (double h = 0.25; h < 4; h += 0.5) {
      if (Math.abs(sigma(h) - sigma(-h)) > 1e-12 * (1 + Math.abs(sigma(h)))) {
        return false;
      }
    }
    return true;
  }

  /** The largest Hermite degree {@link #informationExponent} looks at. */
  public static final int MAX_INFORMATION_EXPONENT = 8;

  /**
   * The information exponent (docs/physics.md §1): the degree of the first non-zero coefficient
   * {@code c_n = E[sigma(h) He_n(h)] / sqrt(n!)}, {@code n >= 1}, of {@code sigma} in the
   * probabilists' Hermite basis, {@code h ~ N(0, 1)}. It sets how fast SGD leaves a random start
   * ({@code M ~ d^-1/2}): the drift of {@code M} is {@code ~ M^(n - 1)}. Computed once, by
   * Gauss-Hermite quadrature; a coefficient counts as zero below {@code 1e-9} of {@code sqrt(E[sigma^2])}.
   * {@link Integer#MAX_VALUE} if none up to {@link #MAX_INFORMATION_EXPONENT} is non-zero.
   */
  public int informationExponent() {
    return InformationExponents.OF[ordinal()];
  }

  /**
   * {@code E[sigma'(h)^2]}, {@code h ~ N(0, 1)}: the scale of a unit's rate near a fixed point with
   * unit norms, which sets the ODE's stiffness (the cost model, issue #33 item 8). By the same
   * quadrature; ReLU's step to a few per cent.
   */
  public double meanSquareSlope() {
    return InformationExponents.SLOPE[ordinal()];
  }

  /**
   * Holder of the computed exponents, so that the quadrature runs once, after the constants exist.
   * Hipparchus builds its Hermite rule in extended precision: 200 nodes take 17 s, 24 a fraction
   * of a second.
   */
  private static final class InformationExponents {
    static final int NODES = 24;

    /** {@code E[F(h)]}, {@code h ~ N(0, 1)}, by the Gauss-Hermite rule of {@link #NODES} nodes. */
    private static final java.util.function.ToDoubleFunction<java.util.function.DoubleUnaryOperator> MEAN =
        gaussianMean();

    static final int[] OF = compute();

    static final double[] SLOPE = meanSquareSlopes();

    private static java.util.function.ToDoubleFunction<java.util.function.DoubleUnaryOperator> gaussianMean() {
      // E[F(h)] = (1/sqrt(pi)) sum_i w_i F(sqrt(2) x_i) on the nodes of the weight exp(-x^2): exact
      // for the polynomial activations up to degree 2 NODES - 1 - MAX_INFORMATION_EXPONENT; ReLU's
      // kink converges slowly, but its c_1 = 1/2 is far above the zero threshold
      org.hipparchus.analysis.integration.gauss.GaussIntegrator rule =
          new org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory().hermite(NODES);
      return f -> rule.integrate(x -> f.applyAsDouble(SQRT2 * x)) / Math.sqrt(Math.PI);
    }

    private static double[] meanSquareSlopes() {
      Activation[] all = values();
      double[] of = new double[all.length];
      for (Activation a : all) {
        of[a.ordinal()] = MEAN.applyAsDouble(h -> square(a.sigmaPrime(h)));
      }
      return of;
    }

    private static int[] compute() {
      Activation[] all = values();
      int[] of = new int[all.length];
      for (Activation a : all) {
        double norm = Math.sqrt(MEAN.applyAsDouble(h -> square(a.sigma(h))));
        of[a.ordinal()] = Integer.MAX_VALUE;
        for (int n = 1; n <= MAX_INFORMATION_EXPONENT; n++) {
          final int degree = n;
          double c = MEAN.applyAsDouble(h -> a.sigma(h) * hermite(degree, h));
          if (Math.abs(c) > 1e-9 * norm) {
            of[a.ordinal()] = n;
            break;
          }
        }
      }
      return of;
    }

    private static double square(double v) {
      return v * v;
    }

    /** The probabilists' Hermite polynomial {@code He_n(h)}: {@code He_(n+1) = h He_n - n He_(n-1)}. */
    static double hermite(int n, double h) {
      double previous = 1;
      double current = h;
      if (n == 0) {
        return previous;
      }
      for (int k = 1; k < n; k++) {
        double next = h * current - k * previous;
        previous = current;
        current = next;
      }
      return current;
    }
  }
}
