package phasesweep.kernels.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import phasesweep.kernels.Checkpoints;
import phasesweep.kernels.InvalidParameterException;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.KernelResult;
import phasesweep.kernels.MonteCarlo;
import phasesweep.kernels.Status;
import phasesweep.kernels.Streams;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.averages.Averages;
import phasesweep.kernels.averages.Risk;
import phasesweep.kernels.linalg.CovarianceCheck;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Constraint;
import phasesweep.kernels.model.Loss;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.model.Weights;
import phasesweep.kernels.ode.OdeKernel;

/**
 * The overlap chain (docs/physics.md §8) has the law of the full SGD's overlaps: two-sample
 * Kolmogorov-Smirnov tests of the risk, {@code Q_11} and {@code M_11} at three times, over 200
 * sample streams of each kernel from the same initial weights, at {@code d} = 24, 100 and 400,
 * for erf and linear: 54 tests, family-wise significance 0.01 by Bonferroni (each at 0.01/54).
 * With the correlation loss on the sphere (§1.1, §1.2) the same 54 tests, {@code Q_12} for
 * {@code Q_11}. The same test passes between two seed sets of the full SGD, and fails for a deliberately
 * wrong chain that forgets the input's component outside the weights' span. (Replacing
 * {@code |x|^2/d} by its mean 1 changes each step by {@code O(gamma^2 / (p^2 d^2))} only: measured
 * here, its smallest p-value is about 1e-3, not rejected at this family-wise level with 200
 * streams. Nor is a chain that zeroes the input's coordinates along the directions its frame
 * grew by since the last re-triangulation: p = 0.004 at d = 24, an error confined to the at
 * most 7 steps before the next one.)
 */
class OverlapChainTest {
  static final int STREAMS = 200;
  static final double[] TIMES = {1, 3, 10};
  static final double FAMILY_ALPHA = 0.01;
  /**
   * d = 24 as well as 100 and 400: there the frame the chain grows by (up to 8 directions past
   * p + k = 4) is half the space, so what is exact only as d grows would show.
   */
  static final int[] DIMENSIONS = {24, 100, 400};

  /** The blue line at gamma/p = 1, where the second-order term of the update matters most. */
  static TaskParams task(Activation activation, int d) {
    return TaskParams.builder().activation(activation).d(d).p0(2).k(2).gamma0(2).noise(1e-3).seed(7)
        .tMax(TIMES[TIMES.length - 1]).build();
  }

  /** A kernel's state after a number of steps: risk, Q_11, M_11. */
  interface Run {
    double[] advanceTo(long step);
  }

  /** Per time and quantity, the values over the streams (each its own kernel: run in parallel). */
  static double[][][] sample(TaskParams t, Function<Integer, Run> kernel) {
    double[][][] v = new double[TIMES.length][3][STREAMS];
    java.util.stream.IntStream.range(0, STREAMS).parallel().forEach(s -> {
      Run run = kernel.apply(s);
      for (int i = 0; i < TIMES.length; i++) {
        double[] q = run.advanceTo(Math.round(TIMES[i] / t.timeScale()));
        for (int c = 0; c < 3; c++) {
          v[i][c][s] = q[c];
        }
      }
    });
    return v;
  }

  /**
   * The blue line with the correlation loss on the sphere (docs/physics.md §1.1, §1.2), from an
   * initial overlap M_jj = 2/sqrt d.
   */
  static TaskParams sphericalTask(Activation activation, int d) {
    return task(activation, d).toBuilder().loss(Loss.CORRELATION).constraint(Constraint.SPHERE).m0(2).build();
  }

  /** Risk, Q_11 (Q_12 on the sphere, where Q_11 = 1 up to rounding), M_11. */
  static double[] observe(Overlaps o, Averages a, TaskParams t) {
    int l = t.constraint() == Constraint.SPHERE ? 1 : 0;
    return new double[] {Risk.of(o, a), o.q()[0][l], o.m()[0][0]};
  }

