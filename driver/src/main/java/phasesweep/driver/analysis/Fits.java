package phasesweep.driver.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import phasesweep.driver.sweep.AnalysisSettings;
import phasesweep.kernels.Status;

/**
 * One row of the {@code fits} table: a quantity measured on a group of runs that differ only in
 * {@code d} and {@code seed}, fitted as {@code log y = a + b log d} (docs/physics.md §5) next to the
 * theory exponent. Runs without a value (diverged, failed, no ODE, threshold not reached) are
 * left out and counted.
 */
public final class Fits {
  /** The quantities in the {@code fits} table. */
  public static final String SAMPLES = "samples";
  /** SGD steps to reach the threshold: samples over the batch, fitted where a batch is set. */
  public static final String STEPS = "steps";
  public static final String FINITE_SIZE_GAP = "finite_size_gap";
  /** The distance of the overlaps to the limit ODE's (docs/physics.md §5). */
  public static final String LIMIT_DISTANCE = "limit_distance";

  /**
   * One run's measurement.
   *
   * @param status the run's status ({@code ok}, {@code diverged}, {@code failed}, {@code no_ode})
   * @param value the measured quantity, NaN if the run has none
   * @param start the risk at {@code t = 0} (NaN if unknown)
   */
  public record Observation(int d, long seed, Status status, double value, double start) {}

  /**
   * @param fit the fit, null when fewer than two values of d have a value
   * @param theoryExponent NaN when theory states none for this group
   * @param difference {@code exponent - theoryExponent}
   * @param consistent theory inside the interval or within the tolerance (null without both)
   */
  public record Row(String quantity, ScalingFit.Result fit, int dMin, int dMax, int runs, int leftOut, int diverged,
      int failed, int notReached, double theoryExponent, double difference, Boolean consistent, String note) {}

  private Fits() {}

  public static Row fit(String quantity, List<Observation> observations, double theoryExponent,
      AnalysisSettings settings, long bootstrapSeed) {
    Map<Integer, List<Double>> values = new TreeMap<>();
    int diverged = 0;
    int failed = 0;
    int notReached = 0;
    int dMin = Integer.MAX_VALUE;
    int dMax = Integer.MIN_VALUE;
    for (Observation o : observations) {
      dMin = Math.min(dMin, o.d());
      dMax = Math.max(dMax, o.d());
      switch (o.status()) {
        case DIVERGED -> diverged++;
        case OK -> {
          if (o.value() > 0 && Double.isFinite(o.value())) {
            values.computeIfAbsent(o.d(), d -> new ArrayList<>()).add(o.value());
          } else {
            notReached++;
          }
        }
        default -> failed++; // failed, and no_ode (the ODE does not exist there)
      }
    }
    int leftOut = diverged + failed + notReached;
    int runs = observations.size() - leftOut;
    if (values.size() < 2) {
      String note = observations.isEmpty() ? "no runs"
          : "no fit: " + values.size() + " value(s) of d with a " + quantity + " (" + describe(diverged, failed, notReached) + ")";
      return new Row(quantity, null, dMin, dMax, runs, leftOut, diverged, failed, notReached, theoryExponent,
          Double.NaN, null, note);
    }
    Map<Integer, double[]> byD = new TreeMap<>();
    values.forEach((d, v) -> byD.put(d, v.stream().mapToDouble(Double::doubleValue).toArray()));
    ScalingFit.Result fit = ScalingFit.fit(byD, settings.confidence(), settings.resamples(), bootstrapSeed);
    double difference = fit.exponent() - theoryExponent;
    Boolean consistent = Double.isNaN(theoryExponent) ? null
        : (theoryExponent >= fit.ciLow() && theoryExponent <= fit.ciHigh()) || Math.abs(difference) <= settings.tolerance();
    String note = leftOut > 0 ? "left out: " + describe(diverged, failed, notReached) : "";
    return new Row(quantity, fit, dMin, dMax, runs, leftOut, diverged, failed, notReached, theoryExponent,
        difference, consistent, note);
  }

  private static String describe(int diverged, int failed, int notReached) {
    List<String> parts = new ArrayList<>();
    if (diverged > 0) {
      parts.add(diverged + " diverged");
    }
    if (failed > 0) {
      parts.add(failed + " failed or without ODE");
    }
    if (notReached > 0) {
      parts.add(notReached + " without a value");
    }
    return parts.isEmpty() ? "none left out" : String.join(", ", parts);
  }
}
