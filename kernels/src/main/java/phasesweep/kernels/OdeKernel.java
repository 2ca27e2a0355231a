package phasesweep.kernels;

import java.util.Arrays;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.ode.ODEIntegrator;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.nonstiff.EulerIntegrator;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;

/**
 * The ODE kernel (SPEC §3): integrates the overlaps from a task's initial overlaps with an
 * adaptive Dormand-Prince 8(5,3) integrator and reports the risk at the task's checkpoints from
 * the integrator's dense output. In the red region there is no ODE; the kernel says so.
 *
 * <p>The equations ({@link OverlapEquations}), the integrator and the checkpoint observer
 * ({@link CheckpointObserver}) are kept apart as in Hipparchus' own design.
 */
public final class OdeKernel {
  private OdeKernel() {}

  /** The ODE of a task from the overlaps of its seeded initial weights, where its SGD starts. */
  public static KernelResult run(TaskParams params) {
    return run(params, Overlaps.of(Weights.initial(params)));
  }

  /** The ODE of a task from explicit initial overlaps (whose {@code p, k} must be the task's). */
  public static KernelResult run(TaskParams params, Overlaps initial) {
    Checkpoints checkpoints = Checkpoints.of(params);
    double tEnd = checkpoints.end();
    return run(params, initial, checkpoints,
        new DormandPrince853Integrator(tEnd * 1e-15, tEnd, params.atol(), params.rtol()));
  }

  /**
   * The ODE by explicit Euler with a fixed step, as the public reference implementations
   * integrate it (with the SGD step {@code dt}): the baseline the benchmark compares against.
   */
  public static KernelResult runFixedStepEuler(TaskParams params, Overlaps initial, double step) {
    return run(params, initial, Checkpoints.of(params), new EulerIntegrator(step));
  }

  private static KernelResult run(TaskParams params, Overlaps initial, Checkpoints checkpoints,
      ODEIntegrator integrator) {
    long start = System.nanoTime();
    if (initial.p() != params.p() || initial.k() != params.k()) {
      throw new InvalidParameterException("init_overlaps", "have p = " + initial.p() + ", k = "
          + initial.k() + " but the task has p = " + params.p() + ", k = " + params.k());
    }
    if (!initial.isValidCovariance()) {
      throw new InvalidParameterException("init_overlaps",
          "[[Q, M], [M^T, P]] is not a valid covariance (not symmetric positive semi-definite)");
    }
    if (params.region() == Region.RED) {
      return new KernelResult(Kernel.ODE, Status.NO_ODE,
          "no ODE in the red region: kappa + delta = " + (params.kappa() + params.delta())
              + " <= -1/2, the overlaps do not concentrate (SPEC §3)",
          new double[0], new double[0], initial.qFlat(), initial.mFlat(), params.tMax(), Double.NaN, 0,
          (System.nanoTime() - start) * 1e-9);
    }
    OverlapEquations equations = equations(params, initial);
    CheckpointObserver observer = new CheckpointObserver(equations, checkpoints, params);
    double[] y0 = equations.state(initial);
    observer.record(0, y0);

    double tEnd = checkpoints.end();
    integrator.addStepHandler(observer);
    Status status = Status.OK;
    String message = "";
    double tDiverged = Double.NaN;
    double[] yEnd = y0;
    try {
      if (checkpoints.size() > 1) {
        yEnd = integrator.integrate(equations, new ODEState(0, y0), tEnd).getPrimaryState();
      }
    } catch (Stop stop) {
      status = stop.status;
      message = stop.getMessage();
      tDiverged = stop.status == Status.DIVERGED ? stop.time : Double.NaN;
      yEnd = observer.lastState;
    } catch (MathRuntimeException e) {
      status = Status.FAILED;
      message = "integration failed: " + e.getMessage();
      yEnd = observer.lastState;
    }
    Overlaps end = equations.overlaps(yEnd);
    return new KernelResult(Kernel.ODE, status, message, observer.times(), observer.risks(),
        end.qFlat(), end.mFlat(), params.tMax(), tDiverged, equations.evaluations(),
        (System.nanoTime() - start) * 1e-9);
  }

