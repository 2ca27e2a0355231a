package phasesweep.driver.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Region;
import phasesweep.kernels.ode.OdeMode;

class SweepFileTest {
  static final String GOOD = """
      name: test
      model: {activation: erf, init: random, k: 2, p0: 2, gamma0: 1}
      grid:
        d: {from: 100, to: 400, factor: 2}
        kappa: [0]
        delta: {from: -0.75, to: 0.5, step: 0.25}
        noise: [1e-3, 1.0e-2]
        seed: {count: 3}
      run:
        kernels: [sgd, ode]
        t_max: 50
        checkpoints_per_decade: 4
        ode: {mode: limit, rtol: 1.0e-7}
      """;

  @Test
  void aSweepIsTheSameDocumentWhateverItsCommentsLayoutAndKeyOrder() throws SweepFileException {
    Sweep s = SweepFile.parse("test.yaml", GOOD);
    assertTrue(s.sameDocument(GOOD));
    assertTrue(s.sameDocument("# a comment\n" + GOOD.replace("model: {activation: erf, init: random, k: 2, p0: 2, gamma0: 1}",
        "model:  # the teacher\n  gamma0: 1\n  k: 2\n  p0: 2\n  activation: erf\n  init: random")));
    assertFalse(s.sameDocument(GOOD.replace("noise: [1e-3, 1.0e-2]", "noise: [1.0e-2, 1e-3]")), "a list's order counts");
    assertFalse(s.sameDocument(GOOD.replace("noise: [1e-3, 1.0e-2]", "noise: [0.001, 1.0e-2]")), "values as written");
    assertFalse(s.sameDocument(GOOD.replace("t_max: 50", "t_max: '50'")), "a string is not a number");
    assertFalse(s.sameDocument(GOOD.replace("checkpoints_per_decade: 4", "checkpoints_per_decade: 4\n  extra: 1")));
    assertFalse(s.sameDocument("name: [unclosed"), "what does not parse says something else");
  }

  @Test
  void expandsEveryCombinationWithTypedValues() {
    Sweep s = SweepFile.parse("test.yaml", GOOD);
    assertEquals("test", s.name());
    assertEquals(List.of(100, 200, 400), axis(s, "d"));
    assertEquals(List.of(-0.75, -0.5, -0.25, 0.0, 0.25, 0.5), axis(s, "delta"));
    assertEquals(List.of(1e-3, 1e-2), axis(s, "noise"));
    assertEquals(List.of(0L, 1L, 2L), axis(s, "seed"));
    assertEquals(List.of(Kernel.SGD, Kernel.ODE), s.kernels());
    assertEquals(OdeMode.LIMIT, s.setting(Parameter.ODE_MODE));
    assertEquals(1e-7, s.setting(Parameter.RTOL));
    assertEquals(1e-10, s.setting(Parameter.ATOL), "default");
    SweepPlan plan = SweepPlan.of(s);
    assertEquals(3 * 6 * 2 * 3, plan.tasks().size());
    Set<String> ids = new HashSet<>();
    Set<String> canonical = new HashSet<>();
    for (Task t : plan.tasks()) {
      ids.add(t.taskId());
      canonical.add(SweepPlan.canonical(t.params()));
      assertEquals(Activation.ERF, t.params().activation());
      assertEquals(50, t.params().tMax());
      assertEquals(4, t.params().checkpointsPerDecade());
    }
    assertEquals(plan.tasks().size(), ids.size(), "ids are distinct");
    assertEquals(plan.tasks().size(), canonical.size());
    // delta -0.75 and -0.5 are red, -0.25 orange, 0 blue, 0.25 and 0.5 green; 18 tasks per delta
    assertEquals(36, plan.tasksPerRegion().get(Region.RED));
    assertEquals(18, plan.tasksPerRegion().get(Region.ORANGE));
    assertEquals(18, plan.tasksPerRegion().get(Region.BLUE));
    assertEquals(36, plan.tasksPerRegion().get(Region.GREEN));
    for (int i = 1; i < plan.tasks().size(); i++) {
      assertTrue(plan.tasks().get(i - 1).estimatedNanos() >= plan.tasks().get(i).estimatedNanos(), "largest first");
    }
  }

