package phasesweep.driver.bench;

import phasesweep.kernels.SgdKernel;
import phasesweep.kernels.TaskParams;

/**
 * Nanoseconds per SGD step of one {@code (d, p, k)}, on one thread: a warm-up long enough for
 * the JIT, then repetitions of a fixed number of steps, each timed alone.
 */
public final class SgdBench {
  public record Result(int d, int p, int k, Timing nsPerStep, long stepsPerRepetition) {}

  private SgdBench() {}

  public static Result measure(int d, int p, int k, double warmupSeconds, double repetitionSeconds, int repetitions) {
    TaskParams params = TaskParams.builder().d(d).p0(p).k(k).gamma0(1).noise(1e-3).seed(1).tMax(1e9).build();
    SgdKernel sgd = new SgdKernel(params);
    long steps = 64;
    long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    double nsPerStep = Double.NaN;
    while (System.nanoTime() < warmupEnd) {
      long start = System.nanoTime();
      sgd.advance(steps);
      nsPerStep = (double) (System.nanoTime() - start) / steps;
      if (nsPerStep * steps < 2e7) {
        steps *= 2;
      }
    }
    long perRepetition = Math.max(16, (long) (repetitionSeconds * 1e9 / nsPerStep));
    double[] samples = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      long start = System.nanoTime();
      long done = sgd.advance(perRepetition);
      samples[r] = (double) (System.nanoTime() - start) / done;
      if (sgd.diverged()) {
        throw new IllegalStateException("benchmark run diverged at d = " + d);
      }
    }
    return new Result(d, p, k, Timing.of(samples), perRepetition);
  }
}
