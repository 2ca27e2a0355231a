package phasesweep.kernels.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import phasesweep.kernels.Checkpoints;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.KernelResult;
import phasesweep.kernels.MonteCarlo;
import phasesweep.kernels.Status;
import phasesweep.kernels.Streams;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.model.Weights;
import phasesweep.kernels.sgd.OverlapChainKernel;
import phasesweep.kernels.sgd.SgdKernel;

/**
 * The mean map (docs/physics.md §3.3) against what it claims to be: the mean of one SGD step from
 * fixed weights (a Monte Carlo of the full SGD, which never uses the equations), and the mean of
 * SGD over a run where a step is not small, where the ODE's flow is not.
 */
class MeanMapTest {
  /** Erf, {@code p = k = 2}, {@code d = 400}, a start at {@code M_jj = 0.2}; a step moves by {@code gamma/(p d)}. */
  static TaskParams task(int batch, double gamma0) {
    return TaskParams.builder().activation(Activation.ERF).d(400).p0(2).k(2).gamma0(gamma0).noise(1e-3).m0(4)
        .b0(batch).seed(11).tMax(1).build();
  }

  /**
   * One map step against the mean of one full-SGD step from the same weights
   * ({@code gamma/(p d) = 1/20}), at {@code b} = 1, 64, 400 and 1600 (400 000 samples each): every
   * entry of {@code Q} (upper) and {@code M} within 4 standard errors, 28 tests. Without the
   * squared mean gradient (the ODE's flow over {@code dt} has none of a step's second-order terms)
   * the increment misses at {@code b} = 400 and 1600.
   */
  @Test
  void aMapStepIsTheMeanOfAnSgdStep() {
    double worstWithout = 0;
    double worst = 0;
    for (int b : new int[] {1, 64, 400, 1600}) {
      TaskParams t = task(b, 40);
      assertEquals(b, t.batch());
      Weights w0 = Weights.initial(t);
      Overlaps o = Overlaps.of(w0);
      double[] before = entries(o);
      MeanMapKernel map = new MeanMapKernel(t, o);
      map.advance(1);
      double[] mapped = entries(map.overlaps());
      double[] without = entries(withoutSquaredMeanGradient(t, o));
      int replicas = 400_000 / b;
      MonteCarlo.Moments[] m = new MonteCarlo.Moments[before.length];
      double[][] increments = IntStream.range(0, replicas).parallel().mapToObj(s -> {
        SgdKernel k = new SgdKernel(t, w0, Streams.of(40_000 + s, Streams.SAMPLES));
        k.advance(1);
        return entries(k.overlaps());
      }).toArray(double[][]::new);
      for (int e = 0; e < before.length; e++) {
        m[e] = new MonteCarlo.Moments();
        for (double[] x : increments) {
          m[e].add(x[e] - before[e]);
        }
        double se = m[e].standardError();
        double z = (mapped[e] - before[e] - m[e].mean()) / se;
        worst = Math.max(worst, Math.abs(z));
        assertTrue(Math.abs(z) <= 4, "b = " + b + ", entry " + e + ": map " + (mapped[e] - before[e]) + ", SGD "
            + m[e].mean() + " +- " + se + " (z = " + z + ")");
        if (b >= 400) {
          worstWithout = Math.max(worstWithout, Math.abs(without[e] - before[e] - m[e].mean()) / se);
        }
      }
    }
    System.out.printf("MeanMapTest: one step, largest |z| of the 28 entries: map %.2f; without the squared mean "
        + "gradient (b >= 400) %.2f%n", worst, worstWithout);
    assertTrue(worstWithout > 4, "the step without the squared mean gradient should miss: |z| at most " + worstWithout);
  }

  /**
   * On the sphere with the correlation loss, erf, {@code b = 1600}: a small step
   * ({@code gamma/(p d) = 1/20}) and a giant one ({@code gamma/(p d) = 2}, a step of order one, as
   * the batch-size papers take them). One map step against the mean of one full-SGD step (which
   * rescales its weights exactly), 200 000 samples each: every entry within 4 standard errors.
   * The ODE's first-order projection of the same increment misses at the giant step.
   */
  @Test
  void onTheSphereAMapStepIsTheMeanOfAnSgdStepEvenAGiantOne() {
    double worst = 0;
    double worstProjected = 0;
    for (double gamma0 : new double[] {40, 1600}) {
      TaskParams t = task(1600, gamma0).toBuilder().loss(phasesweep.kernels.model.Loss.CORRELATION)
          .constraint(phasesweep.kernels.model.Constraint.SPHERE).build();
      Weights w0 = Weights.initial(t);
      Overlaps o = Overlaps.of(w0);
      double[] before = entries(o);
      MeanMapKernel map = new MeanMapKernel(t, o);
      map.advance(1);
      assertEquals("", map.failure());
      double[] mapped = entries(map.overlaps());
      OverlapEquations projected = OdeKernel.equations(t, o);
      double[] y = projected.state(o);
      double[] dy = new double[y.length];
      projected.derivativesInto(y, dy);
      for (int i = 0; i < y.length; i++) {
        y[i] += t.timeScale() * dy[i];
      }
      double[] firstOrder = entries(projected.overlaps(y));
      double[][] after = IntStream.range(0, 125).parallel().mapToObj(s -> {
        SgdKernel k = new SgdKernel(t, w0, Streams.of(60_000 + s, Streams.SAMPLES));
        k.advance(1);
        return entries(k.overlaps());
      }).toArray(double[][]::new);
      for (int e = 0; e < before.length; e++) {
        if (e == 0 || e == 2) {
          continue; // Q_jj = 1 on the sphere, exactly in both
        }
        MonteCarlo.Moments m = new MonteCarlo.Moments();
        for (double[] x : after) {
          m.add(x[e]);
        }
        double se = m.standardError();
        double z = (mapped[e] - m.mean()) / se;
        worst = Math.max(worst, Math.abs(z));
        assertTrue(Math.abs(z) <= 4, "gamma0 = " + gamma0 + ", entry " + e + ": map " + mapped[e] + ", SGD " + m.mean()
            + " +- " + se + " (z = " + z + ")");
        if (gamma0 > 40) {
          worstProjected = Math.max(worstProjected, Math.abs(firstOrder[e] - m.mean()) / se);
        }
      }
    }
    System.out.printf("MeanMapTest: sphere, one step, largest |z|: map %.2f; first-order projection at the giant step "
        + "%.2f%n", worst, worstProjected);
    assertTrue(worstProjected > 4, "the first-order projection should miss a giant step: |z| at most " + worstProjected);
  }

