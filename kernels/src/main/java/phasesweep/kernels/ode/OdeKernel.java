package phasesweep.kernels.ode;

import java.util.Arrays;
import org.hipparchus.analysis.UnivariateFunction;
import org.hipparchus.analysis.solvers.BracketedUnivariateSolver;
import org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.ode.ODEIntegrator;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.events.Action;
import org.hipparchus.ode.events.AdaptableInterval;
import org.hipparchus.ode.events.ODEEventDetector;
import org.hipparchus.ode.events.ODEEventHandler;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.nonstiff.EulerIntegrator;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;
import phasesweep.kernels.Checkpoints;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.KernelResult;
import phasesweep.kernels.OverlapCurve;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.Status;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.averages.Averages;
import phasesweep.kernels.averages.Risk;
import phasesweep.kernels.linalg.CovarianceCheck;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.model.Region;
import phasesweep.kernels.model.Weights;

/**
 * The ODE kernel (docs/physics.md §3): integrates the overlaps from a task's initial overlaps with an
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
    return adaptive(params, initial, Kernel.ODE);
  }

  /**
   * The limit ODE ({@code mode: limit}, docs/physics.md §3) of a task from the overlaps of its
   * seeded initial weights, whatever the task's {@code ode_mode}: what the distance of SGD's
   * overlaps to their limit is measured against (§5).
   */
  public static KernelResult runLimit(TaskParams params) {
    return runLimit(params, Overlaps.of(Weights.initial(params)));
  }

  /** The limit ODE of a task from explicit initial overlaps. */
  public static KernelResult runLimit(TaskParams params, Overlaps initial) {
    TaskParams limit = params.toBuilder().set(Parameter.ODE_MODE, OdeMode.LIMIT).build();
    return adaptive(limit, initial, Kernel.ODE_LIMIT);
  }

  private static KernelResult adaptive(TaskParams params, Overlaps initial, Kernel kernel) {
    Checkpoints checkpoints = Checkpoints.of(params);
    double tEnd = checkpoints.end();
    return run(params, initial, checkpoints,
        new DormandPrince853Integrator(tEnd * 1e-15, tEnd, params.atol(), params.rtol()), kernel);
  }

  /**
   * The ODE by explicit Euler with a fixed step, as the public reference implementations
   * integrate it (with the SGD step {@code dt}): the baseline the benchmark compares against.
   */
  public static KernelResult runFixedStepEuler(TaskParams params, Overlaps initial, double step) {
    return run(params, initial, Checkpoints.of(params), new EulerIntegrator(step), Kernel.ODE);
  }

  /** Integrates, reporting the result as {@code kernel}'s. */
  private static KernelResult run(TaskParams params, Overlaps initial, Checkpoints checkpoints,
      ODEIntegrator integrator, Kernel kernel) {
    long start = System.nanoTime();
    initial.checkStartOf(params);
    if (params.region() == Region.RED) {
      return new KernelResult(kernel, Status.NO_ODE,
          "no ODE in the red region: kappa + delta = " + (params.kappa() + params.delta())
              + " <= -1/2, the overlaps do not concentrate (docs/physics.md §3)",
          new double[0], new double[0], new double[0], new double[0], initial.qFlat(), initial.mFlat(), params.tMax(),
          Double.NaN, 0,
          (System.nanoTime() - start) * 1e-9);
    }
    OverlapEquations equations = equations(params, initial);
    double[] y0 = equations.state(initial);
    if (!(equations.maxStudentNorm(y0) <= params.divergenceBound())) {
      return new KernelResult(kernel, Status.DIVERGED, "max Q_jj = "
          + equations.maxStudentNorm(y0) + " exceeds the divergence bound "
          + params.divergenceBound() + " at t = 0", new double[0], new double[0], new double[0], new double[0],
          initial.qFlat(), initial.mFlat(), params.tMax(), 0, 0, (System.nanoTime() - start) * 1e-9);
    }
    CheckpointObserver observer = new CheckpointObserver(equations, checkpoints, params);
    observer.record(0, y0);
    DivergenceDetector divergence =
        new DivergenceDetector(equations, params.divergenceBound(), checkpoints.end());

    double tEnd = checkpoints.end();
    integrator.addStepHandler(observer);
    integrator.addEventDetector(divergence);
    Status status = Status.OK;
    String message = "";
    double tDiverged = Double.NaN;
    double[] yEnd = y0;
    try {
      if (checkpoints.size() > 1) {
        yEnd = integrator.integrate(equations, new ODEState(0, y0), tEnd).getPrimaryState();
      }
      if (divergence.time >= 0) {
        status = Status.DIVERGED;
        tDiverged = divergence.time;
        // the event is located on the crossing itself, where max Q_jj equals the bound to the
        // solver's accuracy: the message names the bound reached, not that located value
        message = "max Q_jj reached the divergence bound " + Parameter.display(params.divergenceBound())
            + " at t = " + tDiverged;
      }
    } catch (Stop stop) {
      status = stop.status;
      message = stop.getMessage();
      yEnd = observer.lastState;
    } catch (MathRuntimeException e) {
      status = Status.FAILED;
      message = "integration failed: " + e.getMessage();
      yEnd = observer.lastState;
    }
    if (status == Status.OK) {
      String batch = kernel == Kernel.ODE ? largeBatchNote(params) : "";
      String below = observer.belowZeroNote();
      message = batch.isEmpty() ? below : below.isEmpty() ? batch : batch + "; " + below;
    }
    Overlaps end = equations.overlaps(yEnd);
    return new KernelResult(kernel, status, message, observer.times(), observer.risks(), observer.curveQ(),
        observer.curveM(), end.qFlat(), end.mFlat(), params.tMax(), tDiverged, equations.evaluations(),
        (System.nanoTime() - start) * 1e-9);
  }

  /**
   * Where a batch is large enough that a step's second-order terms rival its noise term (the
   * squared mean gradient at least a tenth of it: {@code b - 1 >= d / 10}), the finite-d ODE's
   * flow is not SGD's mean to that order (docs/physics.md §3.1, §3.3): said in an ok run's message,
   * so no table compares SGD with it unwarned. Empty otherwise.
   */
  static String largeBatchNote(TaskParams params) {
    int b = params.batch();
    if (b - 1 < params.d() / 10.0) {
      return "";
    }
    return "a batch of b = " + b + " at d = " + params.d() + " (b - 1 >= d/10): the ODE's flow leaves out a step's "
        + "second-order terms, of the order of its squared-mean-gradient term, so it does not follow SGD's mean "
        + "to that order (at d = b = 400 it missed by 15.7 standard errors of 128 runs); the mean map "
        + "(kernel mean_map) does (docs/physics.md §3.1, §3.3)";
  }

  /**
   * The equations of a task: {@code aL = gamma / (p d dt)}, {@code aN = gamma^2 / (p^2 d b dt)}
   * and {@code aC = gamma^2 (1 - 1/b) / (p^2 d^2 dt)} from the actual {@code d, p, gamma, b}
   * (finite-d ODE); the limit ODE drops the {@code aN} term in green, the {@code aL} terms in
   * orange, and {@code aC} everywhere (docs/physics.md §3, §3.1); the loss and the constraint are
   * the task's (§1.1, §1.2).
   */
  public static OverlapEquations equations(TaskParams params, Overlaps initial) {
    int p = params.p();
    int d = params.d();
    int b = params.batch();
    double gamma = params.gamma();
    double dt = params.timeScale();
    double aL = gamma / (p * (double) d * dt);
    double aN = gamma * gamma / ((double) p * p * d * dt) / b;
    double aC = b == 1 ? 0 : gamma * gamma * (1 - 1.0 / b) / ((double) p * p * d * (double) d * dt);
    if (params.odeMode() == OdeMode.LIMIT) {
      aC = 0;
      if (params.region() == Region.GREEN) {
        aN = 0;
      } else if (params.region() == Region.ORANGE) {
        aL = 0;
      }
    }
    return new OverlapEquations(params.averages(), initial.teacher(), p, aL, aN, aC, params.noise(), params.loss(),
        params.constraint());
  }

  /** Ends an integration early with a status; thrown by the observer. */
  static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Status status;

    Stop(Status status, double time, String message) {
      super(message + " at t = " + time, null, false, false);
      this.status = status;
    }
  }

  /**
   * Divergence (docs/physics.md §4) as an event, {@code g = bound - max_j Q_jj}: Hipparchus locates the
   * first crossing on the dense output and stops there, whatever the checkpoints. It truncates
   * only the step in which the bound is crossed, so the accepted steps of a run that does not
   * diverge are those of the integrator alone.
   */
  static final class DivergenceDetector implements ODEEventDetector {
    private final OverlapEquations equations;
    private final double bound;
    private final BracketedUnivariateSolver<UnivariateFunction> solver;
    /** The time of the crossing, -1 until it happens. */
    double time = -1;
    double norm;

    DivergenceDetector(OverlapEquations equations, double bound, double tEnd) {
      this.equations = equations;
      this.bound = bound;
      this.solver = new BracketingNthOrderBrentSolver(1e-12, 1e-12 * tEnd, 0, 5);
    }

    @Override
    public double g(ODEStateAndDerivative state) {
      return bound - equations.maxStudentNorm(state.getPrimaryState());
    }

    @Override
    public AdaptableInterval getMaxCheckInterval() {
      // g is checked at each step's ends: a norm that crosses the bound and comes back within
      // one accepted step is no divergence.
      return AdaptableInterval.of(Double.MAX_VALUE);
    }

    @Override
    public int getMaxIterationCount() {
      return 100;
    }

    @Override
    public BracketedUnivariateSolver<UnivariateFunction> getSolver() {
      return solver;
    }

    @Override
    public ODEEventHandler getHandler() {
      return (state, detector, increasing) -> {
        time = state.getTime();
        norm = equations.maxStudentNorm(state.getPrimaryState());
        return Action.STOP;
      };
    }
  }

  /**
   * Records the risk at every checkpoint a step passes, from the dense output, and ends the run
   * when an accepted step ends outside the covariance domain.
   *
   * <p>Only accepted step ends are judged, never the interpolated checkpoints, so a run's status
   * does not depend on where it is looked at (docs/physics.md, "The ODE"). The margin below zero
   * allowed to the smallest eigenvalue of {@code Omega} is the integrator's own error bound:
   * Dormand-Prince accepts a step when the RMS over the {@code n} state components of its local
   * error, each scaled by {@code atol + rtol max(|y_i|, |y'_i|)}, is at most 1, so the step's
   * error vector has Euclidean norm at most {@code sqrt(n) max_i tol_i}, and the symmetric error
   * matrix it makes in {@code Omega} (off-diagonal entries twice) has spectral norm at most
   * {@code sqrt(2n) max_i tol_i}. The eigenvalue's error is bounded by that matrix's norm
   * (Weyl), and the run's by the sum over its accepted steps: near a stable fixed point, where
   * {@code Omega} turns singular, errors are damped, so the sum is an upper bound. A state
   * below {@code -bound} has left the domain by more than the integration error can explain.
   */
  static final class CheckpointObserver implements ODEStepHandler {
    private final OverlapEquations equations;
    private final Checkpoints checkpoints;
    private final Averages averages;
    private final double rtol;
    private final double atol;
    private final double stepErrorFactor;
    private final double[] w;
    private final double[][] c;
    private final CovarianceCheck covariance;
    private final double[] times;
    private final double[] risks;
    private final OverlapCurve curve;
    private int reached;
    /** The sum of the accepted steps' error bounds: how far below zero an eigenvalue may go. */
    private double errorBound;
    /** The lowest risk recorded, where it was, and the error bound then. */
    private double lowestRisk = Double.POSITIVE_INFINITY;
    private double lowestAt;
    private double boundAtLowest;
    double[] lastState;

    CheckpointObserver(OverlapEquations equations, Checkpoints checkpoints, TaskParams params) {
      this.equations = equations;
      this.checkpoints = checkpoints;
      this.averages = params.averages();
      this.rtol = params.rtol();
      this.atol = params.atol();
      this.stepErrorFactor = Math.sqrt(2.0 * equations.getDimension());
      int n = params.p() + params.k();
      this.w = Risk.residualWeights(params.p(), params.k());
      this.c = new double[n][n];
      this.covariance = new CovarianceCheck(n);
      this.times = new double[checkpoints.size()];
      this.risks = new double[checkpoints.size()];
      this.curve = new OverlapCurve(checkpoints.size(), params.p(), params.k());
    }

    @Override
    public void handleStep(ODEStateInterpolator interpolator) {
      double[] start = interpolator.getPreviousState().getPrimaryState();
      ODEStateAndDerivative end = interpolator.getCurrentState();
      double[] y = end.getPrimaryState();
      double maxTol = 0;
      for (int i = 0; i < y.length; i++) {
        maxTol = Math.max(maxTol, atol + rtol * Math.max(Math.abs(start[i]), Math.abs(y[i])));
      }
      errorBound += stepErrorFactor * maxTol;
      equations.covarianceInto(y, c);
      if (!covariance.isValid(c, errorBound)) {
        throw new Stop(Status.FAILED, end.getTime(), outsideDomain());
      }
      double stepEnd = end.getTime();
      while (reached < checkpoints.size() && checkpoints.time(reached) <= stepEnd) {
        double t = checkpoints.time(reached);
        record(t, interpolator.getInterpolatedState(t).getPrimaryState());
      }
      lastState = y;
    }

    private String outsideDomain() {
      for (double[] row : c) {
        for (double v : row) {
          if (!Double.isFinite(v)) {
            return "the overlaps are not finite";
          }
        }
      }
      return "the overlaps are no longer a valid covariance: the smallest eigenvalue of Omega is "
          + CovarianceCheck.smallestEigenvalue(c, c.length) + ", below -" + covariance.margin(c, errorBound)
          + " (the integrator's error bound)";
    }

    void record(double t, double[] y) {
      equations.covarianceInto(y, c);
      double risk = Risk.of(c, w, c.length, averages);
      if (!Double.isFinite(risk)) {
        throw new Stop(Status.FAILED, t, "the risk is not finite");
      }
      lastState = y;
      if (risk < lowestRisk) {
        lowestRisk = risk;
        lowestAt = t;
        boundAtLowest = errorBound;
      }
      times[reached] = t;
      risks[reached] = risk;
      curve.record(reached, c);
      reached++;
    }

    /**
     * An ok run whose risk went below zero: a risk is an expectation of a square, so a negative
     * value is the integration's error where the true risk is near zero (no noise, perfect
     * learning). Omega was then within the integrator's error bound of the covariances (else the
     * run failed, {@link #handleStep}), so it is within the integration error: said in the
     * run's message, with the value and the bound, never hidden (docs/physics.md, "The ODE"); the
     * fits leave such checkpoints out and say so. Empty when the risk stayed at or above zero.
     */
    String belowZeroNote() {
      if (!(lowestRisk < 0)) {
        return "";
      }
      return "the risk went below zero, to " + (float) lowestRisk + " at t = " + (float) lowestAt
          + ", with Omega within the integrator's error bound (" + (float) boundAtLowest + ") of the covariances: "
          + "an integration error where the risk is near zero, not a risk (docs/physics.md, \"The ODE\")";
    }

    double[] times() {
      return Arrays.copyOf(times, reached);
    }

    double[] risks() {
      return Arrays.copyOf(risks, reached);
    }

    double[] curveQ() {
      return curve.q(reached);
    }

    double[] curveM() {
      return curve.m(reached);
    }
  }
}