  /**
   * The equations of a task: {@code aL = gamma / (p d dt)}, {@code aN = gamma^2 / (p^2 d dt)}
   * from the actual {@code d, p, gamma} (finite-d ODE); the limit ODE drops the {@code aN} term
   * in green and the {@code aL} terms in orange (SPEC §3).
   */
  public static OverlapEquations equations(TaskParams params, Overlaps initial) {
    int p = params.p();
    int d = params.d();
    double gamma = params.gamma();
    double dt = params.timeScale();
    double aL = gamma / (p * (double) d * dt);
    double aN = gamma * gamma / ((double) p * p * d * dt);
    if (params.odeMode() == OdeMode.LIMIT) {
      if (params.region() == Region.GREEN) {
        aN = 0;
      } else if (params.region() == Region.ORANGE) {
        aL = 0;
      }
    }
    return new OverlapEquations(params.activation(), initial.teacher(), p, aL, aN, params.noise());
  }

  /** Ends an integration early with a status; thrown by the equations or the observer. */
  static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Status status;
    final double time;

    Stop(Status status, double time, String message) {
      super(message + " at t = " + time, null, false, false);
      this.status = status;
      this.time = time;
    }
  }

  /**
   * Records the risk at every checkpoint a step passes, from the dense output, and ends the run
   * when the state leaves the domain: divergence ({@code max Q_jj} above the bound, SPEC §4) or
   * an overlap matrix that is no longer a valid covariance.
   */
  static final class CheckpointObserver implements ODEStepHandler {
    private final OverlapEquations equations;
    private final Checkpoints checkpoints;
    private final Activation activation;
    private final double bound;
    private final double[] w;
    private final double[][] c;
    private final Overlaps.CovarianceCheck covariance;
    private final double[] times;
    private final double[] risks;
    private int reached;
    double[] lastState;

    CheckpointObserver(OverlapEquations equations, Checkpoints checkpoints, TaskParams params) {
      this.equations = equations;
      this.checkpoints = checkpoints;
      this.activation = params.activation();
      this.bound = params.divergenceBound();
      int n = params.p() + params.k();
      this.w = Risk.residualWeights(params.p(), params.k());
      this.c = new double[n][n];
      // Omega becomes singular where a student learns a teacher unit exactly (green, limit ODE);
      // the integrator's global error then takes its smallest eigenvalue a little below zero.
      // A margin of 1000 x rtol tells that from a state that really left the domain.
      this.covariance = new Overlaps.CovarianceCheck(n,
          Math.max(Overlaps.CovarianceCheck.ROUNDING, 1e3 * params.rtol()));
      this.times = new double[checkpoints.size()];
      this.risks = new double[checkpoints.size()];
    }

    @Override
    public void handleStep(ODEStateInterpolator interpolator) {
      double stepEnd = interpolator.getCurrentState().getTime();
      while (reached < checkpoints.size() && checkpoints.time(reached) <= stepEnd) {
        double t = checkpoints.time(reached);
        record(t, interpolator.getInterpolatedState(t).getPrimaryState());
      }
      ODEStateAndDerivative end = interpolator.getCurrentState();
      check(end.getTime(), end.getPrimaryState());
      lastState = end.getPrimaryState();
    }

    void record(double t, double[] y) {
      check(t, y);
      lastState = y;
      times[reached] = t;
      risks[reached] = Risk.of(c, w, c.length, activation);
      reached++;
    }

    /** Leaves {@code Omega} of {@code y} in {@code c}, or stops the run. */
    private void check(double t, double[] y) {
      double maxNorm = equations.maxStudentNorm(y);
      if (!(maxNorm <= bound)) {
        throw new Stop(Status.DIVERGED, t,
            "max Q_jj = " + maxNorm + " exceeds the divergence bound " + bound);
      }
      equations.covarianceInto(y, c);
      if (!covariance.isValid(c)) {
        throw new Stop(Status.FAILED, t, "the overlaps are no longer a valid covariance");
      }
    }

    double[] times() {
      return Arrays.copyOf(times, reached);
    }

    double[] risks() {
      return Arrays.copyOf(risks, reached);
    }
  }
}
