package phasesweep.kernels.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phasesweep.kernels.KernelResult;
import phasesweep.kernels.MonteCarlo;
import phasesweep.kernels.Status;
import phasesweep.kernels.Streams;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.linalg.Vectors;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Constraint;
import phasesweep.kernels.model.Loss;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.model.Weights;
import phasesweep.kernels.sgd.SgdKernel;

/**
 * The ODE of the correlation loss and of the sphere (docs/physics.md §1.1, §1.2, §3.2) against
 * three independent references: the mean of one SGD step's increment by Monte Carlo, written here
 * from the step's definition (the exact rescaling to the sphere, not its first-order form); a
 * fixed-step RK4 integration of the same equations; and the mean risk of the full SGD over 32
 * seeds.
 */
class LossAndSphereTest {

  static TaskParams task(Activation a, Loss loss, Constraint c, int d) {
    return TaskParams.builder().activation(a).d(d).p0(2).k(2).gamma0(2).noise(1e-3).seed(11).m0(3)
        .loss(loss).constraint(c).tMax(10).checkpointsPerDecade(5).build();
  }

  /**
   * One step from the seeded weights, its increment of {@code Q} and {@code M} averaged over
   * {@code samples} inputs: each entry's mean and standard error, {@code Q}'s upper triangle then
   * {@code M}, the ODE's state order.
   */
  static MonteCarlo.Moments[] oneStepIncrements(TaskParams t, int samples) {
    Weights w = Weights.initial(t);
    int d = t.d();
    int p = t.p();
    int k = t.k();
    Activation sigma = t.activation();
    Activation g = t.teacherActivation();
    double gamma = t.gamma();
    Overlaps before = Overlaps.of(w);
    ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(Streams.of(99, Streams.SAMPLES));
    int dim = p * (p + 1) / 2 + p * k;
    MonteCarlo.Moments[] m = new MonteCarlo.Moments[dim];
    for (int i = 0; i < dim; i++) {
      m[i] = new MonteCarlo.Moments();
    }
    double[] x = new double[d];
    double[][] next = new double[p][d];
    for (int s = 0; s < samples; s++) {
      for (int i = 0; i < d; i++) {
        x[i] = gauss.sample();
      }
      double y = Math.sqrt(t.noise()) * gauss.sample();
      for (int r = 0; r < k; r++) {
        y += g.sigma(Vectors.dot(w.teacher()[r], x, d) / Math.sqrt(d)) / k;
      }
      double f = 0;
      double[] lambda = new double[p];
      for (int j = 0; j < p; j++) {
        lambda[j] = Vectors.dot(w.student()[j], x, d) / Math.sqrt(d);
        f += sigma.sigma(lambda[j]) / p;
      }
      double error = t.loss() == Loss.CORRELATION ? y : y - f;
      for (int j = 0; j < p; j++) {
        double a = gamma / (p * Math.sqrt(d)) * error * sigma.sigmaPrime(lambda[j]);
        double norm = 0;
        for (int i = 0; i < d; i++) {
          next[j][i] = w.student()[j][i] + a * x[i];
          norm += next[j][i] * next[j][i];
        }
        if (t.constraint() == Constraint.SPHERE) {
          double scale = Math.sqrt(d / norm);
          for (int i = 0; i < d; i++) {
            next[j][i] *= scale;
          }
        }
      }
      Overlaps after = Overlaps.of(new Weights(w.teacher(), next));
      int i = 0;
      for (int j = 0; j < p; j++) {
        for (int l = j; l < p; l++) {
          m[i++].add(after.q()[j][l] - before.q()[j][l]);
        }
      }
      for (int j = 0; j < p; j++) {
        for (int r = 0; r < k; r++) {
          m[i++].add(after.m()[j][r] - before.m()[j][r]);
        }
      }
    }
    return m;
  }

  /** The entries where the ODE's increment {@code rhs dt} is more than 4 standard errors from the mean step's. */
  static List<String> misses(TaskParams t, MonteCarlo.Moments[] step, Constraint equations) {
    Overlaps start = Overlaps.of(Weights.initial(t));
    TaskParams asWritten = t.toBuilder().constraint(equations).build();
    OverlapEquations eq = OdeKernel.equations(asWritten, start);
    double[] rhs = eq.computeDerivatives(0, eq.state(start));
    List<String> misses = new ArrayList<>();
    double largest = 0;
    for (int i = 0; i < rhs.length; i++) {
      double expected = rhs[i] * t.timeScale();
      double z = (step[i].mean() - expected) / step[i].standardError();
      // the first-order forms leave O(gamma/d) of a step's increment (d = 1000 makes that < 1 SE);
      // on the sphere Q_jj's increment is 0 up to the rounding of the rescaling, about 1e-15
      double gap = Math.abs(step[i].mean() - expected);
      if (gap > 1e-12) {
        largest = Math.max(largest, Math.abs(z));
      }
      if (Math.abs(z) > 4 && gap > Math.abs(expected) * t.gamma() / t.d() && gap > 1e-12) {
        misses.add("entry " + i + ": Monte Carlo " + step[i].mean() + " +- " + step[i].standardError() + ", ODE " + expected);
      }
    }
    System.out.printf("LossAndSphereTest: %s %s %s equations: largest |z| %.2f (entries off by more than rounding)%n", t.activation().id(), t.loss().id(),
        equations.id(), largest);
    return misses;
  }

