package phasesweep.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.model.Region;
import phasesweep.kernels.model.Weights;
import phasesweep.kernels.ode.OdeKernel;
import phasesweep.kernels.ode.OverlapEquations;
import phasesweep.kernels.sgd.SgdKernel;

/** Determinism, the red region, divergence and the shape of a result. */
class RunBehaviourTest {
  private static final TaskParams SMALL = TaskParams.builder().d(300).tMax(20).seed(8).build();

  @Test
  void sameParametersAndSeedGiveBitIdenticalResults() {
    KernelResult a = SgdKernel.run(SMALL);
    KernelResult b = SgdKernel.run(SMALL);
    assertArrayEquals(a.risks(), b.risks());
    assertArrayEquals(a.qFinal(), b.qFinal());
    assertArrayEquals(a.mFinal(), b.mFinal());
    KernelResult oa = OdeKernel.run(SMALL);
    KernelResult ob = OdeKernel.run(SMALL);
    assertArrayEquals(oa.risks(), ob.risks());
    assertArrayEquals(oa.qFinal(), ob.qFinal());
  }

  @Test
  void differentSeedsDiffer() {
    TaskParams other = SMALL.toBuilder().seed(9).build();
    assertFalse(Arrays.equals(SgdKernel.run(SMALL).risks(), SgdKernel.run(other).risks()));
    assertFalse(Arrays.equals(OdeKernel.run(SMALL).risks(), OdeKernel.run(other).risks()));
  }

  @Test
  void sgdAndOdeShareCheckpointsAndStartFromTheSameRisk() {
    KernelResult sgd = SgdKernel.run(SMALL);
    KernelResult ode = OdeKernel.run(SMALL);
    assertArrayEquals(sgd.times(), ode.times());
    assertArrayEquals(Checkpoints.of(SMALL).times(), sgd.times());
    assertEquals(sgd.riskInit(), ode.riskInit(), 1e-15);
    assertEquals(Kernel.SGD, sgd.kernel());
    assertEquals(SMALL.totalSteps(), sgd.steps());
    assertTrue(ode.steps() > 0, "ODE counts right-hand-side evaluations");
    assertEquals(SMALL.p() * SMALL.p(), sgd.qFinal().length);
    assertEquals(SMALL.p() * SMALL.k(), sgd.mFinal().length);
  }

  @Test
  void redRegionSgdDivergesWithATimeAndOdeRefuses() {
    // docs/physics.md §3: kappa = 0, delta = -3/4, p = k = 2, gamma0 = 1: max Q_jj ~ 180 after 20 d steps at d = 256
    TaskParams red = TaskParams.builder().d(256).delta(-0.75).tMax(100).seed(2).build();
    assertEquals(Region.RED, red.region());
    KernelResult sgd = SgdKernel.run(red);
    assertEquals(Status.DIVERGED, sgd.status());
    assertTrue(sgd.tDiverged() > 0 && sgd.tDiverged() < 100, "t_diverged = " + sgd.tDiverged());
    assertTrue(sgd.message().contains("divergence bound"), sgd.message());
    assertTrue(Double.isNaN(sgd.riskFinal()));
    assertTrue(sgd.times().length >= 1 && sgd.times()[sgd.times().length - 1] <= sgd.tDiverged());

    KernelResult ode = OdeKernel.run(red);
    assertEquals(Status.NO_ODE, ode.status());
    assertTrue(ode.message().contains("no ODE"), ode.message());
    assertEquals(0, ode.times().length);
  }

  @Test
  void orangeRegionStaysBoundedAtTheSameLearningRate() {
    // docs/physics.md §3: at delta = -1/4 max Q_jj stays near 1 where delta = -3/4 blows up
    TaskParams orange = TaskParams.builder().d(256).delta(-0.25).tMax(20).seed(2).build();
    KernelResult sgd = SgdKernel.run(orange);
    assertEquals(Status.OK, sgd.status(), sgd.message());
    double maxQ = 0;
    for (int j = 0; j < orange.p(); j++) {
      maxQ = Math.max(maxQ, sgd.qFinal()[j * orange.p() + j]);
    }
    assertTrue(maxQ < 5, "max Q_jj = " + maxQ);
  }

  @Test
  void odeRejectsOverlapsThatAreNoCovariance() {
    double[][] q = {{1, 0}, {0, 1}};
    double[][] m = {{2, 0}, {0, 0}}; // |M_00| > sqrt(Q_00 P_00)
    double[][] p = {{1, 0}, {0, 1}};
    InvalidParameterException e = assertThrows(InvalidParameterException.class,
        () -> OdeKernel.run(SMALL, new Overlaps(q, m, p)));
    assertEquals("init_overlaps", e.parameter());
  }

