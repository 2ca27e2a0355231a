package phasesweep.driver.bench;

import phasesweep.kernels.KernelResult;
import phasesweep.kernels.Status;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.linalg.CovarianceCheck;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.model.Weights;
import phasesweep.kernels.ode.OdeKernel;
import phasesweep.kernels.ode.OverlapEquations;

/** Wall time and accuracy of the ODE kernel, against fixed-step Euler and a fine reference. */
public final class OdeBench {
  /** One integration: its wall time, cost, and error against the reference. */
  public record Run(String method, double tEnd, double wallSeconds, long evaluations, double maxRelativeError) {}

  /** A blue-line task and how the integrators fare on it. */
  public record Result(int p, int k, int d, double tMax, Run adaptive, Run reference, Run euler,
      double eulerProjectedSeconds, double speedup) {}

  /** Right-hand-side cost with shared work against the naive sums. */
  public record Rhs(int p, int k, double fastMicros, double naiveMicros, double speedup) {}

  /**
   * The domain check of an accepted step (a Cholesky decomposition of {@code Omega} plus the
   * margin) against one right-hand side; a step costs at least 12 right-hand sides, so
   * {@code ratio} bounds the check's share of a step from above.
   */
  public record DomainCheck(int p, int k, double checkMicros, double rhsMicros, double ratio) {}

  private OdeBench() {}

  /** The blue-line task of the paper's setting ({@code gamma0 = p}, {@code Delta = 1e-3}). */
  static TaskParams blue(int p, int k, int d, double tMax) {
    return TaskParams.builder().d(d).p0(p).k(k).gamma0(p).noise(1e-3).seed(1).tMax(tMax)
        .checkpointsPerDecade(10).build();
  }

  /**
   * Adaptive (default tolerances) and Euler at the SGD step {@code 1/d}, both scored against
   * Dormand-Prince at {@code rtol = 1e-12}. Euler runs to {@code eulerTMax} (at most
   * {@code tMax}); its time to {@code tMax} is then projected from its cost per step, which is
   * constant for a fixed step.
   */
  public static Result measure(int p, int k, int d, double tMax, double eulerTMax) {
    TaskParams params = blue(p, k, d, tMax);
    Overlaps start = Overlaps.of(Weights.initial(params));
    KernelResult reference = OdeKernel.run(params.toBuilder().rtol(1e-12).atol(1e-15).build(), start);
    OdeKernel.run(params.toBuilder().tMax(1).build(), start); // warm-up
    KernelResult adaptive = OdeKernel.run(params, start);
    double eulerEnd = Math.min(tMax, eulerTMax);
    TaskParams eulerParams = params.toBuilder().tMax(eulerEnd).build();
    KernelResult euler = OdeKernel.runFixedStepEuler(eulerParams, start, 1.0 / d);
    Run a = run("dormand-prince-8(5,3) rtol " + params.rtol(), adaptive, reference);
    Run r = run("dormand-prince-8(5,3) rtol 1e-12 (reference)", reference, reference);
    Run e = run("euler dt = 1/d", euler, reference);
    double projected = euler.wallSeconds() * tMax / eulerEnd;
    return new Result(p, k, d, tMax, a, r, e, projected, projected / adaptive.wallSeconds());
  }

  private static Run run(String method, KernelResult r, KernelResult reference) {
    if (r.status() != Status.OK) {
      throw new IllegalStateException(method + " ended " + r.status().id() + ": " + r.message());
    }
    double err = 0;
    for (int i = 0; i < r.times().length; i++) {
      if (r.times()[i] != reference.times()[i]) {
        throw new IllegalStateException("checkpoints differ");
      }
      err = Math.max(err, Math.abs(r.risks()[i] - reference.risks()[i]) / Math.abs(reference.risks()[i]));
    }
    double tEnd = r.times()[r.times().length - 1];
    return new Run(method, tEnd, r.wallSeconds(), r.steps(), err);
  }

  /**
   * A student-teacher pair of activations (docs/physics.md §2.1): microseconds per right-hand side
   * at {@code p = k = 2} and {@code p = 8, k = 4}, each against erf learning erf at the same state,
   * and the ODE's wall time to {@code t_max} on the blue line at {@code p = k = 2}.
   */
  public record Pair(String student, String teacher, double rhs22Micros, double rhs22VsErf, double rhs84Micros,
      double rhs84VsErf, double tMax, double odeSeconds, long evaluations, String status) {}