  @ParameterizedTest
  @CsvSource({"ERF, CORRELATION, SPHERE", "ERF, SQUARE, SPHERE", "ERF, CORRELATION, NONE", "HE3, CORRELATION, SPHERE"})
  void oneStepOfSgdHasTheOdesMeanIncrement(Activation a, Loss loss, Constraint constraint) {
    TaskParams t = task(a, loss, constraint, 1000);
    List<String> misses = misses(t, oneStepIncrements(t, 100_000), constraint);
    assertTrue(misses.isEmpty(), String.join("; ", misses));
  }

  @Test
  void unprojectedEquationsMissTheSphericalStep() {
    TaskParams t = task(Activation.ERF, Loss.CORRELATION, Constraint.SPHERE, 1000);
    List<String> misses = misses(t, oneStepIncrements(t, 100_000), Constraint.NONE);
    assertFalse(misses.isEmpty(), "the free-norm equations pass for the sphere: the test has no power");
  }

  @Test
  void squareLossEquationsMissTheCorrelationStep() {
    TaskParams t = task(Activation.ERF, Loss.CORRELATION, Constraint.NONE, 1000);
    TaskParams square = t.toBuilder().loss(Loss.SQUARE).build();
    List<String> misses = misses(square.toBuilder().build(), oneStepIncrements(t, 100_000), Constraint.NONE);
    assertFalse(misses.isEmpty(), "the square loss's equations pass for the correlation loss: the test has no power");
  }

  @ParameterizedTest
  @CsvSource({"ERF, CORRELATION, SPHERE", "ERF, SQUARE, SPHERE", "HE3, CORRELATION, SPHERE", "HE4, CORRELATION, SPHERE"})
  void adaptiveIntegrationFollowsFixedStepRk4(Activation a, Loss loss, Constraint constraint) {
    // to t = 1: the Hermite pairs' right-hand side costs a few hundred times erf's, and RK4 takes 2000 steps a unit
    TaskParams t = task(a, loss, constraint, 1000).toBuilder().gamma0(0.5).tMax(1).build();
    Overlaps start = Overlaps.of(Weights.initial(t));
    KernelResult r = OdeKernel.run(t, start);
    assertEquals(Status.OK, r.status(), r.message());
    OdeReferenceTest.assertFollowsReference(t, start, r, 1e-3);
    if (constraint == Constraint.SPHERE) {
      double[] q = r.curveQ();
      for (int c = 0; c < r.times().length; c++) {
        assertEquals(1, q[c * 4], 1e-9, "Q_11 stays on the sphere");
        assertEquals(1, q[c * 4 + 3], 1e-9, "Q_22 stays on the sphere");
      }
    }
  }

  /**
   * The full SGD's mean risk over 32 seeds within 4 standard errors of the finite-d ODE, plus
   * {@code R/d} for the ODE's own O(1/d) approximations, erf at {@code p = k = 2} on the blue line.
   */
  @ParameterizedTest
  @CsvSource({"CORRELATION, SPHERE", "SQUARE, SPHERE", "CORRELATION, NONE"})
  void sgdMeanFollowsTheOde(Loss loss, Constraint constraint) {
    TaskParams t = TaskParams.builder().d(1000).p0(2).k(2).gamma0(1).noise(1e-3).seed(3).m0(2).loss(loss)
        .constraint(constraint).tMax(20).checkpointsPerDecade(5).build();
    Weights w0 = Weights.initial(t);
    KernelResult ode = OdeKernel.run(t);
    assertEquals(Status.OK, ode.status(), ode.message());
    int runs = 32;
    MonteCarlo.Moments[] m = new MonteCarlo.Moments[ode.times().length];
    for (int i = 0; i < m.length; i++) {
      m[i] = new MonteCarlo.Moments();
    }
    KernelResult[] sgd = new KernelResult[runs];
    java.util.stream.IntStream.range(0, runs).parallel()
        .forEach(s -> sgd[s] = new SgdKernel(t, w0, Streams.of(700 + s, Streams.SAMPLES)).run());
    for (KernelResult r : sgd) {
      assertEquals(Status.OK, r.status(), r.message());
      for (int i = 0; i < m.length; i++) {
        m[i].add(r.risks()[i]);
      }
    }
    double largest = 0;
    for (int i = 1; i < m.length; i++) {
      double gap = Math.abs(m[i].mean() - ode.risks()[i]);
      largest = Math.max(largest, gap / m[i].standardError());
      assertTrue(gap <= 4 * m[i].standardError() + ode.risks()[i] / t.d(), loss.id() + " " + constraint.id() + ", t = "
          + ode.times()[i] + ": SGD " + m[i].mean() + " +- " + m[i].standardError() + ", ODE " + ode.risks()[i]);
    }
    System.out.printf("LossAndSphereTest: SGD against the ODE, %s %s: largest |z| %.2f%n", loss.id(), constraint.id(), largest);
    assertTrue(ode.riskFinal() < 0.8 * ode.riskInit(), "no learning: " + ode.riskInit() + " -> " + ode.riskFinal());
  }
}
