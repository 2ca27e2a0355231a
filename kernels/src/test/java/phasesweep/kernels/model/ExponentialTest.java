package phasesweep.kernels.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import phasesweep.kernels.linalg.Vectors;

/**
 * {@link Exponential}: its Vector API lanes are its scalar twin to the bit; both within an ulp of
 * {@link StrictMath#exp} (fdlibm's, itself within an ulp of the truth) and exact where exp is
 * (0, the infinities, NaN, the ends of the range); erf's {@link Activation#sigmaPrimes} within
 * two ulps of its {@link Activation#sigmaPrime}, the other activations' its bits.
 */
class ExponentialTest {
  private static double[] points(int count, double lo, double hi, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[count];
    for (int i = 0; i < count; i++) {
      x[i] = rng.nextDouble(lo, hi);
    }
    return x;
  }

  @Test
  void theVectorLanesAreTheScalarTwinToTheBit() {
    assertTrue(Vectors.VECTORISED, "the Vector API path is not active in tests");
    double[] x = points(200_003, -760, 720, 1);
    double[] special = {0, -0.0, 1, -1, 709.78, 709.79, 710, 1e4, -708.5, -745.1, -745.2, -746, -1e4, Double.NaN,
        Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE};
    System.arraycopy(special, 0, x, 0, special.length);
    double[] out = new double[x.length + 3];
    // a count that leaves a tail to the scalar loop, written at an offset
    Exponential.exp(x, 0, x.length, out, 3);
    for (int i = 0; i < x.length; i++) {
      assertEquals(Double.doubleToRawLongBits(Exponential.exp(x[i])), Double.doubleToRawLongBits(out[3 + i]),
          "exp(" + x[i] + ")");
    }
  }

  @Test
  void withinAnUlpOfStrictMath() {
    double worst = 0;
    double worstAt = 0;
    for (double[] range : new double[][] {{-745, 709}, {-50, 0}, {-1, 1}}) {
      double[] x = points(1_000_000, range[0], range[1], (long) range[0]);
      double[] out = new double[x.length];
      Exponential.exp(x, 0, x.length, out, 0);
      for (int i = 0; i < x.length; i++) {
        double expected = StrictMath.exp(x[i]);
        double ulp = Math.ulp(expected);
        double error = Math.abs(out[i] - expected) / ulp;
        if (error > worst) {
          worst = error;
          worstAt = x[i];
        }
      }
    }
    assertTrue(worst <= 1, "largest difference " + worst + " ulp, at " + worstAt);
    assertEquals(1.0, Exponential.exp(0));
    assertEquals(1.0, Exponential.exp(-0.0));
    assertEquals(0.0, Exponential.exp(Double.NEGATIVE_INFINITY));
    assertEquals(0.0, Exponential.exp(-746));
    assertEquals(Double.POSITIVE_INFINITY, Exponential.exp(Double.POSITIVE_INFINITY));
    assertEquals(Double.POSITIVE_INFINITY, Exponential.exp(709.79));
    assertEquals(StrictMath.exp(709.78), Exponential.exp(709.78), Math.ulp(StrictMath.exp(709.78)));
    assertTrue(Double.isNaN(Exponential.exp(Double.NaN)));
    // results below the normal range round once: within a subnormal's spacing
    for (double x : points(10_000, -745, -708.4, 9)) {
      assertEquals(StrictMath.exp(x), Exponential.exp(x), Double.MIN_VALUE, "exp(" + x + ")");
    }
  }

  @Test
  void erfsDerivativesAtOnceAreWithinTwoUlpsAndTheOthersTheirBits() {
    double[] h = points(100_001, -40, 40, 5);
    double[] out = new double[h.length - 1];
    for (Activation a : Activation.values()) {
      a.sigmaPrimes(h, 1, h.length - 1, out);
      for (int i = 0; i < out.length; i++) {
        double expected = a.sigmaPrime(h[1 + i]);
        if (a == Activation.ERF) {
          assertEquals(expected, out[i], 2 * Math.ulp(expected), "erf's sigma'(" + h[1 + i] + ")");
        } else {
          assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(out[i]),
              a.id() + "'s sigma'(" + h[1 + i] + ")");
        }
      }
    }
  }
}
