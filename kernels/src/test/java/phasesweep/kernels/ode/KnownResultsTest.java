package phasesweep.kernels.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import phasesweep.kernels.KernelResult;
import phasesweep.kernels.Status;
import phasesweep.kernels.TaskParams;

/** The known results of docs/physics.md §5, with the finite-d ODE ({@code erf, k = 4, p = 8, gamma0 = 8}). */
class KnownResultsTest {
  private static TaskParams.Builder paper() {
    return TaskParams.builder().k(4).p0(8).gamma0(8).seed(1).tMax(1e4).checkpointsPerDecade(5);
  }

  private static double tail(TaskParams params) {
    KernelResult r = OdeKernel.run(params);
    assertEquals(Status.OK, r.status(), r.message());
    return r.riskTail();
  }

  @Test
  void blueLinePlateauIsAboutATenthOfDeltaIndependentOfDAndProportionalToDelta() {
    double small = tail(paper().d(1000).noise(1e-3).build());
    double smallOtherD = tail(paper().d(100).noise(1e-3).build());
    double large = tail(paper().d(1000).noise(1e-2).build());
    double ratio = small / 1e-3;
    assertTrue(ratio > 0.07 && ratio < 0.15, "plateau / Delta = " + ratio + ", expected about 0.1");
    assertEquals(1, smallOtherD / small, 0.05, "plateau at d = 100 vs d = 1000");
    assertEquals(10, large / small, 1.0, "plateau at Delta = 1e-2 vs 1e-3");
  }

  @Test
  void blueLineWithoutNoiseKeepsFalling() {
    KernelResult r = OdeKernel.run(paper().d(1000).noise(0).build());
    assertEquals(Status.OK, r.status(), r.message());
    double[] t = r.times();
    double[] risk = r.risks();
    double at1000 = Double.NaN;
    for (int i = 0; i < t.length; i++) {
      if (Math.abs(t[i] - 1000) < 1e-6) {
        at1000 = risk[i];
      }
    }
    assertTrue(r.riskFinal() < 1e-5 && r.riskFinal() < at1000 / 3,
        "with Delta = 0 the risk should keep falling below the noisy plateau: R(1e3) = " + at1000
            + ", R(1e4) = " + r.riskFinal());
  }

  /**
   * Least-squares slope of {@code log R(t_max)} on {@code log d}. The residual is read at
   * {@code t_max}, not as the tail mean: with {@code p > k} the approach to the residual is slow,
   * and at {@code d = 1600} the risk at {@code t_max/sqrt 10} is still 1.5 times its final value,
   * which biases a tail mean towards a shallower slope (-0.36 instead of -0.49 here).
   */
  private static double slope(double delta, int[] ds) {
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int d : ds) {
      double x = Math.log(d);
      KernelResult r = OdeKernel.run(paper().d(d).delta(delta).noise(1e-3).build());
      assertEquals(Status.OK, r.status(), r.message());
      double y = Math.log(r.riskFinal());
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    int n = ds.length;
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
  }

  @Test
  void greenResidualRiskFallsLikeDToMinusDelta() {
    int[] ds = {100, 400, 1600};
    double half = slope(0.5, ds);
    assertEquals(-0.5, half, 0.05, "slope at delta = 1/2");
    double quarter = slope(0.25, ds);
    assertEquals(-0.25, quarter, 0.05, "slope at delta = 1/4");
  }

  @Test
  void limitAndFiniteOdeApproachEachOtherAsDGrows() {
    double previous = Double.POSITIVE_INFINITY;
    for (int d : new int[] {100, 1000, 10000}) {
      TaskParams finite = TaskParams.builder().d(d).delta(0.5).p0(2).k(2).gamma0(2).noise(1e-2)
          .seed(4).tMax(300).checkpointsPerDecade(5).build();
      KernelResult f = OdeKernel.run(finite);
      KernelResult l = OdeKernel.run(finite.toBuilder().odeMode(OdeMode.LIMIT).build());
      assertEquals(Status.OK, f.status(), f.message());
      assertEquals(Status.OK, l.status(), l.message());
      double gap = 0;
      for (int i = 0; i < f.risks().length; i++) {
        gap = Math.max(gap, Math.abs(f.risks()[i] - l.risks()[i]));
      }
      assertTrue(gap > 0, "finite and limit ODE coincide at d = " + d);
      assertTrue(gap < 0.7 * previous, "gap at d = " + d + " is " + gap + ", before " + previous);
      previous = gap;
    }
  }
}
