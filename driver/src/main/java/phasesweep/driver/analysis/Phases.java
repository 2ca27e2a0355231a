package phasesweep.driver.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import phasesweep.kernels.Status;
import phasesweep.kernels.model.Region;
import phasesweep.kernels.theory.Law;
import phasesweep.kernels.theory.Quantity;
import phasesweep.kernels.theory.Theory;

/**
 * One row of the {@code phases} table: a point of a theory's plane (a group of runs) judged
 * against the signature of the region the theory puts it in (docs/physics.md §5.1): the
 * verdicts of its signature laws combined, disagree if one disagrees, agree if all agree,
 * undetermined otherwise.
 */
public final class Phases {
  /**
   * @param theory null when no theory speaks of the group ({@code verdict} says why)
   * @param region the theory's region (null without a theory)
   * @param law the signature law judged (the first one that decided the verdict), null without one
   * @param fit the fit of that law's quantity, null for divergence or without one
   * @param divergedFraction of the runs at the largest d (failed runs not counted), NaN without runs
   * @param learnedFraction of the finished runs at the largest d, those that reached the risk threshold
   */
  public record Row(Theory theory, Region region, Law law, Fits.Row fit, Verdict verdict, int dMax, int runsAtDMax,
      double divergedFraction, double learnedFraction) {}

  private Phases() {}

  /** A group no theory speaks of: why, for each theory. */
  public static Row noTheory(String reason, List<Fits.Observation> runs, double learnedFraction) {
    Count c = count(runs);
    return new Row(null, null, null, null, Verdict.noTheory(reason), c.dMax, c.atDMax, c.fraction(), learnedFraction);
  }

  /**
   * The verdict of {@code theory} on a group in its scope.
   *
   * @param signature the laws of the group's region that its verdict tests
   * @param fitOf the group's fits row of this theory for a quantity (null if none)
   * @param runs the group's runs (their statuses at the largest d judge divergence)
   */
  public static Row judge(Theory theory, Region region, List<Law> signature, Function<Quantity, Fits.Row> fitOf,
      List<Fits.Observation> runs, double learnedFraction) {
    Count c = count(runs);
    List<Row> judged = new ArrayList<>();
    for (Law law : signature) {
      if (law.kind() == Law.Kind.DIVERGES) {
        Verdict v = c.atDMax > 0 && c.noOde == c.atDMax
            ? Verdict.undetermined("no ODE", "the ODE does not exist here (status no_ode), as the theory states: "
                + "the SGD rows judge divergence")
            : Verdict.ofDivergence(c.atDMax, c.diverged, c.dMax);
        judged.add(new Row(theory, region, law, null, v, c.dMax, c.atDMax, c.fraction(), learnedFraction));
      } else {
        Fits.Row fit = fitOf.apply(law.quantity());
        Verdict v = fit != null ? fit.verdict()
            : c.atDMax > 0 && c.noOde == c.atDMax ? Verdict.undetermined("no ODE", "the ODE does not exist here (status no_ode)")
            : Verdict.undetermined("no fit", "no " + law.quantity().ids().get(0) + " was measured");
        judged.add(new Row(theory, region, law, fit, v, c.dMax, c.atDMax, c.fraction(), learnedFraction));
      }
    }
    if (judged.isEmpty()) {
      return new Row(theory, region, null, null, Verdict.undetermined("no signature", theory.id()
          + " states no signature law here"), c.dMax, c.atDMax, c.fraction(), learnedFraction);
    }
    for (Verdict.Outcome decides : List.of(Verdict.Outcome.DISAGREE, Verdict.Outcome.UNDETERMINED)) {
      for (Row r : judged) {
        if (r.verdict().outcome() == decides) {
          return r;
        }
      }
    }
    return judged.get(0);
  }

  private record Count(int dMax, int atDMax, int diverged, int noOde) {
    double fraction() {
      return atDMax > 0 ? (double) diverged / atDMax : Double.NaN;
    }
  }

  /** The runs at the largest d, failed ones not counted. */
  private static Count count(List<Fits.Observation> runs) {
    int dMax = runs.stream().mapToInt(Fits.Observation::d).max().orElse(0);
    int atDMax = 0;
    int diverged = 0;
    int noOde = 0;
    for (Fits.Observation o : runs) {
      if (o.d() != dMax || o.status() == Status.FAILED) {
        continue;
      }
      atDMax++;
      diverged += o.status() == Status.DIVERGED ? 1 : 0;
      noOde += o.status() == Status.NO_ODE ? 1 : 0;
    }
    return new Count(dMax, atDMax, diverged, noOde);
  }
}
