package phasesweep.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dot product on the Vector API. Its dot is called only when {@link Vectors#VECTORISED}:
 * it needs {@code --add-modules jdk.incubator.vector} at run time.
 *
 * <p>Four 256-bit accumulators hold the 16 lanes of {@link Vectors#scalarDot}: lane {@code l}
 * sums {@code a[i] b[i]} over {@code i = l mod 16} by fused multiply-adds in increasing
 * {@code i}. The lanes are read out one by one and combined in the fixed order of
 * {@link Vectors#finish}, never by {@code reduceLanes} (whose order is unspecified), so the
 * result is the scalar loop's to the bit. Nothing is allocated: the vectors stay in registers.
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

  static double dot(double[] a, double[] b, int n) {
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
    return Vectors.finish(a, b, i, n,
        acc0.lane(0), acc0.lane(1), acc0.lane(2), acc0.lane(3),
        acc1.lane(0), acc1.lane(1), acc1.lane(2), acc1.lane(3),
        acc2.lane(0), acc2.lane(1), acc2.lane(2), acc2.lane(3),
        acc3.lane(0), acc3.lane(1), acc3.lane(2), acc3.lane(3));
  }
}
