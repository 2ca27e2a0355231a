package phasesweep.driver.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import phasesweep.driver.sweep.AnalysisSettings;
import phasesweep.kernels.Status;
import phasesweep.kernels.theory.Law;
import phasesweep.kernels.theory.Theory;

/**
 * One row of the {@code fits} table: a quantity measured on a group of runs that differ only in
 * {@code d} and {@code seed}, fitted as {@code log y = a + b log d} (docs/physics.md §5) next to the
 * law a theory states for it and that law's {@link Verdict} (§5.1). Runs without a value
 * (diverged, failed, no ODE, threshold not reached) are left out and counted.
 */
public final class Fits {
  /** The quantities in the {@code fits} table. */
  public static final String SAMPLES = "samples";
  /** SGD steps to reach the threshold: samples over the batch, fitted where a batch is set. */
  public static final String STEPS = "steps";
  public static final String FINITE_SIZE_GAP = "finite_size_gap";
  /** The distance of the overlaps to the limit ODE's (docs/physics.md §5). */
  public static final String LIMIT_DISTANCE = "limit_distance";
  /** Samples until weak recovery (docs/physics.md §5). */
  public static final String WEAK_RECOVERY = "weak_recovery";

  /**
   * One run's measurement.
   *
   * @param status the run's status ({@code ok}, {@code diverged}, {@code failed}, {@code no_ode})
   * @param value the measured quantity, NaN if the run has none
   * @param start the risk at {@code t = 0} (NaN if unknown)
   */
  public record Observation(int d, long seed, Status status, double value, double start) {}

  /**
   * @param fit the fit, null when fewer than two values of d have a value; with fewer than
   *     {@link Verdict#MIN_D_VALUES} its interval is not shown ({@link #interval})
   * @param theory the theory whose law this row judges, null if none states one here
   * @param law that law, null if none
   * @param difference {@code exponent - theoryExponent}
   * @param consistent theory inside the interval or within the tolerance (null without both, or
   *     without an interval); weaker than the verdict, kept for reading
   * @param verdict the law's test (docs/physics.md §5.1)
   */
  public record Row(String quantity, ScalingFit.Result fit, int dMin, int dMax, int runs, int leftOut, int diverged,
      int failed, int notReached, Theory theory, Law law, double difference, Boolean consistent, Verdict verdict,
      String note) {

    /** The exponent the law states, NaN unless it states one ({@link Law.Kind#EQUALS}). */
    public double theoryExponent() {
      return law != null && law.kind() == Law.Kind.EQUALS ? law.exponent() : Double.NaN;
    }

    /** Whether the fit carries an interval: at least {@link Verdict#MIN_D_VALUES} values of d. */
    public boolean interval() {
      return fit != null && fit.dValues() >= Verdict.MIN_D_VALUES;
    }
  }

  private Fits() {}

  /**
   * The fit of {@code quantity} over a group's runs, judged by {@code law} of {@code theory}
   * (both null where no theory states one; {@code noTheory} then says why).
   *
   * @param learnedFraction of the finished runs at the largest d, those that reached the risk threshold
   */
  public static Row fit(String quantity, List<Observation> observations, Theory theory, Law law, String noTheory,
      AnalysisSettings settings, long bootstrapSeed, double learnedFraction) {
    Map<Integer, List<Double>> values = new TreeMap<>();
    int diverged = 0;
    int failed = 0;
    int notReached = 0;
    // values at or below zero (a risk at the integrator's rounding, noise 0 in green): no power of d
    // fits them, and the note says so with the lowest, rather than count them as missing
    int nonPositive = 0;
    double lowest = Double.POSITIVE_INFINITY;
    int dMin = Integer.MAX_VALUE;
    int dMax = Integer.MIN_VALUE;
    for (Observation o : observations) {
      dMin = Math.min(dMin, o.d());
      dMax = Math.max(dMax, o.d());
      switch (o.status()) {
        case DIVERGED -> diverged++;
        case OK -> {
          if (o.value() > 0 && Double.isFinite(o.value())) {
            // a law with a log factor is fitted on the quantity over it (docs/physics.md §5.3)
            values.computeIfAbsent(o.d(), d -> new ArrayList<>()).add(law == null ? o.value() : law.fitted(o.value(), o.d()));
          } else {
            notReached++;
            if (o.value() <= 0) {
              nonPositive++;
              lowest = Math.min(lowest, o.value());
            }
          }
        }
        default -> failed++; // failed, and no_ode (the ODE does not exist there)
      }
    }
    int leftOut = diverged + failed + notReached;
    int runs = observations.size() - leftOut;
    if (values.size() < 2) {
      String note = observations.isEmpty() ? "no runs"
          : "no fit: " + values.size() + " value(s) of d with a " + quantity + " ("
              + describe(diverged, failed, notReached, nonPositive, lowest) + ")";
      Verdict verdict = law == null ? Verdict.noTheory(noTheory) : Verdict.ofExponent(law, null, note, 0, Double.NaN);
      return new Row(quantity, null, dMin, dMax, runs, leftOut, diverged, failed, notReached, theory, law,
          Double.NaN, null, verdict, note);
    }
    Map<Integer, double[]> byD = new TreeMap<>();
    values.forEach((d, v) -> byD.put(d, v.stream().mapToDouble(Double::doubleValue).toArray()));
    ScalingFit.Result fit = ScalingFit.fit(byD, settings.confidence(), settings.resamples(), bootstrapSeed);
    double theoryExponent = law != null && law.kind() == Law.Kind.EQUALS ? law.exponent() : Double.NaN;
    double difference = fit.exponent() - theoryExponent;
    Boolean consistent = Double.isNaN(theoryExponent) || fit.dValues() < Verdict.MIN_D_VALUES ? null
        : (theoryExponent >= fit.ciLow() && theoryExponent <= fit.ciHigh()) || Math.abs(difference) <= settings.tolerance();
    Verdict verdict = law == null ? Verdict.noTheory(noTheory)
        : Verdict.ofExponent(law, fit, "", settings.tolerance(), learnedFraction);
    String note = leftOut > 0 ? "left out: " + describe(diverged, failed, notReached, nonPositive, lowest) : "";
    return new Row(quantity, fit, dMin, dMax, runs, leftOut, diverged, failed, notReached, theory, law,
        difference, consistent, verdict, note);
  }

  private static String describe(int diverged, int failed, int notReached, int nonPositive, double lowest) {
    List<String> parts = new ArrayList<>();
    if (diverged > 0) {
      parts.add(diverged + " diverged");
    }
    if (failed > 0) {
      parts.add(failed + " failed or without ODE");
    }
    if (notReached > nonPositive) {
      parts.add((notReached - nonPositive) + " without a value");
    }
    if (nonPositive > 0) {
      parts.add(String.format(java.util.Locale.ROOT, "%d at or below zero (down to %.3g: not a power of d; a risk "
          + "there is at the integration's rounding)", nonPositive, lowest));
    }
    return parts.isEmpty() ? "none left out" : String.join(", ", parts);
  }
}
