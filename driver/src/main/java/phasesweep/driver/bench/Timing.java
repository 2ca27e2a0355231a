package phasesweep.driver.bench;

import java.util.Arrays;

/** Minimum, median and maximum of repeated measurements. */
public record Timing(double min, double median, double max, int repetitions) {
  static Timing of(double[] samples) {
    double[] s = samples.clone();
    Arrays.sort(s);
    int n = s.length;
    double median = n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    return new Timing(s[0], median, s[n - 1], n);
  }
}
