package phasesweep.kernels.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import phasesweep.kernels.linalg.Species;

/**
 * {@link Exponential} on the Vector API, each lane its scalar twin's operations (loaded only when
 * {@code phasesweep.kernels.linalg.Vectors#VECTORISED}). The species is {@link Species}', the
 * one every vector loop of the kernels uses.
 */
final class VectorExponential {
  private static final VectorSpecies<Double> S = Species.DOUBLES;
  private static final VectorSpecies<Long> L = Species.LONGS;
  private static final int W = S.length();

  private VectorExponential() {}

  /** The first whole vectors' worth of {@code count}; returns how many it did. */
  static int exp(double[] x, int from, int count, double[] out, int outFrom) {
    DoubleVector shifter = DoubleVector.broadcast(S, Exponential.SHIFTER);
    DoubleVector lowest = DoubleVector.broadcast(S, Exponential.LOWEST);
    DoubleVector highest = DoubleVector.broadcast(S, Exponential.HIGHEST);
    DoubleVector invLn2 = DoubleVector.broadcast(S, Exponential.INV_LN2);
    DoubleVector ln2Hi = DoubleVector.broadcast(S, Exponential.LN2_HI);
    DoubleVector ln2Lo = DoubleVector.broadcast(S, Exponential.LN2_LO);
    LongVector shifterBits = LongVector.broadcast(L, Double.doubleToRawLongBits(Exponential.SHIFTER));
    LongVector bias = LongVector.broadcast(L, 1023);
    double[] c = Exponential.TAYLOR;
    int i = 0;
    for (; i + W <= count; i += W) {
      DoubleVector x0 = DoubleVector.fromArray(S, x, from + i);
      DoubleVector clamped = x0.max(lowest).min(highest);
      DoubleVector shifted = clamped.fma(invLn2, shifter);
      DoubleVector minusN = shifted.sub(shifter).neg();
      DoubleVector r = minusN.fma(ln2Hi, clamped);
      r = minusN.fma(ln2Lo, r);
      DoubleVector e = DoubleVector.broadcast(S, c[13]);
      for (int t = 12; t >= 0; t--) {
        e = e.fma(r, DoubleVector.broadcast(S, c[t]));
      }
      LongVector power = shifted.reinterpretAsLongs().sub(shifterBits);
      LongVector half = power.lanewise(VectorOperators.ASHR, 1);
      DoubleVector low = half.add(bias).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      DoubleVector high = power.sub(half).add(bias).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      DoubleVector result = e.mul(low).mul(high);
      result.blend(x0, x0.compare(VectorOperators.NE, x0)).intoArray(out, outFrom + i);
    }
    return i;
  }
}
