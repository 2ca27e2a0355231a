package phasesweep.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
}