  @Test
  void odeFromExplicitOverlapsMatchesOdeFromWeights() {
    Overlaps fromWeights = Overlaps.of(Weights.initial(SMALL));
    KernelResult a = OdeKernel.run(SMALL);
    KernelResult b = OdeKernel.run(SMALL, fromWeights);
    assertArrayEquals(a.risks(), b.risks());
  }

  @Test
  void odeNearEquilibriumSurvivesStepsThatOvershootTheDomain() {
    // Found by the quickstart sweep: near its fixed point the integrator grows the step until a
    // trial stage leaves the covariance domain; that step must be rejected, not end the run.
    TaskParams green = TaskParams.builder().d(100).delta(0.5).p0(2).k(2).gamma0(2).tMax(1000)
        .checkpointsPerDecade(2).build();
    KernelResult r = OdeKernel.run(green);
    assertEquals(Status.OK, r.status(), r.message());
    KernelResult fine = OdeKernel.run(green.toBuilder().rtol(1e-12).atol(1e-15).build());
    // rtol 1e-8 keeps the risk within about 1e-5 of a fine integration (deploy/phasesweep bench)
    for (int i = 0; i < r.risks().length; i++) {
      assertEquals(fine.risks()[i], r.risks()[i], 1e-4 * fine.risks()[i], "t = " + r.times()[i]);
    }
  }

  @Test
  void odeThatLeavesTheBoundedDomainReportsDivergenceNotNumbers() {
    // orange, large learning rate: the noise term drives the norms up in the ODE too
    TaskParams hot = TaskParams.builder().d(1000).delta(-0.45).gamma0(4).noise(1).tMax(1e3)
        .divergenceBound(10).seed(1).build();
    KernelResult ode = OdeKernel.run(hot);
    assertEquals(Status.DIVERGED, ode.status(), ode.message());
    assertTrue(ode.tDiverged() > 0 && ode.tDiverged() < 1e3);
    // the bound reached, not the located crossing's 9.9999999... (issue #33, item 19)
    assertEquals("max Q_jj reached the divergence bound 10 at t = " + ode.tDiverged(), ode.message());
    for (double r : ode.risks()) {
      assertTrue(Double.isFinite(r));
    }
  }

  @Test
  void everyKernelRunsItsTaskAndSaysWhatItCosts() {
    for (Kernel k : Kernel.values()) {
      KernelResult r = k.run(SMALL);
      assertEquals(k, r.kernel());
      assertEquals(Status.OK, r.status(), k + ": " + r.message());
      assertTrue(k.estimatedNanos(SMALL) > 0, k + " costs something");
      assertEquals(k, Kernel.of(k.id()));
      assertFalse(k.finiteSizeReferences().contains(k), "a kernel is not its own finite-size reference");
      if (k.startsFromOverlaps()) {
        KernelResult fromOverlaps = k.run(SMALL, Overlaps.of(Weights.initial(SMALL)));
        assertEquals(r.riskFinal(), fromOverlaps.riskFinal(), 0, k + " from its task's overlaps is its task's run");
      } else {
        assertThrows(UnsupportedOperationException.class, () -> k.run(SMALL, Overlaps.of(Weights.initial(SMALL))));
      }
    }
    assertEquals(java.util.List.of(Kernel.MEAN_MAP, Kernel.ODE), Kernel.SGD.finiteSizeReferences());
    assertEquals(Kernel.Sampling.SAMPLED, Kernel.SGD.sampling());
    assertEquals(Kernel.Sampling.DETERMINISTIC, Kernel.ODE.sampling());
    assertEquals(SMALL.totalSteps(), Kernel.SGD.plannedSteps(SMALL));
  }

  /**
   * A noise-free ReLU student learning its ReLU teacher ({@code k = p = 1}) converges onto it:
   * {@code Omega} turns singular and the integrator carries it within its error past the boundary,
   * where the averages must stay defined (docs/physics.md §2.1). Before they did, this run stalled
   * at {@code t ~ 40} with every step rejected.
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // it takes 0.1 s; a stalled one never ends
  void aReluStudentThatLearnsItsTeacherExactlyIntegratesToTheEnd() {
    TaskParams t = TaskParams.builder().activation(Activation.RELU).k(1).p0(1).gamma0(1).d(1000).noise(0)
        .tMax(1000).checkpointsPerDecade(2).build();
    KernelResult r = OdeKernel.run(t);
    assertEquals(Status.OK, r.status(), r.message());
    assertEquals(1000, r.times()[r.times().length - 1], 0);
    assertTrue(Math.abs(r.riskFinal()) < 1e-8, "risk " + r.riskFinal());
  }
}
