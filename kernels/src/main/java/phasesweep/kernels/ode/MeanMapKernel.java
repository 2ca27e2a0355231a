package phasesweep.kernels.ode;

import phasesweep.kernels.Kernel;
import phasesweep.kernels.KernelResult;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.Status;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.linalg.CovarianceCheck;
import phasesweep.kernels.model.Constraint;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.model.Region;
import phasesweep.kernels.model.Weights;
import phasesweep.kernels.stepping.Stepper;
import phasesweep.kernels.stepping.SteppingLoop;

/**
 * The mean map (docs/physics.md §3.3): the deterministic recursion
 * {@code Omega_{nu+1} = Omega_nu + E[one step's increment | Omega_nu]}, one iteration per SGD
 * step (of {@code b} samples). The mean increment is the finite-d ODE's right-hand side times
 * {@code dt} (§3, §3.1: the drift, the noise term {@code / b}, and with a batch the squared mean
 * gradient), with the task's loss (§1.1), whatever the task's {@code ode_mode}; on the sphere
 * (§1.2) the stepped state is rescaled to {@code Q_jj = 1} exactly. Where a step is not small (a batch of order {@code d} and more) this, not the
 * ODE's flow, is what the mean of SGD follows: the flow over {@code dt} differs from one step by
 * the step's own second-order term, of the squared mean gradient's order.
 *
 * <p>Its checkpoints, risk and divergence are {@link SteppingLoop}'s, as for the SGD kernels; a
 * state that leaves the covariances (by more than rounding) ends the run as {@code failed}.
 */
public final class MeanMapKernel implements Stepper {
  private final OverlapEquations equations;
  private final double dt;
  private final double bound;
  private final double[] y;
  private final double[] increment;
  private final double[][] omega;
  private final CovarianceCheck covariance;
  private final boolean sphere;
  private long step;
  private String divergence = "";
  private String failure = "";

  /** The map from explicit initial overlaps (whose {@code p, k} must be the task's). */
  public MeanMapKernel(TaskParams params, Overlaps initial) {
    initial.checkStartOf(params);
    // on the sphere the map rescales the stepped state exactly (see advance), so it takes the
    // unconstrained increments
    this.sphere = params.constraint() == Constraint.SPHERE;
    TaskParams finite = params.toBuilder().set(Parameter.ODE_MODE, OdeMode.FINITE)
        .set(Parameter.CONSTRAINT, Constraint.NONE).build();
    this.equations = OdeKernel.equations(finite, initial);
    this.dt = params.timeScale();
    this.bound = params.divergenceBound();
    this.y = equations.state(initial);
    this.increment = new double[y.length];
    int n = params.p() + params.k();
    this.omega = new double[n][n];
    this.covariance = new CovarianceCheck(n);
    equations.covarianceInto(y, omega);
    if (!(equations.maxStudentNorm(y) <= bound)) {
      divergence = "max Q_jj = " + equations.maxStudentNorm(y) + " exceeds the divergence bound " + bound + " at step 0";
    }
  }

  /** The mean map of a task from the overlaps of its seeded initial weights, where its SGD starts. */
  public static KernelResult run(TaskParams params) {
    return run(params, Overlaps.of(Weights.initial(params)));
  }

  /** The mean map of a task from explicit initial overlaps. */
  public static KernelResult run(TaskParams params, Overlaps initial) {
    MeanMapKernel map = new MeanMapKernel(params, initial);
    if (!definedAt(params)) {
      return new KernelResult(Kernel.MEAN_MAP, Status.NO_ODE, "no mean map: kappa + delta = "
          + (params.kappa() + params.delta()) + " <= -(1 + beta/2) = " + fluctuationBoundary(params.beta())
          + ", a step's fluctuations d^-(1 + kappa + delta + beta/2) do not vanish, so the overlaps do not "
          + "follow their mean (docs/physics.md §3.3)",
          new double[0], new double[0], new double[0], new double[0], initial.qFlat(), initial.mFlat(), params.tMax(),
          Double.NaN, 0, 0);
    }
    return SteppingLoop.run(Kernel.MEAN_MAP, params, params.averages(), map);
  }

  /**
   * The {@code kappa + delta} below which a step's fluctuations, {@code gamma/(p d sqrt b)}, do not
   * vanish: {@code -(1 + beta/2)} (docs/physics.md §3.3).
   */
  public static double fluctuationBoundary(double beta) {
    return -(1 + beta / 2);
  }

  /** Whether the map runs at the task's settings: above {@link #fluctuationBoundary} (by more than rounding). */
  public static boolean definedAt(TaskParams params) {
    return params.kappa() + params.delta() > fluctuationBoundary(params.beta()) + Region.BOUNDARY_TOLERANCE;
  }

  @Override
  public long advance(long steps) {
    long taken = 0;
    while (taken < steps && divergence.isEmpty() && failure.isEmpty()) {
      boolean finite = equations.derivativesInto(y, increment);
      step++;
      taken++;
      if (!finite) {
        failure = "the mean increment is not finite at step " + step;
        break;
      }
      for (int i = 0; i < y.length; i++) {
        y[i] += dt * increment[i];
      }
      if (sphere) {
        equations.toSphere(y);
      }
      equations.covarianceInto(y, omega);
      double max = equations.maxStudentNorm(y);
      if (!(max <= bound)) {
        divergence = "max Q_jj = " + max + " exceeds the divergence bound " + bound + " at step " + step;
      } else if (!covariance.isValid(omega, 0)) {
        failure = "the overlaps are no longer a valid covariance at step " + step + ": the smallest eigenvalue of "
            + "Omega is " + CovarianceCheck.smallestEigenvalue(omega, omega.length);
      }
    }
    return taken;
  }

  @Override
  public double[][] covariance() {
    return omega;
  }

  @Override
  public Overlaps overlaps() {
    return equations.overlaps(y);
  }

  @Override
  public long step() {
    return step;
  }

  @Override
  public boolean diverged() {
    return !divergence.isEmpty();
  }

  @Override
  public String divergence() {
    return divergence;
  }

  @Override
  public String failure() {
    return failure;
  }
}
