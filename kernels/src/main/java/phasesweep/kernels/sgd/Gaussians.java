package phasesweep.kernels.sgd;

import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Standard Gaussians for the full SGD's inputs, a block at a time: the ziggurat of Marsaglia and
 * Tsang (J. Stat. Softw. 5(8), 2000) with 256 layers, the layer taken from the low 8 bits of a
 * 64-bit draw and the abscissa from its top 53 bits, so that the two are independent (Doornik,
 * "An improved ziggurat method", 2005). docs/physics.md §1 says where it is used.
 *
 * <p>Why not Commons RNG's {@code ZigguratSampler}, which the rest of the kernels use: its
 * {@code sample()} is small, but once HotSpot's C2 has compiled it on its own (with its rare paths
 * inlined) the compiled method exceeds {@code InlineSmallCode} and C2 stops inlining it into
 * loops ("already compiled into a big method", seen with {@code -XX:+PrintInlining}). Whether that
 * happens depends on which compiles first, so the same loop of {@code d} draws ran at 2.3 ns a
 * draw in one JVM and 6 ns in the next. Here the fast path is written into the loop of
 * {@link #fill}, so nothing depends on an inlining decision. {@code bench --only sgd} times both.
 *
 * <p>Stateless: the caller owns the generator and the output. Nothing here allocates.
 */
public final class Gaussians {
  /** Layers; the layer index is the draw's low 8 bits. */
  private static final int LAYERS = 256;
  /** The base layer's right edge: the start of the tail (Marsaglia and Tsang's r for 256 layers). */
  static final double R = 3.6541528853610088;
  /** Each layer's area under {@code f(x) = exp(-x^2 / 2)}: the base layer's rectangle plus the tail. */
  static final double V = R * f(R) + Math.sqrt(Math.PI / 2) * Erfc.value(R / Math.sqrt(2));
  /** {@code x_i}: layer {@code i} is {@code [0, x_i] x [f(x_i), f(x_{i+1})]}; {@code x_0 = V / f(R)}, {@code x_1 = R}, {@code x_256 = 0}. */
  private static final double[] X = new double[LAYERS + 1];
  /** {@code f(x_i)}. */
  private static final double[] F = new double[LAYERS + 1];
  /** {@code x_i 2^-52}: the abscissa from a signed 53-bit integer. */
  private static final double[] W = new double[LAYERS];
  /** {@code floor(2^52 x_{i+1} / x_i)}: below it, the point lies under the curve (the fast path). */
  private static final long[] K = new long[LAYERS];

  static {
    X[0] = V / f(R);
    X[1] = R;
    for (int i = 1; i < LAYERS - 1; i++) {
      // f(x_{i+1}) = f(x_i) + V / x_i: every layer has area V
      X[i + 1] = Math.sqrt(-2 * Math.log(f(X[i]) + V / X[i]));
    }
    X[LAYERS] = 0;
    for (int i = 0; i <= LAYERS; i++) {
      F[i] = f(X[i]);
    }
    for (int i = 0; i < LAYERS; i++) {
      W[i] = X[i] * 0x1.0p-52;
      K[i] = (long) (X[i + 1] / X[i] * 0x1.0p52);
    }
  }

  private Gaussians() {}

  private static double f(double x) {
    return Math.exp(-0.5 * x * x);
  }

  /**
   * Fills {@code into[from..to)} with independent standard Gaussians from {@code rng}.
   * {@code into} is modified, {@code rng} advanced; the values are those of as many calls of
   * {@link #sample} in a row.
   */
  public static void fill(UniformRandomProvider rng, double[] into, int from, int to) {
    for (int n = from; n < to; n++) {
      long bits = rng.nextLong();
      int i = (int) bits & (LAYERS - 1);
      long j = bits >> 11;
      // |j| < K[i] for about 99% of draws: the point is inside layer i's core
      into[n] = Math.abs(j) < K[i] ? j * W[i] : edge(rng, bits);
    }
  }

  /** One standard Gaussian from {@code rng}. */
  public static double sample(UniformRandomProvider rng) {
    long bits = rng.nextLong();
    int i = (int) bits & (LAYERS - 1);
    long j = bits >> 11;
    return Math.abs(j) < K[i] ? j * W[i] : edge(rng, bits);
  }

  /** The draw {@code bits} fell outside its layer's core: the tail, a wedge, or a rejection and a new draw. */
  private static double edge(UniformRandomProvider rng, long bits) {
    while (true) {
      int i = (int) bits & (LAYERS - 1);
      long j = bits >> 11;
      if (Math.abs(j) < K[i]) {
        return j * W[i];
      }
      double x = j * W[i];
      if (i == 0) {
        return Math.copySign(tail(rng), x);
      }
      // the wedge of layer i: uniform height between f(x_i) and f(x_{i+1}), under the curve?
      if (F[i] + rng.nextDouble() * (F[i + 1] - F[i]) < f(x)) {
        return x;
      }
      bits = rng.nextLong();
    }
  }

  /** {@code |x|} given {@code |x| > R}: Marsaglia's exponential rejection (1964). */
  private static double tail(UniformRandomProvider rng) {
    while (true) {
      // 1 - u in (0, 1]: no log(0)
      double a = -Math.log(1 - rng.nextDouble()) / R;
      double b = -Math.log(1 - rng.nextDouble());
      if (2 * b >= a * a) {
        return R + a;
      }
    }
  }

  /** {@code x_i} for tests: the layers' edges. */
  static double edgeOfLayer(int i) {
    return X[i];
  }
}
