package phasesweep.kernels;

/**
 * The two vector operations of the SGD hot loop, flat and allocation-free, on a row's own
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
  static final int LANES = 16;

  /** Whether the Vector API is in use (the JVM was started with the incubator module). */
  public static final boolean VECTORISED =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && VectorDot.nativeWidth();

  private Vectors() {}

  /** {@code a . b} over the first {@code n} entries. */
  static double dot(double[] a, double[] b, int n) {
    return VECTORISED ? VectorDot.dot(a, b, n) : scalarDot(a, b, n);
  }

  /** The scalar twin of {@link VectorDot#dot}: same lanes, same order, same bits. */
  static double scalarDot(double[] a, double[] b, int n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    double s8 = 0, s9 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0, s14 = 0, s15 = 0;
    int i = 0;
    for (; i + LANES <= n; i += LANES) {
      s0 = Math.fma(a[i], b[i], s0);
      s1 = Math.fma(a[i + 1], b[i + 1], s1);
      s2 = Math.fma(a[i + 2], b[i + 2], s2);
      s3 = Math.fma(a[i + 3], b[i + 3], s3);
      s4 = Math.fma(a[i + 4], b[i + 4], s4);
      s5 = Math.fma(a[i + 5], b[i + 5], s5);
      s6 = Math.fma(a[i + 6], b[i + 6], s6);
      s7 = Math.fma(a[i + 7], b[i + 7], s7);
      s8 = Math.fma(a[i + 8], b[i + 8], s8);
      s9 = Math.fma(a[i + 9], b[i + 9], s9);
      s10 = Math.fma(a[i + 10], b[i + 10], s10);
      s11 = Math.fma(a[i + 11], b[i + 11], s11);
      s12 = Math.fma(a[i + 12], b[i + 12], s12);
      s13 = Math.fma(a[i + 13], b[i + 13], s13);
      s14 = Math.fma(a[i + 14], b[i + 14], s14);
      s15 = Math.fma(a[i + 15], b[i + 15], s15);
    }
    return finish(a, b, i, n, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15);
  }

  /**
   * Adds the tail {@code i..n-1} (fewer than 16 entries) to the lanes, element {@code i + l}
   * into lane {@code l}, and combines the lanes pairwise in a fixed order.
   */
  static double finish(double[] a, double[] b, int i, int n, double s0, double s1, double s2,
      double s3, double s4, double s5, double s6, double s7, double s8, double s9, double s10,
      double s11, double s12, double s13, double s14, double s15) {
    if (i < n) { s0 = Math.fma(a[i], b[i], s0); i++; }
    if (i < n) { s1 = Math.fma(a[i], b[i], s1); i++; }
    if (i < n) { s2 = Math.fma(a[i], b[i], s2); i++; }
    if (i < n) { s3 = Math.fma(a[i], b[i], s3); i++; }
    if (i < n) { s4 = Math.fma(a[i], b[i], s4); i++; }
    if (i < n) { s5 = Math.fma(a[i], b[i], s5); i++; }
    if (i < n) { s6 = Math.fma(a[i], b[i], s6); i++; }
    if (i < n) { s7 = Math.fma(a[i], b[i], s7); i++; }
    if (i < n) { s8 = Math.fma(a[i], b[i], s8); i++; }
    if (i < n) { s9 = Math.fma(a[i], b[i], s9); i++; }
    if (i < n) { s10 = Math.fma(a[i], b[i], s10); i++; }
    if (i < n) { s11 = Math.fma(a[i], b[i], s11); i++; }
    if (i < n) { s12 = Math.fma(a[i], b[i], s12); i++; }
    if (i < n) { s13 = Math.fma(a[i], b[i], s13); i++; }
    if (i < n) { s14 = Math.fma(a[i], b[i], s14); }
    return combine(s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15);
  }

  /** The fixed pairwise combination of the 16 lanes. */
  static double combine(double s0, double s1, double s2, double s3, double s4, double s5, double s6,
      double s7, double s8, double s9, double s10, double s11, double s12, double s13, double s14,
      double s15) {
    return (((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)))
        + (((s8 + s9) + (s10 + s11)) + ((s12 + s13) + (s14 + s15)));
  }

  /** {@code y += alpha x} over the first {@code n} entries (C2 vectorises this loop itself). */
  static void axpy(double alpha, double[] x, double[] y, int n) {
    for (int i = 0; i < n; i++) {
      y[i] = Math.fma(alpha, x[i], y[i]);
    }
  }
}
