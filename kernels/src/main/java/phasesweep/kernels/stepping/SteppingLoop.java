package phasesweep.kernels.stepping;

import java.util.Arrays;
import phasesweep.kernels.Checkpoints;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.KernelResult;
import phasesweep.kernels.OverlapCurve;
import phasesweep.kernels.Status;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.averages.Averages;
import phasesweep.kernels.averages.Risk;
import phasesweep.kernels.model.Overlaps;

/**
 * The one loop the stepping kernels run (docs/physics.md §4): a {@link Stepper} advanced from one
 * of the task's checkpoints to the next, the exact risk of its overlaps recorded at each, stopped
 * at a divergence or a failure. The kernels differ in how they step, never in what a run reports.
 */
public final class SteppingLoop {
  private SteppingLoop() {}

  /** Runs {@code stepper} to the task's {@code t_max}, reporting as {@code kernel}. */
  public static KernelResult run(Kernel kernel, TaskParams params, Averages averages, Stepper stepper) {
    long start = System.nanoTime();
    Checkpoints checkpoints = Checkpoints.of(params);
    int p = params.p();
    int k = params.k();
    double[] w = Risk.residualWeights(p, k);
    double[] times = new double[checkpoints.size()];
    double[] risks = new double[checkpoints.size()];
    OverlapCurve curve = new OverlapCurve(checkpoints.size(), p, k);
    double[][] omega = stepper.covariance();
    risks[0] = Risk.of(omega, w, p + k, averages);
    curve.record(0, omega);
    int reached = 1;
    for (int i = 1; i < checkpoints.size() && !stopped(stepper); i++) {
      stepper.advance(checkpoints.step(i) - stepper.step());
      if (stopped(stepper)) {
        break;
      }
      omega = stepper.covariance();
      times[i] = checkpoints.time(i);
      risks[i] = Risk.of(omega, w, p + k, averages);
      curve.record(i, omega);
      reached++;
    }
    Overlaps end = stepper.overlaps();
    boolean diverged = stepper.diverged();
    String failure = stepper.failure();
    if (!failure.isEmpty()) {
      return new KernelResult(kernel, Status.FAILED, failure, Arrays.copyOf(times, reached),
          Arrays.copyOf(risks, reached), curve.q(reached), curve.m(reached), end.qFlat(), end.mFlat(), params.tMax(),
          Double.NaN, stepper.step(), (System.nanoTime() - start) * 1e-9);
    }
    return new KernelResult(kernel, diverged ? Status.DIVERGED : Status.OK, stepper.divergence(),
        Arrays.copyOf(times, reached), Arrays.copyOf(risks, reached), curve.q(reached), curve.m(reached),
        end.qFlat(), end.mFlat(), params.tMax(), diverged ? stepper.step() * params.timeScale() : Double.NaN,
        stepper.step(), (System.nanoTime() - start) * 1e-9);
  }

  private static boolean stopped(Stepper stepper) {
    return stepper.diverged() || !stepper.failure().isEmpty();
  }
}
