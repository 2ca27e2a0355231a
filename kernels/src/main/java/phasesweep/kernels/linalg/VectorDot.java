package phasesweep.kernels.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dot product on the Vector API. Its dot is called only when {@link Vectors#VECTORISED}:
 * it needs {@code --add-modules jdk.incubator.vector} at run time.
 *
 * <p>Two 512-bit accumulators (four of 256 bits, {@link Species}) hold the 16 lanes of
 * {@link Vectors#scalarDot}: lane {@code l}
 * sums {@code a[i] b[i]} over {@code i = l mod 16} by fused multiply-adds in increasing
 * {@code i}. The lanes are stored to the caller's buffer and combined in the fixed order of
 * {@link Vectors#finish}, never by {@code reduceLanes} (whose order is unspecified), so the
 * result is the scalar loop's to the bit. Nothing is allocated.
 */
final class VectorDot {
  private static final VectorSpecies<Double> S = Species.DOUBLES;
  private static final int W = Species.WIDTH;
  /**
   * Whether a vector holds a quarter of the lanes (256 bits: four accumulators) rather than half
   * (512 bits: two); a constant, so C2 drops the other branch.
   */
  private static final boolean QUARTERS = Vectors.LANES == 4 * W;

  private VectorDot() {}

  /** Whether the hardware has vectors of 256 bits or more; narrower machines would emulate them slowly. */
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
      DoubleVector w1 = al.fma(DoubleVector.fromArray(S, x, i + W), DoubleVector.fromArray(S, w, i + W));
      w0.intoArray(w, i);
      w1.intoArray(w, i + W);
      acc0 = w0.fma(DoubleVector.fromArray(S, b, i), acc0);
      acc1 = w1.fma(DoubleVector.fromArray(S, b, i + W), acc1);
      if (QUARTERS) {
        DoubleVector w2 = al.fma(DoubleVector.fromArray(S, x, i + 2 * W), DoubleVector.fromArray(S, w, i + 2 * W));
        DoubleVector w3 = al.fma(DoubleVector.fromArray(S, x, i + 3 * W), DoubleVector.fromArray(S, w, i + 3 * W));
        w2.intoArray(w, i + 2 * W);
        w3.intoArray(w, i + 3 * W);
        acc2 = w2.fma(DoubleVector.fromArray(S, b, i + 2 * W), acc2);
        acc3 = w3.fma(DoubleVector.fromArray(S, b, i + 3 * W), acc3);
      }
    }
    acc0.intoArray(lanes, 0);
    acc1.intoArray(lanes, W);
    if (QUARTERS) {
      acc2.intoArray(lanes, 2 * W);
      acc3.intoArray(lanes, 3 * W);
    }
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
      DoubleVector w1 = DoubleVector.fromArray(S, w, i + W);
      DoubleVector w2 = QUARTERS ? DoubleVector.fromArray(S, w, i + 2 * W) : w0;
      DoubleVector w3 = QUARTERS ? DoubleVector.fromArray(S, w, i + 3 * W) : w0;
      for (int mu = 0; mu < count; mu++) {
        double[] xm = x[mu];
        DoubleVector am = DoubleVector.broadcast(S, a[mu]);
        w0 = am.fma(DoubleVector.fromArray(S, xm, i), w0);
        w1 = am.fma(DoubleVector.fromArray(S, xm, i + W), w1);
        if (QUARTERS) {
          w2 = am.fma(DoubleVector.fromArray(S, xm, i + 2 * W), w2);
          w3 = am.fma(DoubleVector.fromArray(S, xm, i + 3 * W), w3);
        }
      }
      w0.intoArray(w, i);
      w1.intoArray(w, i + W);
      if (QUARTERS) {
        w2.intoArray(w, i + 2 * W);
        w3.intoArray(w, i + 3 * W);
      }
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
      DoubleVector a1 = DoubleVector.fromArray(S, a, i + W);
      p0 = a0.fma(DoubleVector.fromArray(S, b0, i), p0);
      p1 = a1.fma(DoubleVector.fromArray(S, b0, i + W), p1);
      q0 = a0.fma(DoubleVector.fromArray(S, b1, i), q0);
      q1 = a1.fma(DoubleVector.fromArray(S, b1, i + W), q1);
      if (QUARTERS) {
        DoubleVector a2 = DoubleVector.fromArray(S, a, i + 2 * W);
        DoubleVector a3 = DoubleVector.fromArray(S, a, i + 3 * W);
        p2 = a2.fma(DoubleVector.fromArray(S, b0, i + 2 * W), p2);
        p3 = a3.fma(DoubleVector.fromArray(S, b0, i + 3 * W), p3);
        q2 = a2.fma(DoubleVector.fromArray(S, b1, i + 2 * W), q2);
        q3 = a3.fma(DoubleVector.fromArray(S, b1, i + 3 * W), q3);
      }
    }
    p0.intoArray(lanes, 0);
    p1.intoArray(lanes, W);
    if (QUARTERS) {
      p2.intoArray(lanes, 2 * W);
      p3.intoArray(lanes, 3 * W);
    }
    q0.intoArray(lanes, Vectors.LANES);
    q1.intoArray(lanes, Vectors.LANES + W);
    if (QUARTERS) {
      q2.intoArray(lanes, Vectors.LANES + 2 * W);
      q3.intoArray(lanes, Vectors.LANES + 3 * W);
    }
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
      acc1 = DoubleVector.fromArray(S, a, i + W).fma(DoubleVector.fromArray(S, b, i + W), acc1);
      if (QUARTERS) {
        acc2 = DoubleVector.fromArray(S, a, i + 2 * W).fma(DoubleVector.fromArray(S, b, i + 2 * W), acc2);
        acc3 = DoubleVector.fromArray(S, a, i + 3 * W).fma(DoubleVector.fromArray(S, b, i + 3 * W), acc3);
      }
    }
    // intoArray is a plain vector store; lane(i) is not intrinsified on JDK 17 and boxes
    acc0.intoArray(lanes, 0);
    acc1.intoArray(lanes, W);
    if (QUARTERS) {
      acc2.intoArray(lanes, 2 * W);
      acc3.intoArray(lanes, 3 * W);
    }
    return Vectors.finish(a, b, i, n, lanes);
  }
}