  private static List<Object> axis(Sweep s, String parameter) {
    return s.axis(Parameter.named(parameter)).values();
  }

  @Test
  void taskIdsAreStableHashesOfTheParameters() {
    TaskParams t = TaskParams.builder().d(100).delta(0.5).seed(1).tMax(50).build();
    // the same parameters always give the same id: this value must never change between versions
    assertEquals(SweepPlan.taskId(t), SweepPlan.taskId(TaskParams.builder().d(100).delta(0.5).seed(1).tMax(50).build()));
    assertEquals(16, SweepPlan.taskId(t).length());
    assertEquals("activation=erf;init=random;k=2;p0=2.0;gamma0=1.0;d=100;kappa=0.0;delta=0.5;noise=0.001;seed=1;"
        + "t_max=50.0;checkpoints_per_decade=10;divergence_bound=100.0;mode=finite;rtol=1.0E-8;atol=1.0E-10",
        SweepPlan.canonical(t));
    assertNotEquals(SweepPlan.taskId(t), SweepPlan.taskId(t.toBuilder().seed(2).build()));
    assertNotEquals(SweepPlan.taskId(t), SweepPlan.taskId(t.toBuilder().rtol(1e-9).build()));
  }

  @Test
  void decimalRangesLandOnTheirEndpointsExactly() {
    Sweep s = SweepFile.parse("r.yaml", GOOD.replace("{from: -0.75, to: 0.5, step: 0.25}", "{from: 0.1, to: 0.3, step: 0.1}")
        .replace("{from: 100, to: 400, factor: 2}", "{from: 10, to: 1000, factor: 3.1622776601683795}"));
    assertEquals(List.of(0.1, 0.2, 0.3), axis(s, "delta"), "0.1 + 0.1 + 0.1 is 0.3 here, not 0.30000000000000004");
    assertEquals(List.of(10, 32, 100, 316, 1000), axis(s, "d"));
  }