  static Function<Integer, Run> sgd(TaskParams t, long offset) {
    Weights w0 = Weights.initial(t);
    return s -> {
      SgdKernel k = new SgdKernel(t, w0, Streams.of(offset + s, Streams.SAMPLES));
      return step -> {
        k.advance(step - k.step());
        return observe(k.overlaps(), t.averages(), t);
      };
    };
  }

  static Function<Integer, Run> chain(TaskParams t, long offset, OverlapChainKernel.Flaw flaw) {
    Overlaps o0 = Overlaps.of(Weights.initial(t));
    return s -> {
      UniformRandomProvider rng = Streams.of(offset + s, Streams.SAMPLES);
      OverlapChainKernel k = new OverlapChainKernel(t, o0, rng, flaw);
      return step -> {
        k.advance(step - k.step());
        return observe(k.overlaps(), t.averages(), t);
      };
    };
  }

  /** The tests of the chain with {@code flaw} (or of SGD itself, if null) against the full SGD that reject. */
  static List<String> rejections(OverlapChainKernel.Flaw flaw) {
    return rejections(flaw, OverlapChainTest::task);
  }

  static List<String> rejections(OverlapChainKernel.Flaw flaw, java.util.function.BiFunction<Activation, Integer, TaskParams> tasks) {
    int tests = 2 * DIMENSIONS.length * TIMES.length * 3;
    double alpha = FAMILY_ALPHA / tests;
    List<String> rejected = new ArrayList<>();
    double minP = 1;
    for (Activation a : new Activation[] {Activation.ERF, Activation.LINEAR}) {
      for (int d : DIMENSIONS) {
        TaskParams t = tasks.apply(a, d);
        double[][][] reference = sample(t, sgd(t, 10_000));
        double[][][] other = sample(t, flaw != null ? chain(t, 20_000, flaw) : sgd(t, 30_000));
        for (int i = 0; i < TIMES.length; i++) {
          for (int c = 0; c < 3; c++) {
            double pValue = KolmogorovSmirnovTest.withDefaults().test(reference[i][c], other[i][c]).getPValue();
            minP = Math.min(minP, pValue);
            if (pValue < alpha) {
              rejected.add(a.id() + ", d = " + d + ", t = " + TIMES[i] + ", " + new String[] {"R", "Q_1l", "M_11"}[c]
                  + ": p = " + pValue);
            }
          }
        }
      }
    }
    TaskParams example = tasks.apply(Activation.ERF, DIMENSIONS[0]);
    System.out.printf("OverlapChainTest: %s, loss %s, constraint %s: smallest p-value %.3g of %d tests (each at %.2g)%n",
        flaw == null ? "SGD against SGD" : "chain (" + flaw + ")", example.loss().id(), example.constraint().id(), minP,
        tests, alpha);
    return rejected;
  }

  @Test
  void theChainHasTheLawOfTheFullSgd() {
    List<String> rejected = rejections(OverlapChainKernel.Flaw.NONE);
    assertTrue(rejected.isEmpty(), "rejected at family-wise 0.01: " + rejected);
  }

  @Test
  void twoSeedSetsOfTheFullSgdPassTheSameTest() {
    List<String> rejected = rejections(null);
    assertTrue(rejected.isEmpty(), "rejected at family-wise 0.01: " + rejected);
  }

  @Test
  void withTheCorrelationLossOnTheSphereTheChainHasTheLawOfTheFullSgd() {
    List<String> rejected = rejections(OverlapChainKernel.Flaw.NONE, OverlapChainTest::sphericalTask);
    assertTrue(rejected.isEmpty(), "rejected at family-wise 0.01: " + rejected);
  }

  @Test
  void onTheSphereAChainThatForgetsTheOutsideComponentFails() {
    assertFalse(rejections(OverlapChainKernel.Flaw.OUTSIDE_FORGOTTEN, OverlapChainTest::sphericalTask).isEmpty(),
        "on the sphere the test cannot tell |x|^2 = |z|^2 from the chain");
  }