  /** The right-hand side of every pair against erf's, and the blue-line ODE's wall time to {@code tMax}. */
  public static Pair pair(Activation student, Activation teacher, double tMax, double seconds) {
    double erf22 = rhsMicros(Activation.ERF, Activation.ERF, 2, 2, seconds);
    double erf84 = rhsMicros(Activation.ERF, Activation.ERF, 8, 4, seconds);
    double rhs22 = rhsMicros(student, teacher, 2, 2, seconds);
    double rhs84 = rhsMicros(student, teacher, 8, 4, seconds);
    TaskParams params = blue(2, 2, 1000, tMax).toBuilder().activation(student).teacherActivation(teacher).build();
    KernelResult r = OdeKernel.run(params);
    return new Pair(student.id(), teacher.id(), rhs22, rhs22 / erf22, rhs84, rhs84 / erf84, tMax, r.wallSeconds(),
        r.steps(), r.status().id());
  }

  private static double rhsMicros(Activation student, Activation teacher, int p, int k, double seconds) {
    TaskParams params = blue(p, k, 1000, 1).toBuilder().activation(student).teacherActivation(teacher).build();
    Overlaps o = awayFromStart(params);
    OverlapEquations eq = OdeKernel.equations(params, o);
    double[] y = eq.state(o);
    return perCall(() -> eq.computeDerivatives(0, y), seconds) * 1e6;
  }

  /** The overlaps of the task's initial weights with each of the first students moved halfway to its teacher. */
  private static Overlaps awayFromStart(TaskParams params) {
    Weights w = Weights.initial(params);
    for (int j = 0; j < Math.min(params.p(), params.k()); j++) {
      for (int i = 0; i < params.d(); i++) {
        w.student()[j][i] += 0.5 * w.teacher()[j][i];
      }
    }
    return Overlaps.of(w);
  }

  /** Microseconds per right-hand side, shared-work and naive, at a state away from the start. */
  public static Rhs rhs(int p, int k, double seconds) {
    TaskParams params = blue(p, k, 1000, 1);
    Overlaps o = awayFromStart(params);
    OverlapEquations eq = OdeKernel.equations(params, o);
    double[] y = eq.state(o);
    double fast = perCall(() -> eq.computeDerivatives(0, y), seconds);
    double naive = perCall(() -> eq.naiveDerivatives(y), seconds);
    return new Rhs(p, k, fast * 1e6, naive * 1e6, naive / fast);
  }

  /** Microseconds per domain check and per right-hand side at the same state. */
  public static DomainCheck domainCheck(int p, int k, double seconds) {
    TaskParams params = blue(p, k, 1000, 1);
    Overlaps o = Overlaps.of(Weights.initial(params));
    OverlapEquations eq = OdeKernel.equations(params, o);
    double[] y = eq.state(o);
    double[][] c = new double[p + k][p + k];
    CovarianceCheck check = new CovarianceCheck(p + k);
    boolean[] valid = new boolean[1];
    double checkSeconds = perCall(() -> {
      o.covarianceInto(c);
      valid[0] = check.isValid(c, 1e-8);
    }, seconds);
    if (!valid[0]) {
      throw new IllegalStateException("the initial overlaps failed the domain check");
    }
    double rhsSeconds = perCall(() -> eq.computeDerivatives(0, y), seconds);
    return new DomainCheck(p, k, checkSeconds * 1e6, rhsSeconds * 1e6, checkSeconds / rhsSeconds);
  }

  private static double perCall(Runnable call, double seconds) {
    for (int i = 0; i < 3; i++) {
      call.run();
    }
    double[] samples = new double[5];
    for (int r = 0; r < samples.length; r++) {
      long start = System.nanoTime();
      long end = start + (long) (seconds / samples.length * 1e9);
      long n = 0;
      long now;
      do {
        call.run();
        n++;
        now = System.nanoTime();
      } while (now < end);
      samples[r] = (now - start) * 1e-9 / n;
    }
    return Timing.of(samples).median();
  }
}
