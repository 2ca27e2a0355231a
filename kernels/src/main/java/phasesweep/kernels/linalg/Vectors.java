package phasesweep.kernels.linalg;

/**
 * The vector operations of the SGD hot loops, flat and allocation-free, on a row's own
 * {@code double[]}.
 *
 * <p>The dot product: HotSpot's C2 (JDK 17) does not vectorise a floating-point reduction, with
 * one accumulator or several (measured here: about 550 ns for {@code d = 1000}, against 130 ns
 * for the vectorised {@link #axpy}). The Vector API does (130 ns). So {@link #dot} uses
 * {@link VectorDot} when the JVM runs with {@code --add-modules jdk.incubator.vector}, and a
 * scalar loop otherwise. Both sum in the same fixed order ({@link #LANES} lane accumulators over
 * {@code i mod 16}, combined pairwise), so the results are bit-identical with or without the
 * module. The vector path needs 256-bit vectors in hardware (AVX2, AVX-512); elsewhere the
 * scalar loop runs.
 */
public final class Vectors {
  /** Lane accumulators of the dot product; a multiple of every vector width in use (2 to 8 doubles). */
  public static final int LANES = 16;

  /** Whether the Vector API is in use (the JVM was started with the incubator module). */
  public static final boolean VECTORISED =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && VectorDot.nativeWidth();

  private Vectors() {}

  /** {@code a . b} over the first {@code n} entries (allocates a lane buffer: not for hot loops). */
  public static double dot(double[] a, double[] b, int n) {
    return dot(a, b, n, new double[LANES]);
  }

  /** {@code a . b} over the first {@code n} entries; {@code lanes} is a buffer of {@link #LANES} doubles. */
  public static double dot(double[] a, double[] b, int n, double[] lanes) {
    return VECTORISED ? VectorDot.dot(a, b, n, lanes) : scalarDot(a, b, n, lanes);
  }

  /**
   * {@code w += alpha x}, then returns {@code w . b} of the updated row, in one pass: the SGD
   * update fused with the next step's local field. Bit-identical to {@link #axpy} followed by
   * {@link #dot}.
   */
  public static double axpyDot(double alpha, double[] x, double[] w, double[] b, int n, double[] lanes) {
    return VECTORISED ? VectorDot.axpyDot(alpha, x, w, b, n, lanes) : scalarAxpyDot(alpha, x, w, b, n, lanes);
  }

  /** The scalar twin of {@link VectorDot#axpyDot}. */
  public static double scalarAxpyDot(double alpha, double[] x, double[] w, double[] b, int n, double[] lanes) {
    axpy(alpha, x, w, n);
    return scalarDot(w, b, n, lanes);
  }

  /** The scalar twin of {@link VectorDot#dot}: same lanes, same order, same bits. */
  public static double scalarDot(double[] a, double[] b, int n, double[] lanes) {
    for (int l = 0; l < LANES; l++) {
      lanes[l] = 0;
    }
    int i = 0;
    for (; i + LANES <= n; i += LANES) {
      for (int l = 0; l < LANES; l++) {
        lanes[l] = Math.fma(a[i + l], b[i + l], lanes[l]);
      }
    }
    return finish(a, b, i, n, lanes);
  }

  /**
   * Adds the tail {@code i..n-1} (fewer than 16 entries) to the lanes, element {@code i + l}
   * into lane {@code l}, and combines the lanes pairwise in a fixed order.
   */
  public static double finish(double[] a, double[] b, int i, int n, double[] lanes) {
    for (int l = 0; i < n; i++, l++) {
      lanes[l] = Math.fma(a[i], b[i], lanes[l]);
    }
    return combine(lanes);
  }

  /** The fixed pairwise combination of the 16 lanes. */
  public static double combine(double[] s) {
    return combine(s, 0);
  }

  /** {@link #combine} of the 16 lanes from {@code o}. */
  public static double combine(double[] s, int o) {
    return (((s[o] + s[o + 1]) + (s[o + 2] + s[o + 3])) + ((s[o + 4] + s[o + 5]) + (s[o + 6] + s[o + 7])))
        + (((s[o + 8] + s[o + 9]) + (s[o + 10] + s[o + 11])) + ((s[o + 12] + s[o + 13]) + (s[o + 14] + s[o + 15])));
  }

  /**
   * {@code a . b0} and {@code a . b1} into {@code out[0]}, {@code out[1]}, in one pass over
   * {@code a}: each bit-identical to {@link #dot}. {@code lanes} is a buffer of {@code 2 LANES}.
   */
  public static void dot2(double[] a, double[] b0, double[] b1, int n, double[] lanes, double[] out) {
    if (VECTORISED) {
      VectorDot.dot2(a, b0, b1, n, lanes, out);
    } else {
      scalarDot2(a, b0, b1, n, lanes, out);
    }
  }

  /** The scalar twin of {@link VectorDot#dot2}. */
  public static void scalarDot2(double[] a, double[] b0, double[] b1, int n, double[] lanes, double[] out) {
    for (int l = 0; l < 2 * LANES; l++) {
      lanes[l] = 0;
    }
    int i = 0;
    for (; i + LANES <= n; i += LANES) {
      for (int l = 0; l < LANES; l++) {
        lanes[l] = Math.fma(a[i + l], b0[i + l], lanes[l]);
        lanes[LANES + l] = Math.fma(a[i + l], b1[i + l], lanes[LANES + l]);
      }
    }
    finishPair(a, b0, b1, i, n, lanes, out);
  }

  /** {@link #finish} of the two halves of {@code lanes} ({@code b0}'s, then {@code b1}'s), into {@code out}. */
  public static void finishPair(double[] a, double[] b0, double[] b1, int i, int n, double[] lanes, double[] out) {
    for (int l = 0, j = i; j < n; j++, l++) {
      lanes[l] = Math.fma(a[j], b0[j], lanes[l]);
      lanes[LANES + l] = Math.fma(a[j], b1[j], lanes[LANES + l]);
    }
    out[0] = combine(lanes, 0);
    out[1] = combine(lanes, LANES);
  }

  /**
   * {@code w[i] += sum_mu a[mu] x[mu][i]} for {@code from <= i < to}: the batch SGD update of one
   * student row by {@code count} inputs, each element a chain of fused multiply-adds in increasing
   * {@code mu} (so the vector and scalar paths agree to the bit).
   */
  public static void addCombination(double[] w, double[][] x, double[] a, int count, int from, int to) {
    if (VECTORISED) {
      VectorDot.addCombination(w, x, a, count, from, to);
    } else {
      scalarAddCombination(w, x, a, count, from, to);
    }
  }

  /** The scalar twin of {@link VectorDot#addCombination}. */
  public static void scalarAddCombination(double[] w, double[][] x, double[] a, int count, int from, int to) {
    for (int i = from; i < to; i++) {
      double acc = w[i];
      for (int mu = 0; mu < count; mu++) {
        acc = Math.fma(a[mu], x[mu][i], acc);
      }
      w[i] = acc;
    }
  }

  /** {@code y += alpha x} over the first {@code n} entries (C2 vectorises this loop itself). */
  public static void axpy(double alpha, double[] x, double[] y, int n) {
    for (int i = 0; i < n; i++) {
      y[i] = Math.fma(alpha, x[i], y[i]);
    }
  }

  /** {@code x *= alpha} over the first {@code n} entries; {@code x} is modified. */
  public static void scale(double alpha, double[] x, int n) {
    for (int i = 0; i < n; i++) {
      x[i] *= alpha;
    }
  }
}
