package phasesweep.driver.analysis;

import java.util.List;
import phasesweep.kernels.Region;
import phasesweep.kernels.Status;

/**
 * One row of the {@code phases} table: the measured region of a {@code (kappa, delta)} point by
 * {@link PhaseRule}, from its risk fit and its runs at the largest d, against the theory region.
 */
public final class Phases {
  /**
   * @param measured null when the runs allow no verdict (see {@code note})
   * @param agree null when {@code measured} is
   * @param divergedFraction of the runs at the largest d (failed runs not counted)
   * @param neverFell the mean final risk at the largest d is not below the mean initial risk
   */
  public record Row(Region theory, Region measured, Boolean agree, double exponent, double halfWidth, double margin,
      int dMax, int runsAtDMax, double divergedFraction, boolean neverFell, String note) {}

  private Phases() {}

  public static Row classify(Region theory, Fits.Row riskFit, List<Fits.Observation> runs) {
    int dMax = runs.stream().mapToInt(Fits.Observation::d).max().orElse(0);
    int atDMax = 0;
    int diverged = 0;
    int noOde = 0;
    int ok = 0;
    double start = 0;
    double end = 0;
    for (Fits.Observation o : runs) {
      if (o.d() != dMax || o.status() == Status.FAILED) {
        continue;
      }
      atDMax++;
      switch (o.status()) {
        case DIVERGED -> diverged++;
        case NO_ODE -> noOde++;
        default -> {
          if (Double.isFinite(o.value()) && Double.isFinite(o.start())) {
            ok++;
            start += o.start();
            end += o.value();
          }
        }
      }
    }
    double fraction = atDMax > 0 ? (double) diverged / atDMax : Double.NaN;
    boolean neverFell = ok > 0 && end >= start;
    ScalingFit.Result fit = riskFit.fit();
    double exponent = fit == null ? Double.NaN : fit.exponent();
    double halfWidth = fit == null ? Double.NaN : fit.halfWidth();
    double margin = PhaseRule.margin(halfWidth);
    if (atDMax == 0) {
      return new Row(theory, null, null, exponent, halfWidth, margin, dMax, 0, fraction, false,
          "no verdict: every run at the largest d failed");
    }
    if (noOde == atDMax) {
      return new Row(theory, null, null, exponent, halfWidth, margin, dMax, atDMax, fraction, false,
          "no verdict: the ODE does not exist here (status no_ode); see the SGD row");
    }
    if (!(fraction > 0.5) && !neverFell && fit == null) {
      return new Row(theory, null, null, exponent, halfWidth, margin, dMax, atDMax, fraction, false,
          "no verdict: " + riskFit.note());
    }
    Region measured = PhaseRule.measured(exponent, halfWidth, fraction, neverFell);
    String note;
    if (fraction > 0.5) {
      note = "most runs at the largest d diverged";
    } else if (neverFell) {
      note = "the risk at the largest d did not fall below its start";
    } else {
      note = String.format("exponent %.3f against margin %.3f", exponent, margin);
    }
    return new Row(theory, measured, measured == theory, exponent, halfWidth, margin, dMax, atDMax, fraction,
        neverFell, note);
  }
}