  /**
   * The map runs where a step's fluctuations vanish, {@code kappa + delta > -(1 + beta/2)}: also
   * in red with a giant batch, not where one sample a step moves the overlaps by order one.
   */
  @Test
  void theMapRunsWhereAStepsFluctuationsVanish() {
    TaskParams noisy = TaskParams.builder().d(100).delta(-1).tMax(1).build();
    KernelResult none = MeanMapKernel.run(noisy);
    assertEquals(Status.NO_ODE, none.status());
    assertTrue(none.message().contains("-(1 + beta/2)"), none.message());
    TaskParams giant = TaskParams.builder().d(100).delta(-1).beta(2).gamma0(0.5).tMax(1).build();
    assertEquals(phasesweep.kernels.model.Region.RED, giant.region(), "a step's drift of order one");
    KernelResult runs = MeanMapKernel.run(giant);
    assertEquals(Status.OK, runs.status(), runs.message());
    assertEquals(Checkpoints.of(giant).size(), runs.times().length, "every checkpoint");
  }

  /** The state after one step of the map's increment without its {@code aC} term. */
  private static Overlaps withoutSquaredMeanGradient(TaskParams t, Overlaps o) {
    double dt = t.timeScale();
    double p = t.p();
    double d = t.d();
    double g = t.gamma();
    OverlapEquations eq = new OverlapEquations(t.averages(), o.teacher(), t.p(), g / (p * d * dt),
        g * g / (p * p * d * dt) / t.batch(), 0, t.noise());
    double[] y = eq.state(o);
    double[] dy = new double[y.length];
    eq.derivativesInto(y, dy);
    for (int i = 0; i < y.length; i++) {
      y[i] += dt * dy[i];
    }
    return eq.overlaps(y);
  }

  /** {@code Q}'s upper triangle, then {@code M}. */
  static double[] entries(Overlaps o) {
    int p = o.p();
    int k = o.k();
    double[] e = new double[p * (p + 1) / 2 + p * k];
    int i = 0;
    for (int j = 0; j < p; j++) {
      for (int l = j; l < p; l++) {
        e[i++] = o.q()[j][l];
      }
    }
    for (int j = 0; j < p; j++) {
      for (int r = 0; r < k; r++) {
        e[i++] = o.m()[j][r];
      }
    }
    return e;
  }

  /**
   * Over a run at {@code d = b = 400} (beta = 1, {@code gamma/(p d) = 1/40}, to t = 1: 400 steps), the mean risk of 128 runs of the chain (exact in
   * law, docs/physics.md §8.1) against the map's risk at every checkpoint: within 3 standard
   * errors; the ODE kernel's misses by more.
   */
  @Test
  void theMapFollowsSgdAtABatchAsLargeAsDWhereTheOdeDoesNot() {
    TaskParams t = task(1, 20).toBuilder().b0(1).beta(1).tMax(FOLLOW_T_MAX).build();
    assertEquals(400, t.batch());
    Overlaps o = Overlaps.of(Weights.initial(t));
    KernelResult map = MeanMapKernel.run(t, o);
    KernelResult ode = OdeKernel.run(t, o);
    assertEquals(Status.OK, map.status(), map.message());
    assertEquals(Kernel.MEAN_MAP, map.kernel());
    List<KernelResult> chains = IntStream.range(0, 128).parallel()
        .mapToObj(s -> new OverlapChainKernel(t, o, Streams.of(50_000 + s, Streams.SAMPLES)).run()).toList();
    Checkpoints cps = Checkpoints.of(t);
    assertEquals(cps.size(), map.risks().length);
    double worstMap = 0;
    double worstOde = 0;
    for (int i = 1; i < cps.size(); i++) {
      MonteCarlo.Moments m = new MonteCarlo.Moments();
      for (KernelResult r : chains) {
        m.add(r.risks()[i]);
      }
      worstMap = Math.max(worstMap, Math.abs(map.risks()[i] - m.mean()) / m.standardError());
      worstOde = Math.max(worstOde, Math.abs(ode.risks()[i] - m.mean()) / m.standardError());
    }
    System.out.printf("MeanMapTest: d = b = 400, largest |z| of the mean risk: map %.2f, ode %.2f%n", worstMap, worstOde);
    assertTrue(worstMap <= 3, "the map should follow SGD's mean: |z| up to " + worstMap);
    assertTrue(worstOde > 3, "the ODE should miss SGD's mean at b = d: |z| at most " + worstOde);
    assertEquals(Status.OK, ode.status());
    assertTrue(ode.message().contains("kernel mean_map"), "the ODE says where it stops following: " + ode.message());
    assertEquals("", OdeKernel.run(task(1, 20)).message(), "nothing to say at b = 1");
  }

  static final double FOLLOW_T_MAX = 1;
}
