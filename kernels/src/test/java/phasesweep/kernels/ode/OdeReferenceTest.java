package phasesweep.kernels.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import phasesweep.kernels.KernelResult;
import phasesweep.kernels.Status;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.averages.Risk;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.model.Weights;

/**
 * The adaptive ODE on degenerate but valid trajectories (docs/physics.md, "The ODE"), against an
 * independent fixed-step classical Runge-Kutta integration written here: perfect learning, where
 * {@code Omega} turns singular, the blue line without noise, and two students that end on the
 * same teacher unit.
 *
 * <p>The reference's step {@code h} is checked in the test itself: halving it must move the risk
 * by less than 1e-9 relative (1e-15 absolute where the risk is below 1e-6, since the risk is a
 * difference of O(1) averages and rounding alone moves it by about 1e-16). The adaptive ODE must
 * then lie within 1e-6 relative of it (1e-12 absolute where the risk is below 1e-6).
 */
class OdeReferenceTest {
  /** The green limit case of the issue: perfect learning, risk about 1e-9 at t = 1000. */
  static final TaskParams GREEN_LIMIT = TaskParams.builder().d(1000).kappa(0).delta(0.5).gamma0(1)
      .noise(1e-3).tMax(1000).odeMode(OdeMode.LIMIT).rtol(1e-10).atol(1e-14).build();
  static final Overlaps GREEN_START = new Overlaps(
      new double[][] {{1, 0.02}, {0.02, 1}},
      new double[][] {{0.06, 0.04}, {0.03, 0.05}},
      new double[][] {{1, 0}, {0, 1}});

  /** Tolerances of the adaptive runs compared with the reference. */
  static final double TIGHT_RTOL = 1e-13;
  static final double TIGHT_ATOL = 1e-18;

  /**
   * A risk below zero, where the true risk goes to zero (no noise, perfect learning), is the
   * integration's error: the run stays ok and its message says so, with the lowest value; a run
   * whose risk stays above zero says nothing (docs/physics.md, "The ODE"; issue #33, item 17).
   */
  @Test
  void aRiskBelowZeroIsSaidInTheMessageNeverSilent() {
    TaskParams noiseless = TaskParams.builder().d(100).kappa(0).delta(0.5).noise(0).tMax(10000).build();
    KernelResult r = OdeKernel.run(noiseless);
    assertEquals(Status.OK, r.status(), r.message());
    double lowest = java.util.Arrays.stream(r.risks()).min().getAsDouble();
    assertTrue(lowest < 0, "this task's risk dips below zero: " + lowest);
    assertTrue(r.message().startsWith("the risk went below zero, to " + (float) lowest + " at t = "), r.message());
    KernelResult noisy = OdeKernel.run(TaskParams.builder().d(100).kappa(0).delta(0.5).noise(1e-3).tMax(10000).build());
    assertTrue(java.util.Arrays.stream(noisy.risks()).allMatch(x -> x > 0));
    assertEquals("", noisy.message());
  }

  @Test
  void checkpointDensityNeitherChangesTheStatusNorTheRisks() {
    KernelResult reference = null;
    for (int perDecade = 10; perDecade <= 100; perDecade += 10) {
      TaskParams params = GREEN_LIMIT.toBuilder().checkpointsPerDecade(perDecade).build();
      KernelResult r = OdeKernel.run(params, GREEN_START);
      assertEquals(Status.OK, r.status(), perDecade + " per decade: " + r.message());
      if (reference == null) {
        reference = r;
        continue;
      }
      // the observer only observes: the same accepted steps, so the same evaluations and risks
      assertEquals(reference.steps(), r.steps(), perDecade + " per decade");
      assertEquals(reference.riskFinal(), r.riskFinal(), 0.0, perDecade + " per decade");
      assertArrayEquals(reference.qFinal(), r.qFinal(), 0.0);
      for (int i = 0; i < reference.times().length; i++) {
        int j = indexOf(r.times(), reference.times()[i]);
        if (j >= 0) {
          assertEquals(reference.risks()[i], r.risks()[j], 1e-12 * reference.risks()[i],
              "t = " + reference.times()[i] + " at " + perDecade + " per decade");
        }
      }
    }
  }

