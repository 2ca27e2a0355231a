package phasesweep.kernels.averages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.numbers.gamma.Erf;
import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.rng.UniformRandomProvider;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.junit.jupiter.api.Test;
import phasesweep.kernels.MonteCarlo;
import phasesweep.kernels.Streams;
import phasesweep.kernels.model.Activation;

/**
 * The one numerical piece of the averages, the four-variable orthant probability
 * (docs/physics.md §2.1), and the ReLU student's {@code I4} built on it, against an independent
 * slow method: nested Gauss-Legendre quadrature over the Cholesky coordinates, split where each
 * step switches, with a closed innermost level. Its own accuracy is checked by halving its panels.
 */
class OrthantTest {
  private static final double TOL = 1e-10;

  @Test
  void knownValues() {
    assertEquals(1.0 / 16, Orthant.four(0, 0, 0, 0, 0, 0), 1e-15);
    // exchangeable with rho = 1/2: 1/(n + 1)
    assertEquals(0.2, Orthant.four(0.5, 0.5, 0.5, 0.5, 0.5, 0.5), 1e-14);
    // two independent pairs: the product of two bivariate orthants
    double a = 0.25 + Math.asin(0.7) / (2 * Math.PI);
    double b = 0.25 + Math.asin(-0.95) / (2 * Math.PI);
    assertEquals(a * b, Orthant.four(0.7, 0, 0, 0, 0, -0.95), 1e-14);
    // v1 = v2: the trivariate orthant of (v1, v3, v4), closed form
    double r13 = 0.3;
    double r14 = -0.2;
    double r34 = 0.6;
    double p3 = 0.125 + (Math.asin(r13) + Math.asin(r14) + Math.asin(r34)) / (4 * Math.PI);
    assertEquals(p3, Orthant.four(1, r13, r14, r13, r14, r34), 1e-10);
  }

  @Test
  void fourVariableOrthantAgainstNestedQuadrature() {
    UniformRandomProvider rng = Streams.of(77, 3);
    for (int m = 0; m < 6; m++) {
      double[][] c = MonteCarlo.randomCovariance(4, 1, rng);
      if (m >= 4) {
        // nearly coinciding units: v1 within 1e-6 of v0, as a student that has learnt a teacher unit
        // v1 = (1 - eps) v0 + sqrt(eps (2 - eps)) n, n independent of v0, v2, v3 with n's variance that of v0
        double eps = m == 4 ? 1e-3 : 1e-6;
        for (int i = 0; i < 4; i++) {
          c[1][i] = c[i][1] = (1 - eps) * c[0][i];
        }
        c[1][1] = c[0][0];
      }
      double[][] l = MonteCarlo.choleskyLower(c);
      Kind[] steps = {Kind.STEP, Kind.STEP, Kind.STEP, Kind.STEP};
      double reference = nested(l, steps, 1, m >= 4);
      if (m == 0 || m == 4) {
        assertEquals(reference, nested(l, steps, 2, m >= 4), 1e-13, "the reference's own convergence");
      }
      double p4 = Orthant.probability(c, new int[] {0, 1, 2, 3}, 4);
      assertEquals(reference, p4, TOL, "covariance #" + m);
    }
  }

  @Test
  void reluStudentI4AgainstNestedQuadrature() {
    UniformRandomProvider rng = Streams.of(78, 3);
    for (int m = 0; m < 3; m++) {
      double[][] c = MonteCarlo.randomCovariance(4, 0.5 + m, rng);
      double[][] l = MonteCarlo.choleskyLower(c);
      Averages reluRelu = Averages.of(Activation.RELU, Activation.RELU, 2);
      Averages reluErf = Averages.of(Activation.RELU, Activation.ERF, 2);
      // units 0, 1 students (Theta), 2, 3 teachers
      double rr = nested(l, new Kind[] {Kind.STEP, Kind.STEP, Kind.RELU, Kind.RELU}, 1);
      if (m == 0) {
        assertEquals(rr, nested(l, new Kind[] {Kind.STEP, Kind.STEP, Kind.RELU, Kind.RELU}, 2), 1e-12);
      }
      assertEquals(rr, reluRelu.i4(c, 0, 1, 2, 3), TOL, "relu learning relu, covariance #" + m);
      double re = nested(l, new Kind[] {Kind.STEP, Kind.STEP, Kind.ERF, Kind.ERF}, 1);
      if (m == 0) {
        assertEquals(re, nested(l, new Kind[] {Kind.STEP, Kind.STEP, Kind.ERF, Kind.ERF}, 2), 1e-12);
      }
      assertEquals(re, reluErf.i4(c, 0, 1, 2, 3), TOL, "relu learning erf, covariance #" + m);
      assertTrue(Math.abs(rr) > 1e-3 && Math.abs(re) > 1e-4, "non-trivial values");
    }
  }

