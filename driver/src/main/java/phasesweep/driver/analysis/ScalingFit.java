package phasesweep.driver.analysis;

import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The {@code d^-delta} scaling fit of docs/physics.md §5: {@code log R = a + b log d} by least squares on
 * the seed-averaged risk at each {@code d}, with the slope's standard error, {@code R^2}, and a
 * bootstrap confidence interval over seeds (seeded, so a table is reproducible).
 */
public final class ScalingFit {
  /**
   * @param exponent the slope {@code b}
   * @param intercept {@code a}
   * @param standardError of {@code b} from the residuals (NaN with fewer than 3 values of d)
   * @param ciLow lower end of the bootstrap interval of {@code b}
   * @param ciHigh upper end
   * @param rSquared coefficient of determination
   * @param dValues number of distinct {@code d}
   * @param runs number of runs (risks) used
   */
  public record Result(double exponent, double intercept, double standardError, double ciLow, double ciHigh,
      double rSquared, int dValues, int runs) {

    /** Half the width of the bootstrap interval. */
    public double halfWidth() {
      return 0.5 * (ciHigh - ciLow);
    }
  }

  private ScalingFit() {}

  /**
   * Fits {@code risks} (per {@code d}, one risk a seed; positive). The interval is the
   * percentile interval at {@code level} of {@code resamples} bootstrap fits, each resampling
   * the seeds of every {@code d} with replacement (rescaled for the small number of seeds).
   */
  public static Result fit(Map<Integer, double[]> risks, double level, int resamples, long seed) {
    SortedMap<Integer, double[]> byD = new TreeMap<>(risks);
    int n = byD.size();
    if (n < 2) {
      throw new IllegalArgumentException("a fit needs at least 2 values of d, got " + n);
    }
    double[] x = new double[n];
    double[] y = new double[n];
    double[][] samples = new double[n][];
    double[] means = new double[n];
    int runs = 0;
    int i = 0;
    for (Map.Entry<Integer, double[]> e : byD.entrySet()) {
      double[] r = e.getValue();
      if (r.length == 0) {
        throw new IllegalArgumentException("no risks at d = " + e.getKey());
      }
      for (double v : r) {
        if (!(v > 0) || !Double.isFinite(v)) {
          throw new IllegalArgumentException("risks must be finite and > 0, got " + v + " at d = " + e.getKey());
        }
      }
      x[i] = Math.log(e.getKey());
      means[i] = mean(r);
      y[i] = Math.log(means[i]);
      samples[i] = r.clone();
      runs += r.length;
      i++;
    }
    double[] line = leastSquares(x, y);
    double b = line[1];
    double a = line[0];
    double ssr = 0;
    double sst = 0;
    double yMean = mean(y);
    double xMean = mean(x);
    double sxx = 0;
    for (int j = 0; j < n; j++) {
      double r = y[j] - (a + b * x[j]);
      ssr += r * r;
      sst += (y[j] - yMean) * (y[j] - yMean);
      sxx += (x[j] - xMean) * (x[j] - xMean);
    }
    double se = n > 2 ? Math.sqrt(ssr / (n - 2) / sxx) : Double.NaN;
    double r2 = sst > 0 ? 1 - ssr / sst : 1;

    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed, 0x5EEDL});
    double[] slopes = new double[resamples];
    double[] yb = new double[n];
    for (int s = 0; s < resamples; s++) {
      for (int j = 0; j < n; j++) {
        double[] r = samples[j];
        double sum = 0;
        for (int t = 0; t < r.length; t++) {
          sum += r[rng.nextInt(r.length)];
        }
        // Rescaled bootstrap: the plain one underestimates the variance of a mean of m seeds by
        // (m - 1)/m (coverage 0.90 at a nominal 0.95 with 8 seeds, measured); deviations from
        // the mean are stretched by sqrt(m / (m - 1)).
        int m = r.length;
        double stretch = m > 1 ? Math.sqrt((double) m / (m - 1)) : 1;
        double resampled = means[j] + stretch * (sum / m - means[j]);
        yb[j] = Math.log(Math.max(resampled, Double.MIN_NORMAL));
      }
      slopes[s] = leastSquares(x, yb)[1];
    }
    Arrays.sort(slopes);
    double tail = (1 - level) / 2;
    return new Result(b, a, se, quantile(slopes, tail), quantile(slopes, 1 - tail), r2, n, runs);
  }

  /** {intercept, slope} of the least-squares line through (x, y). */
  static double[] leastSquares(double[] x, double[] y) {
    double mx = mean(x);
    double my = mean(y);
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    double slope = sxy / sxx;
    return new double[] {my - slope * mx, slope};
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d;
    }
    return s / v.length;
  }

  /** Linear interpolation between order statistics of sorted {@code v}. */
  static double quantile(double[] v, double q) {
    double pos = q * (v.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(v.length - 1, lo + 1);
    return v[lo] + (pos - lo) * (v[hi] - v[lo]);
  }
}
