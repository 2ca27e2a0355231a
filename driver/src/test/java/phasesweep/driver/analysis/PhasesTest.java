package phasesweep.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import phasesweep.driver.sweep.AnalysisSettings;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.Status;
import phasesweep.kernels.model.Region;
import phasesweep.kernels.theory.Law;
import phasesweep.kernels.theory.Quantity;
import phasesweep.kernels.theory.Settings;
import phasesweep.kernels.theory.Theory;

/**
 * The verdicts of docs/physics.md §5.1 on synthetic runs whose law is known: each is a test that
 * can fail (a wrong exponent of the right sign disagrees), and undetermined where the data cannot
 * decide (a wide interval, two values of d, runs that did not learn).
 */
class PhasesTest {
  static final int[] D = {100, 200, 400, 800};
  static final AnalysisSettings SETTINGS = AnalysisSettings.DEFAULT;
  static final Theory THEORY = Theory.VEIGA2022;

  /** Runs with a quantity {@code c d^b} times lognormal seed noise, starting at risk 0.3. */
  static List<Fits.Observation> runs(int[] ds, int seeds, double b, double noise, long rngSeed) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(rngSeed);
    ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
    List<Fits.Observation> obs = new ArrayList<>();
    for (int d : ds) {
      for (long seed = 0; seed < seeds; seed++) {
        obs.add(new Fits.Observation(d, seed, Status.OK, 1e-3 * Math.pow(d, b) * Math.exp(noise * gauss.sample()), 0.3));
      }
    }
    return obs;
  }

  static List<Fits.Observation> runs(double b, double noise, long rngSeed) {
    return runs(D, 4, b, noise, rngSeed);
  }

  static Settings at(double kappa, double delta, String teacher) {
    Map<Parameter, Object> s = Map.of(Parameter.KAPPA, kappa, Parameter.DELTA, delta, Parameter.BETA, 0.0,
        Parameter.ACTIVATION, "erf", Parameter.TEACHER_ACTIVATION, teacher);
    return p -> s.getOrDefault(p, p.defaultValue());
  }

  static Fits.Row fit(Quantity q, List<Fits.Observation> obs, Settings s, double learned) {
    return Fits.fit(q == Quantity.RISK ? "risk_tail" : q.ids().get(0), obs, THEORY, THEORY.law(q, s), "", SETTINGS, 7,
        learned);
  }

  /** The phases row of a point whose signature quantity measured {@code obs} (every run learned). */
  static Phases.Row judge(double kappa, double delta, List<Fits.Observation> obs) {
    Settings s = at(kappa, delta, "erf");
    List<Law> signature = THEORY.laws(s).stream().filter(Law::signature).toList();
    return Phases.judge(THEORY, THEORY.region(s), signature, q -> fit(q, obs, s, 1.0), obs, 1.0);
  }

  static Verdict.Outcome outcome(Phases.Row row) {
    return row.verdict().outcome();
  }

  @Test
  void aGreenPointAgreesOnlyWithItsExponent() {
    assertEquals(Verdict.Outcome.AGREE, outcome(judge(0, 0.5, runs(-0.5, 0.05, 1))));
    // the right sign, the wrong exponent: the old sign test called it green, agree
    Phases.Row wrong = judge(0.5, 0.25, runs(-0.18, 0.05, 1));
    assertEquals(Region.GREEN, wrong.region());
    assertEquals(Verdict.Outcome.DISAGREE, outcome(wrong), wrong.verdict().reason());
    assertFalse(wrong.verdict().outcome().agree());
  }

  @Test
  void aBluePointAgreesWithANarrowIntervalAndIsUndeterminedWithAWideOne() {
    assertEquals(Verdict.Outcome.AGREE, outcome(judge(0, 0, runs(0, 0.02, 2))));
    // three seeds and a large spread: the interval reaches past the tolerance on both sides
    Phases.Row wide = judge(0, 0, runs(new int[] {16, 81, 256}, 3, 0.05, 0.4, 2));
    assertEquals(Verdict.Outcome.UNDETERMINED, outcome(wide), wide.verdict().reason());
    assertEquals("interval too wide", wide.verdict().because());
    assertNull(wide.verdict().outcome().agree());
    // a plateau that grows with d, measured precisely, disagrees
    assertEquals(Verdict.Outcome.DISAGREE, outcome(judge(0, 0, runs(0.3, 0.02, 2))));
  }

  @Test
  void aGreenPointNearTheBlueLineMustBeToldFromIt() {
    // kappa + delta = 0.04: the margin shrinks to 0.02, half the way to blue's 0
    Settings s = at(0, 0.04, "erf");
    Law law = THEORY.law(Quantity.RISK, s);
    assertEquals(0.02, Verdict.margin(law, SETTINGS.tolerance()), 1e-12);
    Fits.Row exact = fit(Quantity.RISK, runs(-0.04, 0.002, 3), s, 1.0);
    assertEquals(Verdict.Outcome.AGREE, exact.verdict().outcome(), exact.verdict().reason());
    Fits.Row flat = fit(Quantity.RISK, runs(0.0, 0.002, 3), s, 1.0);
    assertEquals(Verdict.Outcome.DISAGREE, flat.verdict().outcome(), flat.verdict().reason());
  }

  @Test
  void anOrangePointStillLearningIsNotOrangeByItsSign() {
    // the risk exponent is positive (the old rule: orange, agree), but the samples to weak recovery
    // grow as d^(1 + 2(kappa + delta)): M moves on the orange time scale, which the theory denies
    double sum = -0.25;
    List<Fits.Observation> recovery = runs(1 + 2 * sum, 0.02, 4);
    Phases.Row row = judge(0, sum, recovery);
    assertEquals(Region.ORANGE, row.region());
    assertEquals(Quantity.WEAK_RECOVERY, row.law().quantity());
    assertEquals(Verdict.Outcome.DISAGREE, outcome(row), row.verdict().reason());
    // frozen M: weak recovery needs d^(1 + kappa + delta) samples, more than a unit of orange time
    assertEquals(Verdict.Outcome.AGREE, outcome(judge(0, sum, runs(1 + sum, 0.02, 4))));
  }

  @Test
  void noVerdictFromTwoValuesOfD() {
    Settings s = at(0, 0.5, "erf");
    Fits.Row two = fit(Quantity.RISK, runs(new int[] {100, 200}, 4, -0.5, 0.01, 5), s, 1.0);
    assertNotNull(two.fit());
    assertFalse(two.interval());
    assertNull(two.consistent());
    assertEquals(Verdict.Outcome.UNDETERMINED, two.verdict().outcome());
    assertEquals("too few d", two.verdict().because());
  }

  @Test
  void aResidualLawNeedsRunsThatLearned() {
    Settings s = at(0, 0, "erf");
    Fits.Row stuck = fit(Quantity.RISK, runs(0, 0.01, 6), s, 0.0);
    assertEquals(Verdict.Outcome.UNDETERMINED, stuck.verdict().outcome());
    assertEquals("not learned", stuck.verdict().because());
    assertEquals(Verdict.Outcome.AGREE, fit(Quantity.RISK, runs(0, 0.01, 6), s, 1.0).verdict().outcome());
  }

  @Test
  void he3StuckIsNotAgree() {
    // he3's risk stays at its start at every d: exponent 0, which the sign test called blue, agree
    Settings s = at(0, 0, "he3");
    String why = THEORY.outOfScope(s);
    assertNotNull(why);
    assertTrue(why.contains("information exponent 1") && why.contains("he3 has 3"), why);
    Phases.Row row = Phases.noTheory(why, runs(0, 0.01, 7), 0.0);
    assertEquals(Verdict.Outcome.NO_THEORY, outcome(row));
    assertNotEquals(Boolean.TRUE, row.verdict().outcome().agree());
    assertNull(THEORY.outOfScope(at(0, 0, "relu")));
  }

  @Test
  void redByDivergenceAtTheLargestD() {
    List<Fits.Observation> obs = new ArrayList<>(runs(0, 0.05, 8));
    obs.replaceAll(o -> o.d() == 800 && o.seed() < 3 ? new Fits.Observation(800, o.seed(), Status.DIVERGED, Double.NaN, 0.3) : o);
    Phases.Row red = judge(0, -0.75, obs);
    assertEquals(Verdict.Outcome.AGREE, outcome(red));
    assertEquals(0.75, red.divergedFraction());
    // half is not most
    obs.replaceAll(o -> o.d() == 800 && o.seed() == 2 ? new Fits.Observation(800, 2, Status.OK, 1e-3, 0.3) : o);
    assertEquals(Verdict.Outcome.UNDETERMINED, outcome(judge(0, -0.75, obs)));
    // none diverged: the theory's red is contradicted
    assertEquals(Verdict.Outcome.DISAGREE, outcome(judge(0, -0.75, runs(0, 0.05, 8))));
    // the ODE does not exist there: no decision from its rows
    List<Fits.Observation> noOde = new ArrayList<>();
    for (int d : D) {
      noOde.add(new Fits.Observation(d, 0, Status.NO_ODE, Double.NaN, Double.NaN));
    }
    Phases.Row ode = judge(0, -0.75, noOde);
    assertEquals(Verdict.Outcome.UNDETERMINED, outcome(ode));
    assertEquals("no ODE", ode.verdict().because());
  }

  @Test
  void runsWithoutAValueAreLeftOutAndCounted() {
    Settings s = at(0, 0.5, "erf");
    List<Fits.Observation> obs = new ArrayList<>(runs(-0.5, 0.05, 9));
    obs.add(new Fits.Observation(400, 9, Status.DIVERGED, Double.NaN, 0.3));
    obs.add(new Fits.Observation(400, 10, Status.FAILED, Double.NaN, Double.NaN));
    obs.add(new Fits.Observation(800, 11, Status.OK, Double.NaN, 0.3)); // e.g. a threshold never reached
    Fits.Row fit = fit(Quantity.RISK, obs, s, 1.0);
    assertEquals(16, fit.runs());
    assertEquals(3, fit.leftOut());
    assertEquals(1, fit.diverged());
    assertEquals(1, fit.failed());
    assertEquals(1, fit.notReached());
    assertEquals(fit.fit().exponent(), fit(Quantity.RISK, runs(-0.5, 0.05, 9), s, 1.0).fit().exponent());
    assertTrue(fit.consistent());
  }

  @Test
  void theTheoryStatesNoRiskExponentInOrange() {
    // the residual-risk exponent -(kappa + delta) of orange is stated by no published theory
    assertNull(THEORY.law(Quantity.RISK, at(0, -0.25, "erf")));
    Fits.Row row = Fits.fit("risk_tail", runs(0.25, 0.05, 10), null, null, "veiga2022 states no law for risk_tail",
        SETTINGS, 7, 1.0);
    assertTrue(Double.isNaN(row.theoryExponent()));
    assertEquals(Verdict.Outcome.NO_THEORY, row.verdict().outcome());
  }
}
