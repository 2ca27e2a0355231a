package phasesweep.kernels.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.model.Weights;

/**
 * The shared-work right-hand side equals the one built from single averages (docs/physics.md §3,
 * §2.1), for every activation learning itself and for mixed pairs.
 */
class OverlapEquationsTest {
  @ParameterizedTest
  @CsvSource({"ERF, ERF", "LINEAR, LINEAR", "RELU, RELU", "HE2, HE2", "HE3, HE3", "ERF, RELU", "ERF, HE3",
      "RELU, ERF", "LINEAR, HE2", "HE2, RELU"})
  void fastRightHandSideEqualsNaive(Activation act, Activation teacher) {
    TaskParams t = TaskParams.builder().d(50).p0(5).k(3).noise(0.1).gamma0(2).activation(act)
        .teacherActivation(teacher).seed(4).build();
    Weights w = Weights.initial(t);
    // move away from the symmetric start so that every term matters
    for (int j = 0; j < 3; j++) {
      for (int i = 0; i < t.d(); i++) {
        w.student()[j][i] += 0.7 * w.teacher()[j][i];
      }
    }
    Overlaps o = Overlaps.of(w);
    OverlapEquations eq = OdeKernel.equations(t, o);
    double[] y = eq.state(o);
    double[] fast = eq.computeDerivatives(0, y);
    double[] naive = eq.naiveDerivatives(y);
    for (int i = 0; i < y.length; i++) {
      assertEquals(naive[i], fast[i], 1e-13 * (1 + Math.abs(naive[i])), "component " + i);
    }
  }

  /**
   * With a batch the right-hand side carries {@code aC m_j^T Omega^+ m_l} (docs/physics.md §3.1):
   * its pseudo-inverse from EJML's eigen decomposition equals Hipparchus' SVD pseudo-inverse of
   * the naive sums, also where a student equals a teacher unit exactly ({@code Omega} singular,
   * {@code apart = 0}) or nearly ({@code apart = 0.01}: an eigenvalue near 1e-4 that must be kept).
   */
  @ParameterizedTest
  @CsvSource({"ERF, ERF, -1", "ERF, ERF, 0", "ERF, ERF, 0.01", "RELU, ERF, -1", "RELU, RELU, 0", "LINEAR, LINEAR, 0",
      "LINEAR, LINEAR, 0.01"})
  void theBatchTermEqualsTheNaiveOne(Activation act, Activation teacher, double apart) {
    TaskParams t = TaskParams.builder().d(50).p0(3).k(2).noise(0.1).gamma0(2).b0(8).activation(act)
        .teacherActivation(teacher).seed(4).build();
    Weights w = Weights.initial(t);
    for (int i = 0; i < t.d(); i++) {
      w.student()[1][i] += 0.7 * w.teacher()[1][i];
      if (apart >= 0) {
        w.student()[0][i] = w.teacher()[0][i] + apart * w.student()[0][i];
      }
    }
    Overlaps o = Overlaps.of(w);
    OverlapEquations eq = OdeKernel.equations(t, o);
    double[] y = eq.state(o);
    double[] fast = eq.computeDerivatives(0, y);
    double[] naive = eq.naiveDerivatives(y);
    OverlapEquations noBatch = OdeKernel.equations(t.toBuilder().b0(1).build(), o);
    double[] plain = noBatch.computeDerivatives(0, y);
    double largestTerm = 0;
    for (int i = 0; i < y.length; i++) {
      assertEquals(naive[i], fast[i], 1e-10 * (1 + Math.abs(naive[i])), "component " + i);
      largestTerm = Math.max(largestTerm, Math.abs(fast[i] - plain[i]));
    }
    org.junit.jupiter.api.Assertions.assertTrue(largestTerm > 1e-6, "the batch changed nothing: " + largestTerm);
  }
}
