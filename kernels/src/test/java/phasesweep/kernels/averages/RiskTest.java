package phasesweep.kernels.averages;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import phasesweep.kernels.MonteCarlo;
import phasesweep.kernels.Streams;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.linalg.Vectors;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.model.Weights;

/**
 * The risk formula (docs/physics.md §2, §2.1) against a Monte Carlo estimate of
 * {@code (1/2) E[(f* - f)^2]}, for every activation as a student learning the same activation and
 * learning the next one of the list.
 */
class RiskTest {
  static List<Arguments> pairs() {
    List<Arguments> pairs = new ArrayList<>();
    Activation[] all = Activation.values();
    for (int i = 0; i < all.length; i++) {
      pairs.add(Arguments.of(all[i], all[i]));
      pairs.add(Arguments.of(all[i], all[(i + 1) % all.length]));
    }
    return pairs;
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void riskMatchesMonteCarloOfSquaredError(Activation act, Activation teacher) {
    int d = 40;
    TaskParams params = TaskParams.builder().d(d).p0(3).k(2).seed(11).activation(act).teacherActivation(teacher)
        .build();
    Weights w = Weights.initial(params);
    // Move the student towards the teacher a little so that M is not O(1/sqrt d) only.
    for (int j = 0; j < 2; j++) {
      for (int i = 0; i < d; i++) {
        w.student()[j][i] = 0.6 * w.teacher()[j][i] + 0.8 * w.student()[j][i];
      }
    }
    double formula = Risk.of(Overlaps.of(w), params.averages());

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
        fStar += teacher.sigma(Vectors.dot(row, x, d) * invSqrtD);
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
    assertTrue(Math.abs(z) <= 4, act + " learning " + teacher + ": formula " + formula + ", Monte Carlo " + mc.mean() + " +- "
        + mc.standardError() + " (z = " + z + ")");
  }
}
