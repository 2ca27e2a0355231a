package phasesweep.kernels.linalg;

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

  /**
   * {@code w[i] += sum_mu a[mu] x[mu][i]} for {@code from <= i < to}, each element a chain of
   * fused multiply-adds in increasing {@code mu}, as {@link Vectors#scalarAddCombination}: the
   * row is loaded and stored once for all {@code count} inputs.
   */
  static void addCombination(double[] w, double[][] x, double[] a, int count, int from, int to) {
    int i = from;
    for (; i + Vectors.LANES <= to; i += Vectors.LANES) {
      DoubleVector w0 = DoubleVector.fromArray(S, w, i);
      DoubleVector w1 = DoubleVector.fromArray(S, w, i + 4);
      DoubleVector w2 = DoubleVector.fromArray(S, w, i + 8);
      DoubleVector w3 = DoubleVector.fromArray(S, w, i + 12);
      for (int mu = 0; mu < count; mu++) {
        double[] xm = x[mu];
        DoubleVector am = DoubleVector.broadcast(S, a[mu]);
        w0 = am.fma(DoubleVector.fromArray(S, xm, i), w0);
        w1 = am.fma(DoubleVector.fromArray(S, xm, i + 4), w1);
        w2 = am.fma(DoubleVector.fromArray(S, xm, i + 8), w2);
        w3 = am.fma(DoubleVector.fromArray(S, xm, i + 12), w3);
      }
      w0.intoArray(w, i);
      w1.intoArray(w, i + 4);
      w2.intoArray(w, i + 8);
      w3.intoArray(w, i + 12);
    }
    Vectors.scalarAddCombination(w, x, a, count, i, to);
  }

  /**
   * {@code a . b0} and {@code a . b1} in one pass over {@code a} (into {@code out[0]},
   * {@code out[1]}), each summed exactly as {@link #dot} sums it; {@code lanes} holds 32 doubles.
   */
  static void dot2(double[] a, double[] b0, double[] b1, int n, double[] lanes, double[] out) {
    DoubleVector p0 = DoubleVector.zero(S);
    DoubleVector p1 = DoubleVector.zero(S);
    DoubleVector p2 = DoubleVector.zero(S);
    DoubleVector p3 = DoubleVector.zero(S);
    DoubleVector q0 = DoubleVector.zero(S);
    DoubleVector q1 = DoubleVector.zero(S);
    DoubleVector q2 = DoubleVector.zero(S);
    DoubleVector q3 = DoubleVector.zero(S);
    int i = 0;
    for (; i + Vectors.LANES <= n; i += Vectors.LANES) {
      DoubleVector a0 = DoubleVector.fromArray(S, a, i);
      DoubleVector a1 = DoubleVector.fromArray(S, a, i + 4);
      DoubleVector a2 = DoubleVector.fromArray(S, a, i + 8);
      DoubleVector a3 = DoubleVector.fromArray(S, a, i + 12);
      p0 = a0.fma(DoubleVector.fromArray(S, b0, i), p0);
      p1 = a1.fma(DoubleVector.fromArray(S, b0, i + 4), p1);
      p2 = a2.fma(DoubleVector.fromArray(S, b0, i + 8), p2);
      p3 = a3.fma(DoubleVector.fromArray(S, b0, i + 12), p3);
      q0 = a0.fma(DoubleVector.fromArray(S, b1, i), q0);
      q1 = a1.fma(DoubleVector.fromArray(S, b1, i + 4), q1);
      q2 = a2.fma(DoubleVector.fromArray(S, b1, i + 8), q2);
      q3 = a3.fma(DoubleVector.fromArray(S, b1, i + 12), q3);
    }
    p0.intoArray(lanes, 0);
    p1.intoArray(lanes, 4);
    p2.intoArray(lanes, 8);
    p3.intoArray(lanes, 12);
    q0.intoArray(lanes, 16);
    q1.intoArray(lanes, 20);
    q2.intoArray(lanes, 24);
    q3.intoArray(lanes, 28);
    Vectors.finishPair(a, b0, b1, i, n, lanes, out);
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
