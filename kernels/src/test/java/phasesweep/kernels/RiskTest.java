package phasesweep.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The risk formula (docs/physics.md §2) against a Monte Carlo estimate of {@code (1/2) E[(f* - f)^2]}. */
class RiskTest {
  @ParameterizedTest
  @EnumSource(Activation.class)
  void riskMatchesMonteCarloOfSquaredError(Activation act) {
    int d = 40;
    TaskParams params = TaskParams.builder().d(d).p0(3).k(2).seed(11).activation(act).build();
    Weights w = Weights.initial(params);
    // Move the student towards the teacher a little so that M is not O(1/sqrt d) only.
    for (int j = 0; j < 2; j++) {
      for (int i = 0; i < d; i++) {
        w.student()[j][i] = 0.6 * w.teacher()[j][i] + 0.8 * w.student()[j][i];
      }
    }
    double formula = Risk.of(Overlaps.of(w), act);

    ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(Streams.of(99, 1));
    MonteCarlo.Moments mc = new MonteCarlo.Moments();
    double[] x = new double[d];
    double invSqrtD = 1 / Math.sqrt(d);
    for (int s = 0; s < 1_000_000; s++) {
      for (int i = 0; i < d; i++) {
        x[i] = g.sample();
      }
      double fStar = 0;
      for (double[] row : w.teacher()) {
        fStar += act.sigma(Vectors.dot(row, x, d) * invSqrtD);
      }
      double f = 0;
      for (double[] row : w.student()) {
        f += act.sigma(Vectors.dot(row, x, d) * invSqrtD);
      }
      double e = fStar / w.k() - f / w.p();
      mc.add(0.5 * e * e);
    }
    double z = (formula - mc.mean()) / mc.standardError();
    assertTrue(formula > 0.01, "the test needs a risk well above zero, got " + formula);
    assertTrue(Math.abs(z) <= 4, act + ": formula " + formula + ", Monte Carlo " + mc.mean() + " +- "
        + mc.standardError() + " (z = " + z + ")");
  }
}