  @Test
  void aModelSettingMayBeAGridAxis() {
    Sweep s = SweepFile.parse("a.yaml", GOOD.replace("model: {activation: erf, init: random, k: 2, p0: 2, gamma0: 1}",
        "model: {init: random, k: 2, p0: 2, gamma0: 1}").replace("  kappa: [0]", "  kappa: 0\n  activation: [erf, linear]"));
    assertEquals(List.of(Activation.ERF, Activation.LINEAR), axis(s, "activation"));
    assertEquals(List.of(0.0), axis(s, "kappa"), "a single value is an axis of one");
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("not YAML", "name: [x\n", "m.yaml:1: not valid YAML: while parsing a flow sequence..."),
        Arguments.of("empty", "", "m.yaml:1: the file is empty"),
        Arguments.of("not a map", "- 1\n- 2\n", "m.yaml:1: a sweep file is a map with the keys name, model, grid, run, analysis, cases"),
        Arguments.of("unknown top key", GOOD + "extra: 1\n", "m.yaml:14: extra: unknown key (expected one of name, model, grid, run, analysis, cases)"),
        Arguments.of("duplicate key", GOOD.replace("  kappa: [0]", "  kappa: [0]\n  kappa: [1]"), "m.yaml:6: duplicate key 'kappa' (first on line 5)"),
        Arguments.of("missing name", GOOD.replace("name: test\n", ""), "m.yaml:1: name: missing"),
        Arguments.of("bad name", GOOD.replace("name: test", "name: ../up"), "m.yaml:1: name: '../up' is not a folder name (letters, digits, '_', '.', '-'; at most 100)"),
        Arguments.of("unknown model key", GOOD.replace("gamma0: 1}", "gamma0: 1, lr: 2}"), "m.yaml:2: model.lr: unknown key (expected one of activation, teacher_activation, init, k, p0, gamma0, d, kappa, delta, noise, b0, beta, loss, constraint, m0, seed)"),
        Arguments.of("wrong type", GOOD.replace("k: 2,", "k: two,"), "m.yaml:2: model.k: must be a number, got 'two'"),
        Arguments.of("d below 2", GOOD.replace("d: {from: 100, to: 400, factor: 2}", "d: [1, 100]"), "m.yaml:4: grid.d: must be at least 2, got 1"),
        Arguments.of("d not whole", GOOD.replace("d: {from: 100, to: 400, factor: 2}", "d: [100.5]"), "m.yaml:4: grid.d: must be a whole number, got 100.5"),
        Arguments.of("p0 not positive", GOOD.replace("p0: 2", "p0: 0"), "m.yaml:2: model.p0: must be a finite number > 0, got 0.0"),
        Arguments.of("non-finite", GOOD.replace("noise: [1e-3, 1.0e-2]", "noise: [.nan]"), "m.yaml:7: grid.noise: must be a finite number, got .nan"),
        Arguments.of("t_max not positive", GOOD.replace("t_max: 50", "t_max: -1"), "m.yaml:11: run.t_max: must be a finite number > 0, got -1.0"),
        Arguments.of("missing t_max", GOOD.replace("  t_max: 50\n", ""), "m.yaml:9: run.t_max: missing"),
        Arguments.of("empty axis", GOOD.replace("kappa: [0]", "kappa: []"), "m.yaml:5: grid.kappa: empty list: a grid axis needs at least one value"),
        Arguments.of("duplicate value", GOOD.replace("kappa: [0]", "kappa: [0, 0.0]"), "m.yaml:5: grid.kappa: 0.0 appears twice"),
        Arguments.of("unknown activation", GOOD.replace("activation: erf", "activation: tanh"), "m.yaml:2: model.activation: unknown value 'tanh' (expected one of erf, linear, relu, he2, he3, he4)"),
        Arguments.of("unknown kernel", GOOD.replace("kernels: [sgd, ode]", "kernels: [sgd, mc]"), "m.yaml:10: run.kernels: unknown value 'mc' (expected one of sgd, sgd_overlaps, ode, ode_limit, mean_map)"),
        Arguments.of("set twice", GOOD.replace("  kappa: [0]", "  kappa: [0]\n  k: [2, 4]"), "m.yaml:6: grid.k: also set in model (line 2); set it in one place"),
        Arguments.of("missing axis", GOOD.replace("  noise: [1e-3, 1.0e-2]\n", ""), "m.yaml:3: grid.noise: missing (every sweep sets k, p0, gamma0, d, kappa, delta, noise in model or grid)"),
        Arguments.of("bad step", GOOD.replace("step: 0.25", "step: 0"), "m.yaml:6: grid.delta.step: must be > 0, got 0"),
        Arguments.of("bad range", GOOD.replace("{from: -0.75, to: 0.5, step: 0.25}", "{from: -0.75, to: 0.5}"), "m.yaml:6: grid.delta: a range is {from, to, step} (arithmetic) or {from, to, factor} (geometric)"),
        Arguments.of("zero seeds", GOOD.replace("seed: {count: 3}", "seed: {count: 0}"), "m.yaml:8: grid.seed.count: must be at least 1, got 0"),
        Arguments.of("unknown ode key", GOOD.replace("rtol: 1.0e-7}", "rtol: 1.0e-7, method: rk4}"), "m.yaml:13: run.ode.method: unknown key (expected one of mode, rtol, atol)"),
        Arguments.of("bad rtol", GOOD.replace("rtol: 1.0e-7", "rtol: 2"), "m.yaml:13: run.ode.rtol: must be between 1e-13 (what double precision can meet) and 0.1, got 2.0"),
        Arguments.of("no kernels", GOOD.replace("kernels: [sgd, ode]", "kernels: []"), "m.yaml:10: run.kernels: empty list (expected one or more of sgd, sgd_overlaps, ode, ode_limit, mean_map)"),
        Arguments.of("bad threshold", GOOD + "analysis: {risk_threshold: 0}\n", "m.yaml:14: analysis.risk_threshold: must be > 0, got 0.0"),
        Arguments.of("bad confidence", GOOD + "analysis: {confidence: 95}\n", "m.yaml:14: analysis.confidence: must be at least 0.5 and below 1, got 95.0"),
        Arguments.of("bad tolerance", GOOD + "analysis: {tolerance: -0.1}\n", "m.yaml:14: analysis.tolerance: must be between 0 and 1 (an exponent difference), got -0.1"),
        Arguments.of("few resamples", GOOD + "analysis: {bootstrap_resamples: 10}\n", "m.yaml:14: analysis.bootstrap_resamples: must be between 100 and 1000000, got 10"),
        Arguments.of("unknown fit", GOOD + "analysis: {fit: risk_init}\n", "m.yaml:14: analysis.fit: 'risk_init' is not one of risk_tail, risk_final"),
        Arguments.of("budgets not a list", GOOD + "analysis: {budget_exponents: 1}\n", "m.yaml:14: analysis.budget_exponents: must be a non-empty list of numbers"),
        Arguments.of("a budget twice", GOOD + "analysis: {budget_exponents: [1, 0.5, 1.0]}\n", "m.yaml:14: analysis.budget_exponents: 1.0 is listed twice"),
        Arguments.of("a budget not a number", GOOD + "analysis: {budget_exponents: [1, x]}\n", "m.yaml:14: analysis.budget_exponents: must be a number, got 'x'"),
        Arguments.of("unknown analysis key", GOOD + "analysis: {level: 1}\n", "m.yaml:14: analysis.level: unknown key (expected one of risk_threshold, tolerance, confidence, bootstrap_resamples, fit, budget_exponents)"),
        Arguments.of("cases not a list", GOOD + "cases: {activation: erf}\n", "m.yaml:14: cases: expected a list of maps, e.g. - {activation: he3, delta: 0.5}"),
        Arguments.of("case sets a setting set elsewhere", GOOD + "cases:\n  - {k: 1}\n  - {k: 3}\n", "m.yaml:2: k: also set in cases (line 14); set it in one place"),
        Arguments.of("cases set different keys", GOOD.replace("  kappa: [0]\n", "") + "cases:\n  - {kappa: 0}\n  - {kappa: 0.5, p0: 1}\n",
            "m.yaml:15: cases[2]: sets kappa, p0 but cases[1] sets kappa (every case sets the same keys)"),
        Arguments.of("unknown case key", GOOD.replace("  kappa: [0]\n", "") + "cases:\n  - {kappa: 0, lr: 1}\n", "m.yaml:14: cases[1].lr: unknown key (expected one of activation, teacher_activation, init, k, p0, gamma0, d, kappa, delta, noise, b0, beta, loss, constraint, m0, seed, t_max, checkpoints_per_decade, divergence_bound, steps0, steps_exponent)"),
        Arguments.of("same case twice", GOOD.replace("  kappa: [0]\n", "") + "cases:\n  - {kappa: 0}\n  - {kappa: 0.0}\n", "m.yaml:15: cases[2]: the same as an earlier case"),
        Arguments.of("overlapping cases", GOOD.replace("  kappa: [0]\n", "") + "cases:\n  - {kappa: [0, 0.5]}\n  - {kappa: 0.5}\n", "m.yaml:14: cases: two cases give the same task (activation=erf;..."),
        Arguments.of("bad value in a case", GOOD.replace("  kappa: [0]\n", "") + "cases:\n  - {kappa: 0}\n  - {kappa: 5}\n", "m.yaml:15: cases[2].kappa: gives p = p0 d^kappa = 2.0E10 hidden units, too many"),
        Arguments.of("d too small for the chain", GOOD.replace("kernels: [sgd, ode]", "kernels: [sgd, sgd_overlaps]")
            .replace("d: {from: 100, to: 400, factor: 2}", "d: [4, 100]"), "m.yaml:4: grid.d: the overlap chain needs d >= p + k + min(p, batch) = 5, got 4"),
                Arguments.of("too wide", GOOD.replace("kappa: [0]", "kappa: [0, 5]"), "m.yaml:5: grid.kappa: gives p = p0 d^kappa = 2.0E10 hidden units, too many"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedSweepFilesGiveTheLineTheFieldAndTheReason(String what, String text, String message) {
    SweepFileException e = assertThrows(SweepFileException.class, () -> SweepPlan.of(SweepFile.parse("m.yaml", text)));
    if (message.endsWith("...")) {
      String prefix = message.substring(0, message.length() - 3);
      assertTrue(e.getMessage().startsWith(prefix), what + ": " + e.getMessage());
    } else {
      assertEquals(message, e.getMessage(), what);
    }
  }

  /** Each case a grid of its own, crossed with the rest of the file; the tasks of all cases. */
  @Test
  void casesAreGridsOfTheirOwn() {
    String text = GOOD.replace("activation: erf, ", "").replace("  kappa: [0]\n", "").replace("  t_max: 50\n", "")
        + "cases:\n  - {kappa: 0, activation: he3, t_max: 10}\n  - {kappa: [0.25, 0.5], t_max: 20, activation: erf}\n";
    Sweep s = SweepFile.parse("c.yaml", text);
    SweepPlan plan = SweepPlan.of(s);
    // the axes outside the cases: d 3, delta 6, noise 2, seed 3 = 108 tasks; the first case 1 kappa, the second 2
    assertEquals(108 * 3, plan.tasks().size());
    assertEquals(108 * 3, s.taskCount());
    assertEquals(108, plan.tasks().stream().filter(t -> t.params().activation() == Activation.HE3).count());
    for (Task t : plan.tasks()) {
      boolean first = t.params().activation() == Activation.HE3;
      assertEquals(first ? 10.0 : 20.0, t.params().tMax(), "a run setting goes with its case");
      assertEquals(first, t.params().kappa() == 0.0, "a model setting goes with its case");
    }
    assertEquals(List.of(0.0, 0.25, 0.5), axis(s, "kappa"), "the sweep's axis lists every case's values");
    assertEquals(1, SweepFile.parse("g.yaml", GOOD).grids().size(), "without cases, the one grid");
  }

  @Test
  void analysisSettingsAreReadWithDefaults() {
    assertEquals(phasesweep.driver.sweep.AnalysisSettings.DEFAULT, SweepFile.parse("m.yaml", GOOD).analysis());
    Sweep s = SweepFile.parse("m.yaml", GOOD + "analysis: {risk_threshold: 1.0e-4, tolerance: 0.1, confidence: 0.9, "
        + "bootstrap_resamples: 500, fit: risk_final, budget_exponents: [1.5, 0.25]}\n");
    assertEquals(new phasesweep.driver.sweep.AnalysisSettings(1e-4, 0.1, 0.9, 500, "risk_final", List.of(1.5, 0.25)),
        s.analysis());
  }

  @Test
  void shippedSweepFilesAreValid() {
    for (String name : List.of("smoke", "quickstart", "paper-scaling", "paper-scaling-ode", "paper-scaling-chain",
        "phase-diagram", "information-exponent", "single-index", "activations", "batch", "green-width",
        "finite-size-law")) {
      Sweep s = SweepFile.read(Path.of("..", "sweeps", name + ".yaml"));
      assertEquals(name, s.name());
      assertTrue(SweepPlan.of(s).tasks().size() > 0);
    }
  }
}
