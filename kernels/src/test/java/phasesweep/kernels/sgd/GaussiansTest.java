package phasesweep.kernels.sgd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import phasesweep.kernels.Streams;

/**
 * The full SGD's Gaussian sampler ({@link Gaussians}) against the standard normal: its tables,
 * a one-sample Kolmogorov-Smirnov test, a chi-square test on bins cut at the ziggurat's own layer
 * edges (where a wrong wedge or tail shows), the tail beyond {@code R} alone, and a two-sample
 * test against Commons RNG's ziggurat, an independent implementation. Each test rejects at
 * significance {@link #ALPHA}; the streams are seeded, so a pass is reproducible.
 */
class GaussiansTest {
  static final double ALPHA = 1e-3;
  static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);

  static double[] draws(long seed, int n) {
    double[] x = new double[n];
    Gaussians.fill(Streams.of(seed, Streams.SAMPLES), x, 0, n);
    return x;
  }

  @Test
  void theLayersHaveEqualAreasAndCloseAtTheTop() {
    double f1 = Math.exp(-0.5 * Gaussians.R * Gaussians.R);
    double tail = Math.sqrt(Math.PI / 2) * Erfc.value(Gaussians.R / Math.sqrt(2));
    assertEquals(Gaussians.R * f1 + tail, Gaussians.edgeOfLayer(0) * f1, 1e-15, "the base layer's area");
    for (int i = 1; i < 256; i++) {
      double lower = Math.exp(-0.5 * Gaussians.edgeOfLayer(i) * Gaussians.edgeOfLayer(i));
      double upper = Math.exp(-0.5 * Gaussians.edgeOfLayer(i + 1) * Gaussians.edgeOfLayer(i + 1));
      assertTrue(Gaussians.edgeOfLayer(i + 1) < Gaussians.edgeOfLayer(i), "layer " + i);
      assertEquals(Gaussians.V, Gaussians.edgeOfLayer(i) * (upper - lower), 1e-9 * Gaussians.V, "layer " + i);
    }
  }

  @Test
  void fillIsSampleCalledInARow() {
    UniformRandomProvider a = Streams.of(3, Streams.SAMPLES);
    UniformRandomProvider b = Streams.of(3, Streams.SAMPLES);
    double[] filled = new double[10_007];
    Gaussians.fill(a, filled, 7, filled.length);
    double[] sampled = new double[filled.length];
    for (int i = 7; i < sampled.length; i++) {
      sampled[i] = Gaussians.sample(b);
    }
    assertArrayEquals(sampled, filled);
    assertEquals(a.nextLong(), b.nextLong(), "the same draws consumed");
  }

  @Test
  void theDrawsAreStandardNormalByKolmogorovSmirnov() {
    double p = KolmogorovSmirnovTest.withDefaults().test(draws(1, 1_000_000), NORMAL::cumulativeProbability)
        .getPValue();
    assertTrue(p > ALPHA, "p = " + p);
  }

  /** Bins cut at {@code +-x_i}, the layers' edges: each wedge and the tail is a bin of its own. */
  @Test
  void theDrawsFillTheLayersAsTheNormalDoes() {
    double[] edges = new double[2 * 255 + 1];
    for (int i = 1; i <= 255; i++) {
      edges[i - 1] = -Gaussians.edgeOfLayer(i);
      edges[511 - i] = Gaussians.edgeOfLayer(i);
    }
    edges[255] = 0;
    long[] observed = new long[edges.length + 1];
    for (double x : draws(2, 4_000_000)) {
      int bin = Arrays.binarySearch(edges, x);
      observed[bin >= 0 ? bin + 1 : -bin - 1]++;
    }
    double[] expected = new double[observed.length];
    double below = 0;
    for (int b = 0; b < edges.length; b++) {
      double cdf = NORMAL.cumulativeProbability(edges[b]);
      expected[b] = cdf - below;
      below = cdf;
    }
    expected[edges.length] = 1 - below;
    double p = ChiSquareTest.withDefaults().test(expected, observed).getPValue();
    assertTrue(p > ALPHA, "p = " + p);
  }

  @Test
  void theTailBeyondRIsTheNormalsTail() {
    double[] x = draws(3, 20_000_000);
    double[] tail = Arrays.stream(x).filter(v -> Math.abs(v) > Gaussians.R).map(Math::abs).toArray();
    double beyond = NORMAL.survivalProbability(Gaussians.R);
    assertTrue(tail.length > 4000, "tail draws: " + tail.length);
    double p = KolmogorovSmirnovTest.withDefaults()
        .test(tail, t -> 1 - NORMAL.survivalProbability(t) / beyond).getPValue();
    assertTrue(p > ALPHA, "p = " + p);
  }

  @Test
  void theDrawsHaveTheLawOfCommonsRngsZiggurat() {
    ZigguratSampler.NormalizedGaussian library = ZigguratSampler.NormalizedGaussian.of(Streams.of(4, Streams.SAMPLES));
    double[] reference = new double[1_000_000];
    for (int i = 0; i < reference.length; i++) {
      reference[i] = library.sample();
    }
    double p = KolmogorovSmirnovTest.withDefaults().test(draws(5, 1_000_000), reference).getPValue();
    assertTrue(p > ALPHA, "p = " + p);
  }
}