  @Test
  void aChainThatForgetsTheOutsideComponentFails() {
    assertFalse(rejections(OverlapChainKernel.Flaw.OUTSIDE_FORGOTTEN).isEmpty(),
        "the test cannot tell |x|^2 = |z|^2 from the chain");
  }

  /**
   * A wide layer, {@code p = 12}: the frame grows by {@code frameGrowth(12) = 10} columns between
   * re-triangularisations, not 8 (issue #32), so its draws differ from the narrow layers' and its
   * law is tested on its own (at {@code d = 24} the frame fills the whole space outside the
   * weights), and a chain that forgets the outside component is rejected there too.
   */
  static TaskParams wideTask(Activation activation, int d) {
    return task(activation, d).toBuilder().p0(12).gamma0(12).build();
  }

  @Test
  void aWideLayerWithItsLongerFrameGrowthHasTheLawOfTheFullSgd() {
    assertEquals(10, OverlapChainKernel.frameGrowth(12));
    assertEquals(OverlapChainKernel.FRAME_GROWTH, OverlapChainKernel.frameGrowth(10), "p <= 10 keeps its draws");
    List<String> rejected = rejections(OverlapChainKernel.Flaw.NONE, OverlapChainTest::wideTask);
    assertTrue(rejected.isEmpty(), "rejected at family-wise 0.01: " + rejected);
    assertFalse(rejections(OverlapChainKernel.Flaw.OUTSIDE_FORGOTTEN, OverlapChainTest::wideTask).isEmpty(),
        "at p = 12 the test cannot tell |x|^2 = |z|^2 from the chain");
  }

