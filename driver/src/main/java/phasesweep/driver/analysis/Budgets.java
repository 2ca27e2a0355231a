package phasesweep.driver.analysis;

import java.util.Locale;

/**
 * Whether a group learns within a budget of {@code T ~ d^theta} steps, as its theory says and as
 * its fit says, and whether they agree (docs/physics.md §5.1, §5.4). Both statements are
 * asymptotic: whatever the budget's prefactor, the runs learn within it as {@code d} grows when
 * {@code theta} exceeds the exponent of their time to learn, and do not when it falls short.
 * So the theory decides when {@code theta} is off its line by more than the tolerance (on it, the
 * constants decide), and the data decide when {@code theta} lies outside the fitted exponent's
 * interval.
 */
public final class Budgets {
  private Budgets() {}

  /** The two statements (null: undecided) and the verdict, with why. */
  public record Judgement(Boolean theoryLearns, Boolean dataLearns, Verdict.Outcome outcome, String reason) {}

  /**
   * @param theta the budget's exponent
   * @param theoryTheta the theory's exponent of the time to learn
   * @param tolerance how far off the theory's line {@code theta} must be for the theory to decide
   * @param low the fitted exponent's interval, NaN without one
   * @param high its upper end, NaN without one
   */
  public static Judgement judge(double theta, double theoryTheta, double tolerance, double low, double high) {
    Boolean theory = theta > theoryTheta + tolerance ? Boolean.TRUE
        : theta < theoryTheta - tolerance ? Boolean.FALSE : null;
    boolean interval = Double.isFinite(low) && Double.isFinite(high);
    Boolean data = !interval ? null : theta > high ? Boolean.TRUE : theta < low ? Boolean.FALSE : null;
    String budget = "d^" + two(theta);
    if (theory == null) {
      return new Judgement(null, data, Verdict.Outcome.UNDETERMINED, String.format(Locale.ROOT,
          "%s is within %s of the theory's time d^%s: its constants decide, not its exponent", budget, two(tolerance),
          two(theoryTheta)));
    }
    if (data == null) {
      return new Judgement(theory, null, Verdict.Outcome.UNDETERMINED, !interval
          ? "no fitted interval of the time to learn (fewer than 3 values of d, or runs that did not learn)"
          : String.format(Locale.ROOT, "%s lies within the fitted time's interval d^[%s, %s]", budget, two(low),
              two(high)));
    }
    String says = String.format(Locale.ROOT, "the theory (time d^%s) says %s, the fit (d^[%s, %s]) says %s within %s",
        two(theoryTheta), learns(theory), two(low), two(high), learns(data), budget);
    return new Judgement(theory, data, theory.equals(data) ? Verdict.Outcome.AGREE : Verdict.Outcome.DISAGREE, says);
  }

  private static String learns(boolean learns) {
    return learns ? "it learns" : "it does not learn";
  }

  private static String two(double v) {
    return String.format(Locale.ROOT, "%.2f", Math.abs(v) < 0.005 ? 0.0 : v);
  }
}