  @Test
  void perfectLearningInTheGreenLimitFollowsTheReference() {
    KernelResult r = OdeKernel.run(GREEN_LIMIT, GREEN_START);
    assertEquals(Status.OK, r.status(), r.message());
    assertTrue(r.riskFinal() < 1e-8, "perfect learning: " + r.riskFinal());
    TaskParams tight = GREEN_LIMIT.toBuilder().rtol(TIGHT_RTOL).atol(TIGHT_ATOL).build();
    assertFollowsReference(tight, GREEN_START, OdeKernel.run(tight, GREEN_START), 0.01);
  }

  @Test
  void blueLineWithoutNoiseKeepsFallingAndFollowsTheReference() {
    TaskParams blue = TaskParams.builder().d(1000).kappa(0).delta(0).gamma0(1).noise(0)
        .tMax(1000).seed(4).rtol(TIGHT_RTOL).atol(TIGHT_ATOL).build();
    Overlaps start = Overlaps.of(Weights.initial(blue));
    KernelResult r = OdeKernel.run(blue, start);
    assertEquals(Status.OK, r.status(), r.message());
    double[] risks = r.risks();
    assertTrue(risks[risks.length - 1] < risks[0] / 1e3, "no noise, no plateau: " + risks[risks.length - 1]);
    assertFollowsReference(blue, start, r, 0.02);
  }

  @Test
  void twoStudentsOnOneTeacherUnitFollowTheReference() {
    // p = 4, k = 2: students 0 and 1 lean towards teacher unit 0, students 2 and 3 towards unit 1;
    // the minimum has them pairwise equal (Q_01 -> Q_00), so Omega has rank k at the end.
    TaskParams params = TaskParams.builder().d(1000).kappa(0).delta(0.5).gamma0(4).p0(4).k(2)
        .noise(0).tMax(3000).odeMode(OdeMode.LIMIT).rtol(TIGHT_RTOL).atol(TIGHT_ATOL)
        .checkpointsPerDecade(5).build();
    Overlaps start = new Overlaps(
        new double[][] {{1, 0.01, 0, 0}, {0.01, 0.9, 0, 0}, {0, 0, 1.1, 0.02}, {0, 0, 0.02, 1}},
        new double[][] {{0.2, 0.01}, {0.1, 0.02}, {0.01, 0.15}, {0.03, 0.25}},
        new double[][] {{1, 0}, {0, 1}});
    KernelResult r = OdeKernel.run(params, start);
    assertEquals(Status.OK, r.status(), r.message());
    double[] q = r.qFinal();
    assertTrue(q[1] / Math.sqrt(q[0] * q[5]) > 0.995, "students 0 and 1 coincide: " + q[1]);
    assertTrue(q[11] / Math.sqrt(q[10] * q[15]) > 0.995, "students 2 and 3 coincide: " + q[11]);
    double[] m = r.mFinal();
    assertTrue(m[0] > 0.9 && m[2] > 0.9 && m[5] > 0.9 && m[7] > 0.9, "on their teacher units");
    assertFollowsReference(params, start, r, 0.025);
  }