  /** The factor of one variable in the nested quadrature. */
  enum Kind { STEP, RELU, ERF }

  private static final double CUT = 9;
  private static final GaussIntegrator RULE = new GaussIntegratorFactory().legendre(16, 0, 1);

  /**
   * {@code E[prod_i f_i(v_i)]} for {@code v = L z}: levels 1-3 by composite 16-point
   * Gauss-Legendre (panels of width {@code 1/refine}) over {@code z_i}, restricted to {@code v_i > 0}
   * for a step or ReLU; level 4 in closed form given {@code z_1..z_3}.
   */
  static double nested(double[][] l, Kind[] kinds, int refine) {
    return nested(l, kinds, refine, false);
  }

  /** With {@code graded}, the first panels of levels 1 and 2 are graded towards their lower end. */
  static double nested(double[][] l, Kind[] kinds, int refine, boolean graded) {
    return level(l, kinds, 0, new double[4], refine, graded);
  }

  private static double level(double[][] l, Kind[] kinds, int i, double[] z, int refine, boolean graded) {
    double mean = 0;
    for (int j = 0; j < i; j++) {
      mean += l[i][j] * z[j];
    }
    double s = l[i][i];
    if (i == 3) {
      double x = mean / s;
      return switch (kinds[i]) {
        case STEP -> 0.5 * Erfc.value(-x / Math.sqrt(2));
        case RELU -> mean * 0.5 * Erfc.value(-x / Math.sqrt(2)) + s * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
        case ERF -> Erf.value(mean / Math.sqrt(2 * (1 + s * s)));
      };
    }
    double lo = kinds[i] == Kind.ERF ? -CUT : Math.max(-CUT, -mean / s);
    if (lo >= CUT) {
      return 0;
    }
    int panels = (int) Math.ceil((CUT - lo) * refine);
    double width = (CUT - lo) / panels;
    double sum = 0;
    // the first panel graded towards lo, where a nearly coinciding unit puts a feature of any width
    int grading = graded && i < 2 ? GRADING : 0;
    for (int g = grading; g >= 0; g--) {
      double a = g == grading ? 0 : width * Math.pow(2, -g - 1);
      sum += panel(l, kinds, i, z, refine, graded, mean, s, lo + a, lo + width * Math.pow(2, -g));
    }
    for (int k = 1; k < panels; k++) {
      sum += panel(l, kinds, i, z, refine, graded, mean, s, lo + width * k, lo + width * (k + 1));
    }
    return sum;
  }

  private static final int GRADING = 12;

  private static double panel(double[][] l, Kind[] kinds, int i, double[] z, int refine, boolean graded,
      double mean, double s,
      double from, double to) {
    double sum = 0;
    for (int n = 0; n < RULE.getNumberOfPoints(); n++) {
      double zi = from + (to - from) * RULE.getPoint(n);
      z[i] = zi;
      double v = mean + s * zi;
      double f = switch (kinds[i]) {
        case STEP -> 1;
        case RELU -> v;
        case ERF -> Erf.value(v / Math.sqrt(2));
      };
      sum += (to - from) * RULE.getWeight(n) * Math.exp(-0.5 * zi * zi) / Math.sqrt(2 * Math.PI) * f
          * level(l, kinds, i + 1, z, refine, graded);
    }
    return sum;
  }
}
