package phasesweep.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dot product on the Vector API. Its dot is called only when {@link Vectors#VECTORISED}:
 * it needs {@code --add-modules jdk.incubator.vector} at run time.
 *
 * <p>Four 256-bit accumulators hold the 16 lanes of {@link Vectors#scalarDot}: lane {@code l}
 * sums {@code a[i] b[i]} over {@code i = l mod 16} by fused multiply-adds in increasing
 * {@code i}. The lanes are stored to the caller's buffer and combined in the fixed order of
 * {@link Vectors#finish}, never by {@code reduceLanes} (whose order is unspecified), so the
 * result is the scalar loop's to the bit. Nothing is allocated.
 */
final class VectorDot {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

  private VectorDot() {}

  /** Whether the hardware has 256-bit vectors; narrower machines would emulate them slowly. */
  static boolean nativeWidth() {
    try {
      return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    } catch (LinkageError e) {
      return false;
    }
  }

  /**
   * {@code w += alpha x}, and returns the updated {@code w . b}: the SGD update of one student
   * row fused with its local field on the next input, one pass over the row. Each element is
   * {@code fma(alpha, x, w)} as in {@link Vectors#axpy}, then accumulated as in {@link #dot}.
   */
  static double axpyDot(double alpha, double[] x, double[] w, double[] b, int n, double[] lanes) {
    DoubleVector al = DoubleVector.broadcast(S, alpha);
    DoubleVector acc0 = DoubleVector.zero(S);
    DoubleVector acc1 = DoubleVector.zero(S);
    DoubleVector acc2 = DoubleVector.zero(S);
    DoubleVector acc3 = DoubleVector.zero(S);
    int i = 0;
    for (; i + Vectors.LANES <= n; i += Vectors.LANES) {
      DoubleVector w0 = al.fma(DoubleVector.fromArray(S, x, i), DoubleVector.fromArray(S, w, i));
      DoubleVector w1 = al.fma(DoubleVector.fromArray(S, x, i + 4), DoubleVector.fromArray(S, w, i + 4));
      DoubleVector w2 = al.fma(DoubleVector.fromArray(S, x, i + 8), DoubleVector.fromArray(S, w, i + 8));
      DoubleVector w3 = al.fma(DoubleVector.fromArray(S, x, i + 12), DoubleVector.fromArray(S, w, i + 12));
      w0.intoArray(w, i);
      w1.intoArray(w, i + 4);
      w2.intoArray(w, i + 8);
      w3.intoArray(w, i + 12);
      acc0 = w0.fma(DoubleVector.fromArray(S, b, i), acc0);
      acc1 = w1.fma(DoubleVector.fromArray(S, b, i + 4), acc1);
      acc2 = w2.fma(DoubleVector.fromArray(S, b, i + 8), acc2);
      acc3 = w3.fma(DoubleVector.fromArray(S, b, i + 12), acc3);
    }
    acc0.intoArray(lanes, 0);
    acc1.intoArray(lanes, 4);
    acc2.intoArray(lanes, 8);
    acc3.intoArray(lanes, 12);
    for (int j = i; j < n; j++) {
      w[j] = Math.fma(alpha, x[j], w[j]);
    }
    return Vectors.finish(w, b, i, n, lanes);
  }

  /** {@code a . b}; {@code lanes} (16 doubles) receives the accumulators. */
  static double dot(double[] a, double[] b, int n, double[] lanes) {
    DoubleVector acc0 = DoubleVector.zero(S);
    DoubleVector acc1 = DoubleVector.zero(S);
    DoubleVector acc2 = DoubleVector.zero(S);
    DoubleVector acc3 = DoubleVector.zero(S);
    int i = 0;
    for (; i + Vectors.LANES <= n; i += Vectors.LANES) {
      acc0 = DoubleVector.fromArray(S, a, i).fma(DoubleVector.fromArray(S, b, i), acc0);
      acc1 = DoubleVector.fromArray(S, a, i + 4).fma(DoubleVector.fromArray(S, b, i + 4), acc1);
      acc2 = DoubleVector.fromArray(S, a, i + 8).fma(DoubleVector.fromArray(S, b, i + 8), acc2);
      acc3 = DoubleVector.fromArray(S, a, i + 12).fma(DoubleVector.fromArray(S, b, i + 12), acc3);
    }
    // intoArray is a plain vector store; lane(i) is not intrinsified on JDK 17 and boxes
    acc0.intoArray(lanes, 0);
    acc1.intoArray(lanes, 4);
    acc2.intoArray(lanes, 8);
    acc3.intoArray(lanes, 12);
    return Vectors.finish(a, b, i, n, lanes);
  }
}
