package phasesweep.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phasesweep.kernels.model.Region;

class ParamsAndCheckpointsTest {
  @ParameterizedTest
  @CsvSource({
      "0, 0.5, GREEN, 1000, 3.1622776601683794e-5",
      "0, 0, BLUE, 1000, 1e-3",
      "0.25, -0.25, BLUE, 1000, 1e-3",
      "0.3, -0.3, BLUE, 1000, 1e-3",
      "0, -0.25, ORANGE, 1000, 3.1622776601683794e-2",
      "0, -0.5, RED, 1000, 1e-3",
      "0, -0.75, RED, 1000, 1e-3"})
  void regionAndTimeScale(double kappa, double delta, Region region, int d, double dt) {
    TaskParams t = TaskParams.builder().d(d).kappa(kappa).delta(delta).build();
    assertEquals(region, t.region());
    assertEquals(dt, t.timeScale(), 1e-12 * dt);
  }

  /**
   * With a batch {@code b ~ d^beta} (docs/physics.md §3.1): blue at {@code kappa + delta = -beta},
   * red from {@code -(1 + min(beta, 1))/2}; {@code dt} is {@code d^-(1+s)} in green and blue and
   * {@code d^-(1+2s+beta)} in orange ({@code s = kappa + delta}).
   */
  @ParameterizedTest
  @CsvSource({
      "0, 0, 0.5, GREEN, 10000, 1e-4",
      "0, -0.5, 0.5, BLUE, 10000, 1e-2",
      "0.25, -0.75, 0.5, BLUE, 10000, 1e-2",
      "0, -0.6, 0.5, ORANGE, 10000, 0.0630957344480193",
      "0, -0.5, 0.25, ORANGE, 10000, 0.1",
      "0, -0.75, 0.5, RED, 10000, 1e-4",
      "0, -0.8, 0.5, RED, 10000, 1e-4",
      "0, -0.7, 0.5, ORANGE, 10000, 0.3981071705534969",
      // from beta = 1 on, blue lies in red: green down to kappa + delta = -1 (a step's drift of order one)
      "0, -0.5, 1, GREEN, 10000, 1e-2",
      "0, -0.99, 1.5, GREEN, 10000, 0.9120108393559098",
      "0, -1, 1, RED, 10000, 1e-4",
      "0, -1.5, 2, RED, 100, 1e-2"})
  void regionAndTimeScaleWithABatch(double kappa, double delta, double beta, Region region, int d, double dt) {
    TaskParams t = TaskParams.builder().d(d).kappa(kappa).delta(delta).beta(beta).build();
    assertEquals(region, t.region());
    assertEquals(dt, t.timeScale(), 1e-12 * dt);
    assertEquals(Math.round(Math.pow(d, beta)), t.batch());
  }

