package phasesweep.kernels.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import phasesweep.kernels.Checkpoints;
import phasesweep.kernels.Status;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.model.Weights;

/** The ODE kernel's step handler: a step that leaves the domain of covariances. */
class OdeKernelTest {
  private static final TaskParams SMALL = TaskParams.builder().d(300).tMax(20).seed(8).build();

  @Test
  void aStepEndingClearlyOutsideTheDomainFailsAndSaysByHowMuch() {
    // An accepted step that ends with |M_00| > sqrt(Q_00 P_00): Omega's smallest eigenvalue is
    // about -0.3, far below the integrator's error bound of a single step.
    TaskParams params = SMALL.toBuilder().rtol(1e-8).atol(1e-10).build();
    Overlaps start = Overlaps.of(Weights.initial(params));
    OverlapEquations eq = OdeKernel.equations(params, start);
    OdeKernel.CheckpointObserver observer =
        new OdeKernel.CheckpointObserver(eq, Checkpoints.of(params), params);
    double[] y0 = eq.state(start);
    double[] y1 = y0.clone();
    y1[params.p() * (params.p() + 1) / 2] = 1.3; // M_00
    OdeKernel.Stop stop = assertThrows(OdeKernel.Stop.class,
        () -> observer.handleStep(new LinearInterpolator(0.5, y0, 1.0, y1)));
    assertEquals(Status.FAILED, stop.status);
    assertTrue(stop.getMessage().matches(".*smallest eigenvalue of Omega is -0\\.[23]\\d*, below -\\d.*"
        + "at t = 1\\.0"), stop.getMessage());
    // the same step ending inside the domain is recorded
    y1[params.p() * (params.p() + 1) / 2] = 0.5;
    observer.handleStep(new LinearInterpolator(0.5, y0, 1.0, y1));
  }

  /** A step from {@code (t0, y0)} to {@code (t1, y1)} interpolated linearly. */
  private record LinearInterpolator(double t0, double[] y0, double t1, double[] y1)
      implements org.hipparchus.ode.sampling.ODEStateInterpolator {
    @Override
    public org.hipparchus.ode.ODEStateAndDerivative getPreviousState() {
      return getInterpolatedState(t0);
    }

    @Override
    public org.hipparchus.ode.ODEStateAndDerivative getCurrentState() {
      return getInterpolatedState(t1);
    }

    @Override
    public org.hipparchus.ode.ODEStateAndDerivative getInterpolatedState(double t) {
      double s = (t - t0) / (t1 - t0);
      double[] y = new double[y0.length];
      double[] dy = new double[y0.length];
      for (int i = 0; i < y.length; i++) {
        y[i] = y0[i] + s * (y1[i] - y0[i]);
        dy[i] = (y1[i] - y0[i]) / (t1 - t0);
      }
      return new org.hipparchus.ode.ODEStateAndDerivative(t, y, dy);
    }

    @Override
    public boolean isPreviousStateInterpolated() {
      return false;
    }

    @Override
    public boolean isCurrentStateInterpolated() {
      return false;
    }

    @Override
    public boolean isForward() {
      return true;
    }

    @Override
    public org.hipparchus.ode.sampling.ODEStateInterpolator restrictStep(
        org.hipparchus.ode.ODEStateAndDerivative previousState,
        org.hipparchus.ode.ODEStateAndDerivative currentState) {
      return new LinearInterpolator(previousState.getTime(), previousState.getPrimaryState(),
          currentState.getTime(), currentState.getPrimaryState());
    }
  }
}
