package phasesweep.kernels;

import java.util.Arrays;

/**
 * The times at which both kernels report the risk (docs/physics.md §4): {@code t = 0}, then log-spaced
 * times {@code 10^(j/n)} from {@link #FIRST} up to {@code t_max}, and {@code t_max} itself.
 *
 * <p>Each time is a whole number of SGD steps times {@code dt}, so SGD reports at exactly these
 * times and the ODE integrates to the same ones: the two curves share their abscissae.
 */
public final class Checkpoints {
  /** The first non-zero checkpoint time: two decades before the Saad-Solla unit. */
  public static final double FIRST = 1e-2;

  private final long[] steps;
  private final double[] times;

  private Checkpoints(long[] steps, double dt) {
    this.steps = steps;
    this.times = new double[steps.length];
    for (int i = 0; i < steps.length; i++) {
      times[i] = steps[i] * dt;
    }
  }

  public static Checkpoints of(TaskParams params) {
    double dt = params.timeScale();
    int n = params.checkpointsPerDecade();
    long last = params.totalSteps();
    if (params.stepsBudget() > 0) {
      return inSteps(n, last, dt);
    }
    int firstExponent = (int) Math.ceil(n * Math.log10(FIRST) - 1e-9);
    int lastExponent = (int) Math.floor(n * Math.log10(params.tMax()) + 1e-9);
    long[] s = new long[Math.max(0, lastExponent - firstExponent + 1) + 2];
    int count = 0;
    s[count++] = 0;
    for (int j = firstExponent; j <= lastExponent; j++) {
      long step = Math.round(Math.pow(10, (double) j / n) / dt);
      if (step > s[count - 1] && step < last) {
        s[count++] = step;
      }
    }
    if (last > s[count - 1]) {
      s[count++] = last;
    }
    return new Checkpoints(Arrays.copyOf(s, count), dt);
  }

  /**
   * With a budget in steps (docs/physics.md §4): log-spaced step counts {@code 10^(j/n)} from the
   * first step up to the budget, so that a run of a few giant steps is seen step by step.
   */
  private static Checkpoints inSteps(int n, long last, double dt) {
    int lastExponent = (int) Math.floor(n * Math.log10(last) + 1e-9);
    long[] s = new long[lastExponent + 3];
    int count = 0;
    s[count++] = 0;
    for (int j = 0; j <= lastExponent; j++) {
      long step = Math.round(Math.pow(10, (double) j / n));
      if (step > s[count - 1] && step < last) {
        s[count++] = step;
      }
    }
    if (last > s[count - 1]) {
      s[count++] = last;
    }
    return new Checkpoints(Arrays.copyOf(s, count), dt);
  }

  /**
   * An upper bound on the checkpoints of a task, from its settings alone (for limits checked
   * before anything is allocated): {@code n} a decade over the decades it spans, and the ends.
   */
  public static double countBound(TaskParams params) {
    double decades = params.stepsBudget() > 0 ? Math.log10(params.stepsBudget())
        : Math.log10(Math.max(params.tMax() / FIRST, 1));
    return params.checkpointsPerDecade() * (decades + 1) + 2;
  }

  /** SGD step counts {@code nu} of the checkpoints, increasing, starting at 0. */
  public long[] steps() {
    return steps.clone();
  }

  /** Checkpoint times {@code t = nu dt}, increasing, starting at 0. */
  public double[] times() {
    return times.clone();
  }

  /** The last checkpoint time, {@code t_max} rounded to a whole number of SGD steps. */
  public double end() {
    return times[times.length - 1];
  }

  public int size() {
    return steps.length;
  }

  public long step(int i) {
    return steps[i];
  }

  public double time(int i) {
    return times[i];
  }
}