  /**
   * A budget in steps (docs/physics.md §4): {@code T = round(steps0 d^steps_exponent)} steps,
   * {@code t_max = T dt}, checkpoints log-spaced in steps from the first; without one, t_max rules
   * (and the task ids stay those of before: ParameterRegistryTest pins them).
   */
  @Test
  void aBudgetInStepsReplacesTMax() {
    TaskParams plain = TaskParams.builder().d(400).tMax(7).build();
    TaskParams budget = plain.toBuilder().set(Parameter.STEPS0, 2.5).set(Parameter.STEPS_EXPONENT, 0.5).build();
    assertEquals(0, plain.stepsBudget());
    assertEquals(7, plain.tMax(), 0);
    assertEquals(50, budget.stepsBudget());
    assertEquals(50, budget.totalSteps());
    assertEquals(50 * budget.timeScale(), budget.tMax(), 1e-15);
    long[] steps = Checkpoints.of(budget.toBuilder().checkpointsPerDecade(10).build()).steps();
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 8L, 10L, 13L, 16L, 20L, 25L, 32L, 40L, 50L),
        java.util.Arrays.stream(steps).boxed().toList(), "every early step, then 10 a decade in steps");
    assertEquals(1, plain.toBuilder().set(Parameter.STEPS0, 1e-9).build().totalSteps(), "at least one step");
    rejects("steps0", b -> b.set(Parameter.STEPS0, -1.0));
    rejects("t_max", b -> b.set(Parameter.STEPS0, 1e9).set(Parameter.STEPS_EXPONENT, 3.0));
  }

  @Test
  void derivedWidthAndLearningRate() {
    TaskParams t = TaskParams.builder().d(1000).kappa(1.0 / 3).delta(0.5).p0(2).gamma0(3).build();
    assertEquals(20, t.p());
    assertEquals(3 / Math.sqrt(1000), t.gamma(), 1e-15);
    assertEquals(1, TaskParams.builder().d(100).kappa(-2).p0(1).build().p(), "p is at least 1");
  }

  private static void rejects(String parameter, Consumer<TaskParams.Builder> change) {
    TaskParams.Builder b = TaskParams.builder();
    change.accept(b);
    InvalidParameterException e = assertThrows(InvalidParameterException.class, b::build);
    assertEquals(parameter, e.parameter());
    assertTrue(e.getMessage().startsWith(parameter + ": "), e.getMessage());
  }

  @Test
  void invalidValuesAreRejectedNamingTheParameter() {
    rejects("d", b -> b.d(1));
    rejects("kappa", b -> b.kappa(Double.NaN));
    rejects("delta", b -> b.delta(Double.POSITIVE_INFINITY));
    rejects("gamma0", b -> b.gamma0(0));
    rejects("p0", b -> b.p0(-1));
    rejects("k", b -> b.k(0));
    rejects("noise", b -> b.noise(-1e-3));
    rejects("activation", b -> b.activation(null));
    rejects("init", b -> b.init(null));
    rejects("t_max", b -> b.tMax(0));
    rejects("checkpoints_per_decade", b -> b.checkpointsPerDecade(0));
    rejects("mode", b -> b.odeMode(null));
    rejects("rtol", b -> b.rtol(2));
    rejects("atol", b -> b.atol(0));
    rejects("rtol", b -> b.rtol(1e-300));
    rejects("rtol", b -> b.rtol(Double.NaN));
    rejects("atol", b -> b.atol(1e-300));
    rejects("atol", b -> b.atol(Double.POSITIVE_INFINITY));
    rejects("divergence_bound", b -> b.divergenceBound(1));
    rejects("k", b -> b.init(Init.ORTHOGONAL).d(3).k(4));
    rejects("kappa", b -> b.d(1000).kappa(5));
    rejects("t_max", b -> b.d(100000).delta(2).tMax(1e6));
  }

  @Test
  void checkpointsAreSharedLogSpacedStepMultiples() {
    TaskParams t = TaskParams.builder().d(1000).tMax(100).checkpointsPerDecade(10).build();
    Checkpoints c = Checkpoints.of(t);
    long[] steps = c.steps();
    double[] times = c.times();
    assertEquals(0, steps[0]);
    assertEquals(t.totalSteps(), steps[steps.length - 1]);
    assertEquals(100, times[times.length - 1], 1e-9);
    // 10 per decade from 1e-2 to 1e2: 41 points, plus t = 0
    assertEquals(42, steps.length);
    for (int i = 1; i < steps.length; i++) {
      assertTrue(steps[i] > steps[i - 1]);
      assertEquals(steps[i] * t.timeScale(), times[i], 0.0);
    }
    assertEquals(0.01, times[1], 1e-12);
  }

  @Test
  void checkpointsNeverRepeatAStepWhenDtIsCoarse() {
    TaskParams t = TaskParams.builder().d(10).tMax(3).checkpointsPerDecade(50).build();
    long[] steps = Checkpoints.of(t).steps();
    for (int i = 1; i < steps.length; i++) {
      assertTrue(steps[i] > steps[i - 1]);
    }
    assertEquals(30, steps[steps.length - 1]);
  }
}
