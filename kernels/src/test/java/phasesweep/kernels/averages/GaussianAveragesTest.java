package phasesweep.kernels.averages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import phasesweep.kernels.MonteCarlo;
import phasesweep.kernels.Streams;
import phasesweep.kernels.model.Activation;

/**
 * The averages of docs/physics.md §2 and §2.1 for every student-teacher pair of activations:
 * against Monte Carlo over 10^7 Gaussian samples on several random valid covariances (each within
 * 4 standard errors; the seeds are fixed, so the test is deterministic: for correct averages the
 * expected number of comparisons beyond 4 standard errors among the 1728 made, 36 pairs, is 0.11), and the
 * general reduction against the closed forms of Saad and Solla.
 */
class GaussianAveragesTest {
  private static final int SAMPLES = 10_000_000;
  private static final double[] SCALES = {0.4, 1.3, 3.0};
  private static final Activation[] ALL = Activation.values();
  private static final int P = 2;

  /**
   * The averages checked, on a covariance of two student units (0, 1) and two teacher units
   * (2, 3): kind 0 = I2, 1 = J2, 2 = I3, 3 = I4, with their indices.
   */
  private static final int[][] QUANTITIES = {
      {0, 0, 1}, {0, 0, 0}, {0, 0, 2}, {0, 2, 3}, {0, 2, 2},
      {1, 0, 1}, {1, 0, 0},
      {2, 0, 1, 2}, {2, 0, 0, 2}, {2, 0, 2, 1}, {2, 0, 2, 0}, {2, 0, 1, 3},
      {3, 0, 1, 2, 3}, {3, 0, 1, 0, 2}, {3, 0, 0, 2, 2}, {3, 0, 1, 1, 0}};

  @Test
  void everyAverageOfEveryPairMatchesMonteCarlo() {
    List<String> failures = new ArrayList<>();
    int[] compared = new int[1];
    IntStream.range(0, SCALES.length).parallel().forEach(m -> {
      List<String> f = compare(m);
      synchronized (failures) {
        failures.addAll(f);
        compared[0] += ALL.length * ALL.length * QUANTITIES.length;
      }
    });
    assertEquals(ALL.length * ALL.length * QUANTITIES.length * SCALES.length, compared[0]);
    assertTrue(failures.isEmpty(), failures.size() + " of " + compared[0] + " beyond 4 SE:\n" + String.join("\n", failures));
  }

  private static List<String> compare(int m) {
    UniformRandomProvider rng = Streams.of(20261202L, 11 + m);
    double[][] c = MonteCarlo.randomCovariance(4, SCALES[m], rng);
    double[][] l = MonteCarlo.choleskyLower(c);
    ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
    int acts = ALL.length;
    int q = QUANTITIES.length;
    double[][] sum = new double[acts * acts][q];
    double[][] sum2 = new double[acts * acts][q];
    double[] z = new double[4];
    double[] u = new double[4];
    double[][] value = new double[acts][4];
    double[][] deriv = new double[acts][4];
    double[] x = new double[q];
    for (int s = 0; s < SAMPLES; s++) {
      for (int i = 0; i < 4; i++) {
        z[i] = g.sample();
      }
      for (int i = 0; i < 4; i++) {
        double v = 0;
        for (int j = 0; j <= i; j++) {
          v += l[i][j] * z[j];
        }
        u[i] = v;
      }
      for (int a = 0; a < acts; a++) {
        for (int i = 0; i < 4; i++) {
          value[a][i] = ALL[a].sigma(u[i]);
          deriv[a][i] = ALL[a].sigmaPrime(u[i]);
        }
      }
      for (int st = 0; st < acts; st++) {
        double[] sv = value[st];
        double[] sd = deriv[st];
        for (int te = 0; te < acts; te++) {
          double[] tv = value[te];
          // f_c: the student's on units 0, 1, the teacher's on 2, 3
          double f0 = sv[0];
          double f1 = sv[1];
          double f2 = tv[2];
          double f3 = tv[3];
          x[0] = f0 * f1;
          x[1] = f0 * f0;
          x[2] = f0 * f2;
          x[3] = f2 * f3;
          x[4] = f2 * f2;
          x[5] = sd[0] * sd[1];
          x[6] = sd[0] * sd[0];
          x[7] = sd[0] * u[1] * f2;
          x[8] = sd[0] * u[0] * f2;
          x[9] = sd[0] * u[2] * f1;
          x[10] = sd[0] * u[2] * f0;
          x[11] = sd[0] * u[1] * f3;
          x[12] = sd[0] * sd[1] * f2 * f3;
          x[13] = sd[0] * sd[1] * f0 * f2;
          x[14] = sd[0] * sd[0] * f2 * f2;
          x[15] = sd[0] * sd[1] * f1 * f0;
          double[] s1 = sum[st * acts + te];
          double[] s2 = sum2[st * acts + te];
          for (int i = 0; i < q; i++) {
            s1[i] += x[i];
            s2[i] += x[i] * x[i];
          }
        }
      }
    }
    List<String> failures = new ArrayList<>();
    for (int st = 0; st < acts; st++) {
      for (int te = 0; te < acts; te++) {
        Averages av = Averages.of(ALL[st], ALL[te], P);
        for (int i = 0; i < q; i++) {
          double mean = sum[st * acts + te][i] / SAMPLES;
          double var = sum2[st * acts + te][i] / SAMPLES - mean * mean;
          double se = Math.sqrt(Math.max(var, 0) / (SAMPLES - 1));
          double exact = average(av, c, QUANTITIES[i]);
          String what = ALL[st].id() + " learning " + ALL[te].id() + ", " + name(QUANTITIES[i]) + ", covariance #" + m
              + ": " + exact + " against " + mean + " +- " + se;
          if (se < 1e-14) {
            if (Math.abs(exact - mean) > 1e-12) {
              failures.add(what + " (a constant)");
            }
          } else if (!(Math.abs(exact - mean) <= 4 * se)) {
            failures.add(what + " (z = " + (exact - mean) / se + ")");
          }
        }
      }
    }
    return failures;
  }

