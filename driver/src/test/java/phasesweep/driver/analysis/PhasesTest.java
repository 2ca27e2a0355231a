package phasesweep.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import phasesweep.driver.sweep.AnalysisSettings;
import phasesweep.kernels.Status;
import phasesweep.kernels.Region;
import phasesweep.kernels.Theory;

/**
 * The fits and phases tables on synthetic runs: a group for each region, and the runs a fit
 * must leave out (diverged, failed, no ODE, no value), counted.
 */
class PhasesTest {
  static final int[] D = {100, 200, 400, 800};
  static final AnalysisSettings SETTINGS = AnalysisSettings.DEFAULT;

  /** Runs with risk {@code c d^b} times lognormal seed noise, starting at risk 0.3. */
  static List<Fits.Observation> runs(double b, double noise, long rngSeed) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(rngSeed);
    ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
    List<Fits.Observation> obs = new ArrayList<>();
    for (int d : D) {
      for (long seed = 0; seed < 4; seed++) {
        obs.add(new Fits.Observation(d, seed, Status.OK, 1e-3 * Math.pow(d, b) * Math.exp(noise * gauss.sample()), 0.3));
      }
    }
    return obs;
  }

  static Phases.Row classify(double kappa, double delta, List<Fits.Observation> obs) {
    Fits.Row fit = Fits.fit("risk_tail", obs, Theory.residualRiskExponent(kappa, delta, 0), SETTINGS, 7);
    return Phases.classify(Region.of(kappa, delta, 0), fit, obs);
  }

  @Test
  void eachRegionIsMeasuredFromItsScaling() {
    Phases.Row green = classify(0, 0.5, runs(-0.5, 0.05, 1));
    assertEquals(Region.GREEN, green.measured());
    assertTrue(green.agree());
    Phases.Row blue = classify(0, 0, runs(0, 0.05, 2));
    assertEquals(Region.BLUE, blue.measured());
    assertTrue(blue.agree());
    Phases.Row orange = classify(0, -0.25, runs(0.25, 0.05, 3));
    assertEquals(Region.ORANGE, orange.measured());
    assertTrue(orange.agree());
  }

  @Test
  void redWhenMostRunsAtTheLargestDDiverged() {
    List<Fits.Observation> obs = new ArrayList<>(runs(0, 0.05, 4));
    obs.replaceAll(o -> o.d() == 800 && o.seed() < 3 ? new Fits.Observation(800, o.seed(), Status.DIVERGED, Double.NaN, 0.3) : o);
    Phases.Row red = classify(0, -0.75, obs);
    assertEquals(Region.RED, red.measured());
    assertEquals(0.75, red.divergedFraction());
    assertTrue(red.agree());
    // exactly half diverged is not most: the fit over the rest decides
    obs.replaceAll(o -> o.d() == 800 && o.seed() == 2 ? new Fits.Observation(800, 2, Status.OK, 1e-3, 0.3) : o);
    assertEquals(Region.BLUE, classify(0, -0.75, obs).measured());
  }

  @Test
  void aRiskThatNeverFellIsOrangeWhateverTheSlope() {
    List<Fits.Observation> obs = new ArrayList<>();
    for (Fits.Observation o : runs(-0.5, 0.01, 5)) {
      obs.add(new Fits.Observation(o.d(), o.seed(), Status.OK, o.value(), o.value() / 2)); // ends above its start
    }
    Phases.Row row = classify(0, 0.5, obs);
    assertEquals(Region.ORANGE, row.measured());
    assertTrue(row.neverFell());
    assertEquals(false, row.agree());
  }

  @Test
  void runsWithoutAValueAreLeftOutAndCounted() {
    List<Fits.Observation> obs = new ArrayList<>(runs(-0.5, 0.05, 6));
    obs.add(new Fits.Observation(400, 9, Status.DIVERGED, Double.NaN, 0.3));
    obs.add(new Fits.Observation(400, 10, Status.FAILED, Double.NaN, Double.NaN));
    obs.add(new Fits.Observation(800, 11, Status.OK, Double.NaN, 0.3)); // e.g. a threshold never reached
    Fits.Row fit = Fits.fit("risk_tail", obs, -0.5, SETTINGS, 7);
    assertEquals(16, fit.runs());
    assertEquals(3, fit.leftOut());
    assertEquals(1, fit.diverged());
    assertEquals(1, fit.failed());
    assertEquals(1, fit.notReached());
    assertEquals(fit.fit().exponent(), Fits.fit("risk_tail", runs(-0.5, 0.05, 6), -0.5, SETTINGS, 7).fit().exponent());
    assertTrue(fit.consistent());
  }

  @Test
  void consistentMeansInsideTheIntervalOrWithinTheTolerance() {
    // deterministic runs (one seed, like the ODE): a zero-width interval, so the tolerance decides
    List<Fits.Observation> obs = new ArrayList<>();
    for (int d : D) {
      obs.add(new Fits.Observation(d, 0, Status.OK, Math.pow(d, -0.54), 1));
    }
    Fits.Row near = Fits.fit("risk_tail", obs, -0.5, SETTINGS, 1);
    assertEquals(-0.04, near.difference(), 1e-9);
    assertEquals(0, near.fit().halfWidth(), 1e-12);
    assertTrue(near.consistent());
    Fits.Row far = Fits.fit("risk_tail", obs, -0.48, SETTINGS, 1);
    assertEquals(false, far.consistent());
    assertNull(Fits.fit("risk_tail", obs, Double.NaN, SETTINGS, 1).consistent());
  }

  @Test
  void noVerdictWithoutAnODEOrWithOneValueOfD() {
    List<Fits.Observation> noOde = new ArrayList<>();
    for (int d : D) {
      noOde.add(new Fits.Observation(d, 0, Status.NO_ODE, Double.NaN, Double.NaN));
    }
    Phases.Row row = classify(0, -0.75, noOde);
    assertNull(row.measured());
    assertNull(row.agree());
    assertTrue(row.note().contains("no_ode"), row.note());

    List<Fits.Observation> oneD = List.of(new Fits.Observation(100, 0, Status.OK, 1e-3, 0.3),
        new Fits.Observation(100, 1, Status.OK, 1.1e-3, 0.3));
    Phases.Row single = classify(0, 0.5, oneD);
    assertNull(single.measured());
    assertTrue(single.note().startsWith("no verdict: no fit: 1 value(s) of d"), single.note());
  }
}
