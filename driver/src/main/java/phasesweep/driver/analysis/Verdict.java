package phasesweep.driver.analysis;

import phasesweep.kernels.EnumIds;
import phasesweep.kernels.theory.Law;

/**
 * The verdict of a theory's law on the data (docs/physics.md §5.1): a test that can fail, and
 * {@code undetermined} when the data cannot decide. An exponent the law states is judged by an
 * equivalence test on the fit's bootstrap interval {@code [lo, hi]} (at the analysis'
 * confidence) with the margin {@code tau}, the analysis' tolerance, narrowed to half the distance
 * to the neighbouring region's exponent where the law names one:
 * <ul>
 *   <li>agree: the whole interval lies within {@code b_theory ± tau};
 *   <li>disagree: the interval lies wholly outside it;
 *   <li>undetermined: the interval straddles an edge of the band (more seeds or values of d decide).
 * </ul>
 * A bound {@code b > b_0} agrees when {@code lo > b_0 + tau} and disagrees when
 * {@code hi < b_0 + tau}. Divergence agrees when most runs at the largest d diverged and disagrees
 * when none did. A fit on fewer than {@link #MIN_D_VALUES} values of d has no interval and no verdict.
 *
 * @param outcome the verdict
 * @param because for {@code undetermined} and {@code no_theory}, a short category ("too few d") that
 *     the run's summary line counts; empty otherwise
 * @param reason one line: the evidence
 */
public record Verdict(Outcome outcome, String because, String reason) {
  /** Values of d a fit needs for an interval and a verdict. */
  public static final int MIN_D_VALUES = 3;

  /** A verdict's outcome. */
  public enum Outcome {
    AGREE, DISAGREE, UNDETERMINED, NO_THEORY;

    public String id() {
      return EnumIds.id(this);
    }

    /** The outcome of its id (the {@code verdict} column). */
    public static Outcome of(String id) {
      return EnumIds.parse(Outcome.class, id, "verdict");
    }

    /** The {@code agree} column: true, false, or null (no decision). */
    public Boolean agree() {
      return this == AGREE ? Boolean.TRUE : this == DISAGREE ? Boolean.FALSE : null;
    }
  }

  public static Verdict undetermined(String because, String reason) {
    return new Verdict(Outcome.UNDETERMINED, because, reason);
  }

  public static Verdict noTheory(String reason) {
    return new Verdict(Outcome.NO_THEORY, "no theory", reason);
  }

  /** The margin of an {@link Law.Kind#EQUALS} law: the tolerance, at most half the way to the alternative. */
  public static double margin(Law law, double tolerance) {
    return Double.isNaN(law.alternative()) ? tolerance
        : Math.min(tolerance, Math.abs(law.exponent() - law.alternative()) / 2);
  }

  /**
   * The verdict of an exponent law on a fit.
   *
   * @param fit the fit of the law's quantity (null: none)
   * @param learnedFraction of the finished runs at the largest d, those that reached the risk
   *     threshold (for a law that {@link Law#needsLearning}; NaN if unknown)
   */
  public static Verdict ofExponent(Law law, ScalingFit.Result fit, String noFit, double tolerance,
      double learnedFraction) {
    if (fit == null) {
      return undetermined("no fit", noFit);
    }
    if (fit.dValues() < MIN_D_VALUES) {
      return undetermined("too few d", String.format("b = %.3f from %d values of d: a verdict needs %d", fit.exponent(),
          fit.dValues(), MIN_D_VALUES));
    }
    if (law.needsLearning() && !(learnedFraction >= 0.5)) {
      return undetermined("not learned", String.format("the law is about the learned state, and %s of the runs at "
          + "the largest d reached the risk threshold", Double.isNaN(learnedFraction) ? "none"
          : String.format("%.0f%%", 100 * learnedFraction)));
    }
    double lo = fit.ciLow();
    double hi = fit.ciHigh();
    String interval = String.format("b = %.3f [%.3f, %.3f]", fit.exponent(), lo, hi);
    if (law.kind() == Law.Kind.ABOVE) {
      double edge = law.exponent() + tolerance;
      if (lo > edge) {
        return new Verdict(Outcome.AGREE, "", String.format("%s above %.3f + %.3f", interval, law.exponent(), tolerance));
      }
      if (hi < edge) {
        return new Verdict(Outcome.DISAGREE, "", String.format("%s not above %.3f + %.3f", interval, law.exponent(),
            tolerance));
      }
      return undetermined("interval too wide", String.format("%s straddles %.3f + %.3f", interval, law.exponent(),
          tolerance));
    }
    double tau = margin(law, tolerance);
    double low = law.exponent() - tau;
    double high = law.exponent() + tau;
    String band = String.format("%.3f ± %.3f", law.exponent(), tau);
    if (lo >= low && hi <= high) {
      return new Verdict(Outcome.AGREE, "", interval + " within " + band);
    }
    if (hi < low || lo > high) {
      return new Verdict(Outcome.DISAGREE, "", interval + " outside " + band);
    }
    return undetermined("interval too wide", interval + " straddles an edge of " + band);
  }

  /**
   * The verdict of {@link Law.Kind#DIVERGES}: most runs at the largest d diverged (agree), none
   * did (disagree), or some (undetermined).
   */
  public static Verdict ofDivergence(int runsAtDMax, int divergedAtDMax, int dMax) {
    if (runsAtDMax == 0) {
      return undetermined("no runs", "no finished run at the largest d");
    }
    String what = String.format("%d of %d runs at d = %d diverged", divergedAtDMax, runsAtDMax, dMax);
    if (2 * divergedAtDMax > runsAtDMax) {
      return new Verdict(Outcome.AGREE, "", what);
    }
    if (divergedAtDMax == 0) {
      return new Verdict(Outcome.DISAGREE, "", what);
    }
    return undetermined("some diverged", what);
  }
}
