package phasesweep.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import phasesweep.kernels.averages.Risk;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.model.Weights;
import phasesweep.kernels.ode.OdeKernel;
import phasesweep.kernels.sgd.OverlapChainKernel;
import phasesweep.kernels.sgd.SgdKernel;

/**
 * Linear activation, where everything is exact. All students receive the same update, so only
 * the mean student {@code wbar = (1/p) sum_j w_j} matters, and with {@code v = wbar - wbar*},
 * {@code R = |v|^2 / (2d)}. Writing {@code r = 2R}:
 *
 * <ul>
 *   <li>SGD, exactly in expectation over the fresh sample ({@code E (v.x)^2 |x|^2 = |v|^2 (d+2)},
 *       {@code E zeta^2 |x|^2 = d}): {@code E r' = rho r + gamma^2 Delta / (p^2 d)} with
 *       {@code rho = 1 - 2 gamma/(p d) + gamma^2 (d+2)/(p^2 d^2)}, so
 *       {@code E R_nu = R_inf + (R_0 - R_inf) rho^nu}, {@code R_inf = gamma^2 Delta / (2 p^2 d (1-rho))}.
 *   <li>The ODE (which replaces {@code |x|^2/d} by 1): {@code dR/dt = -2 aL R + aN (R + Delta/2)},
 *       so {@code R(t) = R_inf + (R_0 - R_inf) exp(-(2 aL - aN) t)},
 *       {@code R_inf = aN Delta / (2 (2 aL - aN))}.
 * </ul>
 */
class LinearExactTest {
  private static final TaskParams PARAMS = TaskParams.builder()
      .activation(Activation.LINEAR).d(400).p0(2).k(2).gamma0(1).noise(0.02).seed(5)
      .tMax(8).checkpointsPerDecade(10).rtol(1e-11).atol(1e-13).build();

  private static double exactOde(double r0, double t) {
    double dt = PARAMS.timeScale();
    int p = PARAMS.p();
    int d = PARAMS.d();
    double g = PARAMS.gamma();
    double aL = g / (p * d * dt);
    double aN = g * g / (p * p * d * dt);
    double rate = 2 * aL - aN;
    double rInf = aN * PARAMS.noise() / (2 * rate);
    return rInf + (r0 - rInf) * Math.exp(-rate * t);
  }

  private static double exactSgdMean(double r0, long steps) {
    int p = PARAMS.p();
    double d = PARAMS.d();
    double g = PARAMS.gamma();
    double rho = 1 - 2 * g / (p * d) + g * g * (d + 2) / (p * p * d * d);
    double rInf = g * g * PARAMS.noise() / (2 * p * p * d * (1 - rho));
    return rInf + (r0 - rInf) * Math.pow(rho, steps);
  }

  @Test
  void odeFollowsItsExactSolution() {
    KernelResult ode = OdeKernel.run(PARAMS);
    assertEquals(Status.OK, ode.status(), ode.message());
    double r0 = ode.riskInit();
    for (int i = 0; i < ode.times().length; i++) {
      double exact = exactOde(r0, ode.times()[i]);
      assertEquals(exact, ode.risks()[i], 1e-8 * r0, "t = " + ode.times()[i]);
    }
    // the curve must actually move: from R_0 down near R_inf
    assertTrue(ode.riskFinal() < 0.05 * r0, "risk did not fall: " + ode.riskFinal() + " from " + r0);
  }

  @Test
  void sgdAveragedOverSamplesMatchesExactMeanAndOde() {
    Weights w0 = Weights.initial(PARAMS);
    int runs = 100;
    Checkpoints cps = Checkpoints.of(PARAMS);
    MonteCarlo.Moments[] m = new MonteCarlo.Moments[cps.size()];
    for (int i = 0; i < m.length; i++) {
      m[i] = new MonteCarlo.Moments();
    }
    for (int s = 0; s < runs; s++) {
      KernelResult sgd = new SgdKernel(PARAMS, w0, Streams.of(1000 + s, Streams.SAMPLES)).run();
      assertEquals(Status.OK, sgd.status(), sgd.message());
      for (int i = 0; i < m.length; i++) {
        m[i].add(sgd.risks()[i]);
      }
    }
    KernelResult ode = OdeKernel.run(PARAMS);
    double r0 = ode.riskInit();
    long[] steps = cps.steps();
    for (int i = 1; i < m.length; i++) {
      double se = m[i].standardError();
      double exact = exactSgdMean(r0, steps[i]);
      double z = (m[i].mean() - exact) / se;
      assertTrue(Math.abs(z) <= 4, "SGD mean vs exact mean at step " + steps[i] + ": " + m[i].mean()
          + " vs " + exact + " (z = " + z + ")");
      // SGD against the ODE: 4 standard errors plus the known O(1/d) gap between the exact
      // discrete mean and the ODE (|x|^2/d replaced by 1, steps by a flow).
      double gap = Math.abs(exact - exactOde(r0, ode.times()[i]));
      assertTrue(Math.abs(m[i].mean() - ode.risks()[i]) <= 4 * se + gap,
          "SGD mean vs ODE at t = " + ode.times()[i] + ": " + m[i].mean() + " vs " + ode.risks()[i]
              + " (se " + se + ", gap " + gap + ")");
    }
  }

  @Test
  void overlapChainAveragedOverSamplesMatchesTheExactMeanOfDiscreteSgd() {
    Overlaps o0 = Overlaps.of(Weights.initial(PARAMS));
    int runs = 100;
    Checkpoints cps = Checkpoints.of(PARAMS);
    MonteCarlo.Moments[] m = new MonteCarlo.Moments[cps.size()];
    for (int i = 0; i < m.length; i++) {
      m[i] = new MonteCarlo.Moments();
    }
    for (int s = 0; s < runs; s++) {
      KernelResult chain = new OverlapChainKernel(PARAMS, o0, Streams.of(2000 + s, Streams.SAMPLES)).run();
      assertEquals(Status.OK, chain.status(), chain.message());
      for (int i = 0; i < m.length; i++) {
        m[i].add(chain.risks()[i]);
      }
    }
    double r0 = Risk.of(o0, PARAMS.averages());
    long[] steps = cps.steps();
    for (int i = 1; i < m.length; i++) {
      double z = (m[i].mean() - exactSgdMean(r0, steps[i])) / m[i].standardError();
      assertTrue(Math.abs(z) <= 4, "chain mean vs exact mean at step " + steps[i] + ": " + m[i].mean()
          + " vs " + exactSgdMean(r0, steps[i]) + " (z = " + z + ")");
    }
  }
}