  @Test
  void quickstartOdeTasksNeverFailAtAnyTolerance() {
    // the ODE tasks of the quickstart of version 0.1 (driver/src/test/resources/quickstart-0.1.yaml) outside red (red has no ODE), from rtol 1e-6 to 1e-12
    int runs = 0;
    for (int d : new int[] {100, 200, 400}) {
      for (double delta : new double[] {-0.25, 0, 0.25, 0.5}) {
        for (long seed = 0; seed < 3; seed++) {
          for (int e = 6; e <= 12; e++) {
            TaskParams params = TaskParams.builder().d(d).kappa(0).delta(delta).p0(2).k(2)
                .gamma0(2).noise(1e-3).seed(seed).tMax(1000).rtol(Math.pow(10, -e))
                .atol(Math.pow(10, -e - 2)).build();
            KernelResult r = OdeKernel.run(params);
            assertEquals(Status.OK, r.status(), "d = " + d + ", delta = " + delta + ", seed = "
                + seed + ", rtol = 1e-" + e + ": " + r.message());
            runs++;
          }
        }
      }
    }
    assertEquals(3 * 4 * 3 * 7, runs);
  }

  /** The risks of {@code r} against fixed-step RK4 at step {@code h}, itself checked by halving. */
  static void assertFollowsReference(TaskParams params, Overlaps start, KernelResult r, double h) {
    double[] coarse = rk4Risks(params, start, r.times(), h);
    double[] fine = rk4Risks(params, start, r.times(), h / 2);
    double maxRel = 0;
    double maxAbs = 0;
    for (int i = 0; i < fine.length; i++) {
      if (fine[i] < 1e-6) {
        maxAbs = Math.max(maxAbs, Math.abs(r.risks()[i] - fine[i]));
      } else {
        maxRel = Math.max(maxRel, Math.abs(r.risks()[i] - fine[i]) / fine[i]);
      }
    }
    System.out.printf("OdeReferenceTest: largest gap to RK4 (h = %g): %.3g relative, %.3g absolute below 1e-6%n", h / 2, maxRel, maxAbs);
    for (int i = 0; i < fine.length; i++) {
      double t = r.times()[i];
      double step = Math.abs(fine[i] - coarse[i]);
      assertTrue(fine[i] < 1e-6 ? step < 1e-15 : step < 1e-9 * fine[i],
          "the reference's step is too large at t = " + t + ": " + coarse[i] + " -> " + fine[i]);
      double gap = Math.abs(r.risks()[i] - fine[i]);
      assertTrue(fine[i] < 1e-6 ? gap < 1e-12 : gap < 1e-6 * fine[i],
          "t = " + t + ": adaptive " + r.risks()[i] + ", RK4 " + fine[i]);
    }
  }

  /** Classical RK4 with a step of at most {@code h}, landing exactly on each of {@code times}. */
  static double[] rk4Risks(TaskParams params, Overlaps start, double[] times, double h) {
    OverlapEquations eq = OdeKernel.equations(params, start);
    double[] y = eq.state(start);
    int n = y.length;
    double[] k1;
    double[] k2;
    double[] k3;
    double[] k4;
    double[] tmp = new double[n];
    double[] risks = new double[times.length];
    double t = 0;
    for (int c = 0; c < times.length; c++) {
      double span = times[c] - t;
      long m = (long) Math.ceil(span / h - 1e-9);
      double s = m > 0 ? span / m : 0;
      for (long i = 0; i < m; i++) {
        k1 = eq.computeDerivatives(t, y);
        for (int j = 0; j < n; j++) {
          tmp[j] = y[j] + 0.5 * s * k1[j];
        }
        k2 = eq.computeDerivatives(t + 0.5 * s, tmp);
        for (int j = 0; j < n; j++) {
          tmp[j] = y[j] + 0.5 * s * k2[j];
        }
        k3 = eq.computeDerivatives(t + 0.5 * s, tmp);
        for (int j = 0; j < n; j++) {
          tmp[j] = y[j] + s * k3[j];
        }
        k4 = eq.computeDerivatives(t + s, tmp);
        for (int j = 0; j < n; j++) {
          y[j] += s / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
        }
        t += s;
      }
      t = times[c];
      risks[c] = Risk.of(eq.overlaps(y), params.averages());
    }
    return risks;
  }

  private static int indexOf(double[] a, double v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }
}