  private static double average(Averages av, double[][] c, int[] q) {
    return switch (q[0]) {
      case 0 -> av.i2(c, q[1], q[2]);
      case 1 -> av.j2(c, q[1], q[2]);
      case 2 -> av.i3(c, q[1], q[2], q[3]);
      default -> av.i4(c, q[1], q[2], q[3], q[4]);
    };
  }

  private static String name(int[] q) {
    StringBuilder s = new StringBuilder(new String[] {"I2", "J2", "I3", "I4"}[q[0]]).append('(');
    for (int i = 1; i < q.length; i++) {
      s.append(i == 1 ? "" : ",").append(q[i]);
    }
    return s.append(')').toString();
  }

  /**
   * The general reduction ({@link PairAverages}) equals the closed forms of erf with erf and
   * linear with linear, on every pattern of coinciding indices: two independent derivations.
   */
  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"ERF", "LINEAR"})
  void generalReductionEqualsClosedForms(Activation act) {
    UniformRandomProvider rng = Streams.of(31, 7);
    Averages closed = Averages.of(act, act, P);
    Averages general = new PairAverages(act, act, P);
    for (int m = 0; m < 4; m++) {
      double[][] c = MonteCarlo.randomCovariance(4, SCALES[m % SCALES.length] * (1 + m), rng);
      for (int a = 0; a < 4; a++) {
        for (int b = 0; b < 4; b++) {
          close(closed.i2(c, a, b), general.i2(c, a, b), "I2");
          close(closed.j2(c, a, b), general.j2(c, a, b), "J2");
          for (int x = 0; x < 4; x++) {
            close(closed.i3(c, a, b, x), general.i3(c, a, b, x), "I3");
            for (int y = 0; y < 4; y++) {
              close(closed.i4(c, a, b, x, y), general.i4(c, a, b, x, y), "I4 " + a + b + x + y);
            }
          }
        }
      }
    }
  }

  private static void close(double expected, double actual, String what) {
    assertEquals(expected, actual, 1e-12 * (1 + Math.abs(expected)), what);
  }

  /**
   * The shared-work sums used by the ODE (an erf student's tilted covariance, docs/physics.md
   * §2.1) equal the plain sums of the single averages, for every pair.
   */
  @ParameterizedTest
  @EnumSource(Activation.class)
  void weightedSumsEqualPlainSums(Activation act) {
    UniformRandomProvider rng = Streams.of(5, 9);
    int n = 5;
    double[][] c = MonteCarlo.randomCovariance(n, 1.3, rng);
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = rng.nextDouble() - 0.5;
    }
    double[] scratch = new double[n];
    for (Activation teacher : ALL) {
      Averages av = Averages.of(act, teacher, 3);
      for (int a = 0; a < 3; a++) {
        for (int b = 0; b < n; b++) {
          double s3 = 0;
          double s4 = 0;
          for (int x = 0; x < n; x++) {
            s3 += w[x] * av.i3(c, a, b, x);
            for (int y = 0; y < n; y++) {
              s4 += w[x] * w[y] * av.i4(c, a, b, x, y);
            }
          }
          assertEquals(s3, av.weightedI3(c, a, b, w, n), 1e-12 * (1 + Math.abs(s3)), "weightedI3 " + a + "," + b);
          if (b < 3) {
            assertEquals(s4, av.weightedI4(c, a, b, w, n, scratch), 1e-12 * (1 + Math.abs(s4)),
                "weightedI4 " + a + "," + b);
          }
        }
      }
    }
  }

  /**
   * At a singular {@code Omega} (a student that has learnt its teacher) and at states within
   * rounding of it but outside the covariances, as the integrator produces (docs/physics.md §3),
   * every average of every pair is finite and within 1e-8 of its value on the boundary.
   */
  @Test
  void averagesAreContinuousAtAndJustOutsideASingularOmega() {
    for (Activation st : ALL) {
      for (Activation te : ALL) {
        Averages av = Averages.of(st, te, 1);
        double[][] edge = {{1.2, 1.2}, {1.2, 1.2}};
        for (double eps : new double[] {1e-13, -1e-13, -1e-11}) {
          double[][] c = {{1.2, 1.2 - eps}, {1.2 - eps, 1.2}};
          for (int[] q : new int[][] {{0, 0, 1}, {1, 0, 0}, {2, 0, 0, 1}, {2, 0, 1, 1}, {3, 0, 0, 0, 1}, {3, 0, 0, 1, 1}}) {
            double at = average(av, edge, q);
            double near = average(av, c, q);
            String what = st.id() + " learning " + te.id() + ", " + name(q) + ", eps = " + eps;
            assertTrue(Double.isFinite(near), what + ": " + near);
            assertEquals(at, near, 1e-8, what);
          }
        }
      }
    }
  }
}
