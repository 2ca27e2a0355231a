package phasesweep.kernels.model;

import java.math.BigDecimal;
import java.math.MathContext;
import org.apache.commons.numbers.gamma.Erf;

/**
 * {@code erf(x)} at the cost the overlap chain's step can pay, to the accuracy of a double: within
 * an ulp of the true value (half an ulp for the last addition, a fifth for the other terms and
 * the remainder), which ErrorFunctionTest checks against a 40-digit series and against Commons
 * Numbers' {@link Erf}.
 *
 * <p>Why not {@link Erf} itself: a port of Boost's, it branches among five rational
 * approximations and computes {@code exp(-x^2)} in extended precision, about 20 ns a call in the
 * chain's step, where the step calls it {@code p + k} times and did little else (measured with
 * {@code bench --only chain}: docs/development.md, "Speed").
 *
 * <p>How: on {@code [0, 1/8)} the Maclaurin series {@code x sum_n c_n x^(2n)},
 * {@code c_n = (2/sqrt pi) (-1)^n / (n! (2n+1))}, eight terms (the first omitted term is below
 * {@code 1e-18} of {@code x}), which keeps the relative accuracy down to the smallest {@code x}.
 * On each interval {@code [i/8, (i+1)/8)} up to {@code 6} (where {@code erf = 1} to a double) the
 * Taylor polynomial of degree 11 about the interval's middle {@code x0}, whose coefficients are
 * exact derivatives: {@code erf^(k)(x0) = (2/sqrt pi) (-1)^(k-1) H_(k-1)(x0) exp(-x0^2)} with the
 * physicists' Hermite polynomials {@code H_(n+1) = 2x H_n - 2n H_(n-1)}, and {@code erf(x0)} as
 * two doubles (head and tail) from its Maclaurin series summed in 70-digit decimals when the
 * class loads (the series alternates, with terms up to {@code 1e15} at {@code x0 = 6}: 70 digits
 * leave 50). Its remainder on a half-width of {@code 1/16} is below a tenth of an ulp. The
 * distance {@code x - x0} is exact (Sterbenz), and the tables (5 KB) stay in the first-level
 * cache.
 */
public final class ErrorFunction {
  private static final int DEGREE = 11;
  private static final int PER_UNIT = 8;
  private static final double LIMIT = 6;
  private static final int INTERVALS = (int) (LIMIT * PER_UNIT);
  /** Interval {@code i}'s Taylor coefficients, highest power first, at {@code (DEGREE + 1) i}. */
  private static final double[] TAYLOR = new double[INTERVALS * (DEGREE + 1)];
  /** Interval {@code i}'s {@code erf(x0) - TAYLOR[(DEGREE + 1) i + DEGREE]}, the head's rounding. */
  private static final double[] TAIL = new double[INTERVALS];
  /** The Maclaurin coefficients {@code c_0 .. c_7} of {@code erf(x) / x} in {@code x^2}. */
  private static final double[] MACLAURIN = new double[8];

  static {
    double twoOverRootPi = 2 / Math.sqrt(Math.PI);
    double factorial = 1;
    for (int m = 0; m < MACLAURIN.length; m++) {
      factorial *= Math.max(1, m);
      MACLAURIN[m] = twoOverRootPi * (m % 2 == 0 ? 1 : -1) / (factorial * (2 * m + 1));
    }
    for (int i = 1; i < INTERVALS; i++) {
      double x0 = (i + 0.5) / PER_UNIT;
      double gauss = twoOverRootPi * Math.exp(-x0 * x0);
      double[] hermite = new double[DEGREE];
      hermite[0] = 1;
      hermite[1] = 2 * x0;
      for (int m = 1; m + 1 < DEGREE; m++) {
        hermite[m + 1] = 2 * x0 * hermite[m] - 2 * m * hermite[m - 1];
      }
      int offset = i * (DEGREE + 1);
      BigDecimal exact = maclaurin(x0);
      TAYLOR[offset + DEGREE] = exact.doubleValue();
      TAIL[i] = exact.subtract(new BigDecimal(TAYLOR[offset + DEGREE])).doubleValue();
      double kFactorial = 1;
      for (int power = 1; power <= DEGREE; power++) {
        kFactorial *= power;
        double sign = power % 2 == 1 ? 1 : -1;
        TAYLOR[offset + DEGREE - power] = gauss * sign * hermite[power - 1] / kFactorial;
      }
    }
  }

  private ErrorFunction() {}

  /** {@code erf(x)} to 50 digits for {@code 0 <= x <= 6}: {@code (2/sqrt pi) sum_n (-1)^n x^(2n+1) / (n! (2n+1))}. */
  private static BigDecimal maclaurin(double value) {
    MathContext mc = new MathContext(70);
    BigDecimal x = new BigDecimal(value);
    BigDecimal xx = x.multiply(x, mc).negate();
    BigDecimal power = x; // (-1)^n x^(2n+1) / n!
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal smallest = new BigDecimal("1e-60");
    for (int n = 0; n < 20 || power.abs().compareTo(smallest) > 0; n++) {
      sum = sum.add(power.divide(BigDecimal.valueOf(2L * n + 1), mc), mc);
      power = power.multiply(xx, mc).divide(BigDecimal.valueOf(n + 1), mc);
    }
    BigDecimal pi = new BigDecimal("3.14159265358979323846264338327950288419716939937510582097494459230781640628620899");
    return sum.multiply(BigDecimal.valueOf(2), mc).divide(pi.sqrt(mc), mc);
  }

  /** {@code erf(x)}; {@code ±1} for {@code |x| >= 6} and infinities, NaN for NaN, {@code -0.0} kept. */
  public static double erf(double x) {
    double ax = Math.abs(x);
    if (ax >= LIMIT) {
      return Math.copySign(1, x);
    }
    int i = (int) (ax * PER_UNIT); // 0 for NaN, which then stays NaN below
    double r;
    if (i == 0) {
      double t = ax * ax;
      double[] c = MACLAURIN;
      r = c[7];
      r = r * t + c[6];
      r = r * t + c[5];
      r = r * t + c[4];
      r = r * t + c[3];
      r = r * t + c[2];
      r = r * t + c[1];
      r = r * t + c[0];
      r *= ax;
    } else {
      double s = ax - (i + 0.5) / PER_UNIT;
      double[] a = TAYLOR;
      int o = i * (DEGREE + 1);
      r = a[o];
      r = r * s + a[o + 1];
      r = r * s + a[o + 2];
      r = r * s + a[o + 3];
      r = r * s + a[o + 4];
      r = r * s + a[o + 5];
      r = r * s + a[o + 6];
      r = r * s + a[o + 7];
      r = r * s + a[o + 8];
      r = r * s + a[o + 9];
      r = r * s + a[o + 10];
      r = r * s + TAIL[i];
      r = r + a[o + 11];
    }
    return Math.copySign(r, x);
  }
}
