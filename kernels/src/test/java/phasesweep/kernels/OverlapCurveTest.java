package phasesweep.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import phasesweep.kernels.averages.Risk;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.model.Weights;
import phasesweep.kernels.ode.OdeKernel;
import phasesweep.kernels.ode.OdeMode;

/**
 * The overlaps each kernel keeps at its checkpoints (the runs table's {@code curve_q},
 * {@code curve_m}, docs/physics.md §6): their shape, their first and last entries, and the risk
 * recomputed from them at every checkpoint; and the limit ODE's own law (§3).
 */
class OverlapCurveTest {
  private static final TaskParams BLUE = TaskParams.builder().d(300).p0(3).k(2).tMax(20).seed(8).build();

  @Test
  void everyKernelKeepsTheOverlapsItsRiskWasComputedFrom() {
    Overlaps initial = Overlaps.of(Weights.initial(BLUE));
    int p = BLUE.p();
    int k = BLUE.k();
    assertEquals(3, p);
    for (Kernel kernel : Kernel.values()) {
      KernelResult r = kernel.run(BLUE);
      int n = r.times().length;
      assertTrue(n > 5, kernel.id());
      assertEquals(n * p * p, r.curveQ().length, kernel.id());
      assertEquals(n * p * k, r.curveM().length, kernel.id());
      // (the chain holds a factor of Omega: its overlaps are that factor's products, to rounding)
      assertArrayEquals(initial.qFlat(), Arrays.copyOf(r.curveQ(), p * p), 1e-14, kernel.id() + ": Q at t = 0");
      assertArrayEquals(initial.mFlat(), Arrays.copyOf(r.curveM(), p * k), 1e-14, kernel.id() + ": M at t = 0");
      assertArrayEquals(r.qFinal(), Arrays.copyOfRange(r.curveQ(), (n - 1) * p * p, n * p * p), kernel.id());
      assertArrayEquals(r.mFinal(), Arrays.copyOfRange(r.curveM(), (n - 1) * p * k, n * p * k), kernel.id());
      for (int i = 0; i < n; i++) {
        double[][] q = new double[p][];
        double[][] m = new double[p][];
        for (int j = 0; j < p; j++) {
          q[j] = Arrays.copyOfRange(r.curveQ(), (i * p + j) * p, (i * p + j + 1) * p);
          m[j] = Arrays.copyOfRange(r.curveM(), (i * p + j) * k, (i * p + j + 1) * k);
        }
        double risk = Risk.of(new Overlaps(q, m, initial.teacher()), BLUE.averages());
        assertEquals(r.risks()[i], risk, 1e-12 * r.risks()[i], kernel.id() + " at t = " + r.times()[i]);
      }
    }
  }

  /**
   * The limit ODE (docs/physics.md §3) whatever the task's mode: in orange it keeps only the noise
   * term, so {@code M} stays where it starts while {@code Q} moves; the ODE kernel in limit mode is
   * the same run.
   */
  @Test
  void theLimitOdeFreezesMInOrangeAndIsTheOdeInLimitMode() {
    TaskParams orange = BLUE.toBuilder().delta(-0.25).build();
    KernelResult limit = Kernel.ODE_LIMIT.run(orange);
    assertEquals(Status.OK, limit.status());
    assertEquals(Kernel.ODE_LIMIT, limit.kernel());
    int pk = orange.p() * orange.k();
    for (int i = 1; i < limit.times().length; i++) {
      assertArrayEquals(Arrays.copyOf(limit.curveM(), pk), Arrays.copyOfRange(limit.curveM(), i * pk, (i + 1) * pk));
    }
    assertTrue(limit.qFinal()[0] != limit.curveQ()[0], "Q moves");
    KernelResult inLimitMode = OdeKernel.run(orange.toBuilder().set(Parameter.ODE_MODE, OdeMode.LIMIT).build());
    assertArrayEquals(inLimitMode.curveQ(), limit.curveQ());
    assertArrayEquals(inLimitMode.risks(), limit.risks());
    KernelResult finite = OdeKernel.run(orange);
    assertTrue(!Arrays.equals(finite.curveM(), limit.curveM()), "the finite-d ODE moves M");
  }
}