  /**
   * A wide layer takes its steps in pairs, one pass over the rows for two (docs/physics.md §8,
   * "Two steps a pass"): the second step's fields are the pass's plus the first step's update's
   * share, and its own update waits for the next pass. In exact arithmetic that is the chain one
   * step a pass, on the same draws; in doubles the two differ by rounding (fused multiply-adds in
   * the pairs) and nothing else: after 20 rotation periods at {@code p = 12} every entry of
   * {@code Omega} agrees to {@code 1e-10} of its largest. (The law test above cannot see a
   * second step that forgets that share; this test does: {@code 7e-4} of {@code 1.05}.)
   */
  @Test
  void aWideLayersPairsAreItsSingleStepsUpToRounding() {
    TaskParams t = wideTask(Activation.ERF, 300);
    long steps = 20L * OverlapChainKernel.frameGrowth(t.p());
    OverlapChainKernel paired = new OverlapChainKernel(t);
    OverlapChainKernel single = new OverlapChainKernel(t);
    single.withoutPairs();
    assertEquals(steps, paired.advance(steps));
    assertEquals(steps, single.advance(steps));
    double[][] a = paired.covariance();
    double[][] b = single.covariance();
    double largest = 0;
    double difference = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        largest = Math.max(largest, Math.abs(b[i][j]));
        difference = Math.max(difference, Math.abs(a[i][j] - b[i][j]));
      }
    }
    System.out.printf("OverlapChainTest: pairs against single steps at p = 12, %d steps: largest difference %.3g of %.3g%n",
        steps, difference, largest);
    assertTrue(difference <= 1e-10 * largest, "pairs differ from single steps by " + difference + " of " + largest);
  }

  /**
   * A wide chain that diverges stops at the same step with its pairs as one step a pass, and
   * reports the same overlaps up to rounding: a pair stopped between its two steps (the first
   * step's update deferred) makes that update before the advance returns. Six seeds in the red
   * region, so that chains stop both inside a pair and between pairs.
   */
  @Test
  void aWideChainThatDivergesInsideAPairReportsItsLastUpdate() {
    int insidePairs = 0;
    for (long seed = 1; seed <= 6; seed++) {
      TaskParams red = wideTask(Activation.ERF, 256).toBuilder().delta(-0.75).tMax(100).seed(seed).build();
      OverlapChainKernel paired = new OverlapChainKernel(red);
      OverlapChainKernel single = new OverlapChainKernel(red);
      single.withoutPairs();
      long steps = Math.round(red.tMax() / red.timeScale());
      paired.advance(steps);
      single.advance(steps);
      assertTrue(paired.diverged(), "seed " + seed + ": the red region diverges");
      assertEquals(single.step(), paired.step(), "seed " + seed + ": the step it stops at");
      // the frame grows by 10 columns at p = 12 and pairs start at its even growth: a pair's second
      // step is an even one
      insidePairs += paired.step() % 2 == 0 ? 1 : 0;
      double[][] a = paired.covariance();
      double[][] b = single.covariance();
      for (int i = 0; i < a.length; i++) {
        for (int j = 0; j < a.length; j++) {
          assertEquals(b[i][j], a[i][j], 1e-10 * Math.max(1, Math.abs(b[i][j])), "seed " + seed + ": Omega " + i + ", " + j);
        }
      }
    }
    System.out.printf("OverlapChainTest: 6 wide red chains, %d stopped at a pair's second step%n", insidePairs);
    assertTrue(insidePairs > 0, "no chain stopped inside a pair: the seeds do not test the deferred update");
  }

  /**
   * A step whose successor follows with no rotation between draws its input ahead and sums its
   * fields in its own update (issue #32), but only within one {@link OverlapChainKernel#advance}.
   * An advance ends with a rotation (so a checkpoint changes the frames, and the draws, not the
   * law); grouped in multiples of the frame's growth, where every advance's last step rotates
   * anyway, the steps are the same bits however they are grouped: one rotation period an advance,
   * all at once, or uneven multiples, narrow or wide. A step that went ahead across a rotation
   * would differ (or fail: its frame is full). (Not on the sphere: there an advance takes the
   * rows' norms afresh from the factor, which the steps between carry by their increments, so the
   * grouping moves the last bits.)
   */
  @Test
  void theStepsGiveTheSameBitsHoweverTheyAreGroupedIntoAdvances() {
    for (TaskParams t : new TaskParams[] {task(Activation.ERF, 300), wideTask(Activation.ERF, 300)}) {
      int growth = OverlapChainKernel.frameGrowth(t.p());
      int steps = 20 * growth;
      List<String> finals = new ArrayList<>();
      for (int[] chunks : new int[][] {{growth}, {steps}, {3 * growth, growth, 2 * growth}}) {
        OverlapChainKernel k = new OverlapChainKernel(t);
        for (int i = 0; k.step() < steps; i++) {
          k.advance(Math.min(chunks[i % chunks.length], steps - k.step()));
        }
        StringBuilder bits = new StringBuilder();
        for (double[] row : k.covariance()) {
          for (double v : row) {
            bits.append(Long.toHexString(Double.doubleToRawLongBits(v))).append(' ');
          }
        }
        finals.add(bits.toString());
      }
      assertEquals(finals.get(0), finals.get(1), "p = " + t.p() + ": a rotation period an advance against all at once");
      assertEquals(finals.get(0), finals.get(2), "p = " + t.p() + ": a rotation period an advance against uneven multiples");
    }
  }

  @Test
  void runsToTmaxWithTheSgdCheckpointsAndTheExactRisk() {
    TaskParams t = task(Activation.ERF, 1000).toBuilder().tMax(20).build();
    KernelResult chain = OverlapChainKernel.run(t);
    KernelResult sgd = SgdKernel.run(t);
    assertEquals(Status.OK, chain.status(), chain.message());
    assertEquals(Kernel.SGD_OVERLAPS, chain.kernel());
    assertEquals(t.totalSteps(), chain.steps());
    org.junit.jupiter.api.Assertions.assertArrayEquals(sgd.times(), chain.times());
    assertEquals(sgd.riskInit(), chain.riskInit(), 1e-15, "both start from the same overlaps");
  }

  @Test
  void aRedRegionChainDivergesWithATime() {
    TaskParams red = TaskParams.builder().d(256).delta(-0.75).tMax(100).seed(2).build();
    KernelResult r = OverlapChainKernel.run(red);
    assertEquals(Status.DIVERGED, r.status());
    assertTrue(r.tDiverged() > 0 && r.tDiverged() < 100, "t_diverged = " + r.tDiverged());
  }

  @Test
  void theChainNeedsMoreDimensionsThanUnits() {
    TaskParams small = TaskParams.builder().d(4).p0(2).k(2).tMax(1).build();
    InvalidParameterException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidParameterException.class,
        () -> OverlapChainKernel.run(small));
    assertEquals("d", e.parameter());
  }

  @Test
  void aMillionDimensionsToTenOnTheBlueLineFollowTheFiniteDOde() {
    // 10^7 steps, a cost independent of d. The tolerance is the risk's spread over streams
    // measured at d = 10^4 (16 streams) and scaled by sqrt(10^4 / 10^6), since the overlaps
    // concentrate as d^-1/2; 4 of those plus R/d for the ODE's own O(1/d) approximations.
    TaskParams big = TaskParams.builder().d(1_000_000).p0(2).k(2).gamma0(2).noise(1e-3).seed(3).tMax(10)
        .checkpointsPerDecade(5).build();
    TaskParams small = big.toBuilder().d(10_000).build();
    int streams = 16;
    Checkpoints cps = Checkpoints.of(small);
    MonteCarlo.Moments[] spread = new MonteCarlo.Moments[cps.size()];
    for (int i = 0; i < spread.length; i++) {
      spread[i] = new MonteCarlo.Moments();
    }
    Overlaps o0 = Overlaps.of(Weights.initial(small));
    for (int s = 0; s < streams; s++) {
      KernelResult r = new OverlapChainKernel(small, o0, Streams.of(100 + s, Streams.SAMPLES)).run();
      for (int i = 0; i < spread.length; i++) {
        spread[i].add(r.risks()[i]);
      }
    }
    KernelResult chain = OverlapChainKernel.run(big);
    KernelResult ode = OdeKernel.run(big);
    assertEquals(Status.OK, chain.status(), chain.message());
    assertEquals(10_000_000L, chain.steps());
    assertEquals(ode.times().length, chain.times().length);
    for (int i = 1; i < chain.times().length; i++) {
      double sd = spread[i].standardDeviation() * Math.sqrt(1e4 / 1e6);
      double tol = 4 * sd + ode.risks()[i] / big.d();
      assertEquals(ode.risks()[i], chain.risks()[i], tol, "t = " + chain.times()[i]);
    }
    System.out.printf("OverlapChainTest: d = 10^6, 10^7 steps in %.1f s%n", chain.wallSeconds());
  }

  @Test
  void perfectLearningAndCoincidingStudentsKeepOmegaACovariance() {
    // Green region without noise: the students learn the teacher exactly, so Omega turns
    // singular; with p = 4 > k = 2 pairs of students coincide too. The frame keeps
    // Omega = F F^T positive semi-definite whatever the rounding (docs/physics.md §8,
    // "Numerically": over 3.2e9 steps at d = 1000 the risk stays within 5e-17 of zero, where a
    // chain on Omega itself drifted to -8e-12 and its Cholesky decomposition failed on most steps).
    for (int p : new int[] {2, 4}) {
      TaskParams t = TaskParams.builder().d(100).delta(0.5).gamma0(p).p0(p).k(2).noise(0).tMax(3000).seed(1)
          .checkpointsPerDecade(2).build();
      OverlapChainKernel chain = new OverlapChainKernel(t);
      KernelResult r = chain.run();
      assertEquals(Status.OK, r.status(), r.message());
      for (double risk : r.risks()) {
        assertTrue(risk > -1e-15 && Double.isFinite(risk), "p = " + p + ": risk " + risk);
      }
      assertTrue(r.riskFinal() < 1e-4 * r.riskInit(), "p = " + p + ": learned, risk " + r.riskFinal());
      double[][] omega = chain.overlaps().covariance();
      assertTrue(CovarianceCheck.smallestEigenvalue(omega, omega.length) > -1e-14,
          "p = " + p + ": smallest eigenvalue " + CovarianceCheck.smallestEigenvalue(omega, omega.length));
    }
  }
}
