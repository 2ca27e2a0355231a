package phasesweep.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import phasesweep.kernels.model.Activation;

/** The ODE's cost per pair of activations (CostModel): the measured factors at both widths, and between them. */
class CostModelTest {
  @Test
  void aPairsFactorIsItsMeasuredOneAtBothWidthsAndMonotoneBetween() {
    assertEquals(1, CostModel.termFactor(Activation.ERF, Activation.ERF, 4), 0);
    assertEquals(25, CostModel.termFactor(Activation.RELU, Activation.RELU, 4), 1e-9);
    assertEquals(200, CostModel.termFactor(Activation.RELU, Activation.RELU, 12), 1e-9);
    assertEquals(200, CostModel.termFactor(Activation.RELU, Activation.RELU, 40), 1e-9);
    double previous = 0;
    for (int n = 4; n <= 12; n++) {
      double f = CostModel.termFactor(Activation.RELU, Activation.ERF, n);
      assertTrue(f > previous, "n = " + n);
      previous = f;
    }
    TaskParams erf = TaskParams.builder().d(400).p0(2).k(2).build();
    TaskParams relu = erf.toBuilder().activation(Activation.RELU).build();
    assertTrue(CostModel.odeNanos(relu) > 10 * CostModel.odeNanos(erf));
  }
}
