package phasesweep.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docs/physics.md §2 closed forms against Monte Carlo averages over 10^6 Gaussian samples, for several
 * random valid covariances: each within 4 standard errors.
 */
class GaussianAveragesTest {
  private static final int SAMPLES = 1_000_000;
  private static final int MATRICES = 4;

  @ParameterizedTest
  @EnumSource(Activation.class)
  void closedFormsMatchMonteCarlo(Activation act) {
    UniformRandomProvider rng = Streams.of(20261128L, 7);
    double[] scales = {0.3, 1.0, 2.5, 6.0};
    for (int m = 0; m < MATRICES; m++) {
      double[][] c = MonteCarlo.randomCovariance(4, scales[m], rng);
      double[][] l = MonteCarlo.choleskyLower(c);
      ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
      MonteCarlo.Moments i2 = new MonteCarlo.Moments();
      MonteCarlo.Moments i2aa = new MonteCarlo.Moments();
      MonteCarlo.Moments j2 = new MonteCarlo.Moments();
      MonteCarlo.Moments i3 = new MonteCarlo.Moments();
      MonteCarlo.Moments i3aac = new MonteCarlo.Moments();
      MonteCarlo.Moments i4 = new MonteCarlo.Moments();
      MonteCarlo.Moments i4abcc = new MonteCarlo.Moments();
      double[] z = new double[4];
      double[] u = new double[4];
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
        double s0 = act.sigma(u[0]);
        double s1 = act.sigma(u[1]);
        double s2 = act.sigma(u[2]);
        double s3 = act.sigma(u[3]);
        double d0 = act.sigmaPrime(u[0]);
        double d1 = act.sigmaPrime(u[1]);
        i2.add(s0 * s1);
        i2aa.add(s0 * s0);
        j2.add(d0 * d1);
        i3.add(d0 * u[1] * s2);
        i3aac.add(d0 * u[0] * s2);
        i4.add(d0 * d1 * s2 * s3);
        i4abcc.add(d0 * d1 * s2 * s2);
      }
      String at = act + " covariance #" + m;
      within4(i2, act.i2(c, 0, 1), "I2(a,b) " + at);
      within4(i2aa, act.i2(c, 0, 0), "I2(a,a) " + at);
      within4(j2, act.j2(c, 0, 1), "J2(a,b) " + at);
      within4(i3, act.i3(c, 0, 1, 2), "I3(a,b,c) " + at);
      within4(i3aac, act.i3(c, 0, 0, 2), "I3(a,a,c) " + at);
      within4(i4, act.i4(c, 0, 1, 2, 3), "I4(a,b,c,e) " + at);
      within4(i4abcc, act.i4(c, 0, 1, 2, 2), "I4(a,b,c,c) " + at);
    }
  }

  private static void within4(MonteCarlo.Moments mc, double closedForm, String what) {
    double se = mc.standardError();
    if (se == 0) {
      // a constant integrand (linear J2 = 1): the average is exact
      assertEquals(mc.mean(), closedForm, 1e-15, what);
      return;
    }
    double z = (closedForm - mc.mean()) / se;
    assertTrue(Math.abs(z) <= 4,
        what + ": closed form " + closedForm + ", Monte Carlo " + mc.mean() + " +- " + se + " (z = " + z + ")");
  }

  /** The shared-work sums used by the ODE equal the plain sums of the single averages. */
  @ParameterizedTest
  @EnumSource(Activation.class)
  void weightedSumsEqualPlainSums(Activation act) {
    UniformRandomProvider rng = Streams.of(5, 9);
    int n = 7;
    double[][] c = MonteCarlo.randomCovariance(n, 1.3, rng);
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = rng.nextDouble() - 0.5;
    }
    double[] scratch = new double[n];
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        double s3 = 0;
        double s4 = 0;
        for (int x = 0; x < n; x++) {
          s3 += w[x] * act.i3(c, a, b, x);
          for (int y = 0; y < n; y++) {
            s4 += w[x] * w[y] * act.i4(c, a, b, x, y);
          }
        }
        assertEquals(s3, act.weightedI3(c, a, b, w, n), 1e-12 * (1 + Math.abs(s3)), "weightedI3 " + a + "," + b);
        assertEquals(s4, act.weightedI4(c, a, b, w, n, scratch), 1e-12 * (1 + Math.abs(s4)), "weightedI4 " + a + "," + b);
      }
    }
  }
}
