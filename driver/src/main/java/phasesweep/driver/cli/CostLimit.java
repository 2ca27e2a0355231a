package phasesweep.driver.cli;

import phasesweep.driver.failure.UserInputException;
import phasesweep.driver.sweep.SweepPlan;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.TaskParams;
import picocli.CommandLine.Option;

/**
 * What a single-task command ({@code sgd}, {@code ode}) checks before it runs, as {@code run} does
 * for a sweep: the task's estimated time against {@code --max-core-hours} and its memory against
 * this JVM's heap (issue #33, item 13: a large {@code --init-overlaps} ran silently for minutes).
 * A task estimated above {@link #ANNOUNCE_SECONDS} is announced on stderr.
 */
final class CostLimit {
  /** Tasks estimated longer than this say so before they start. */
  static final double ANNOUNCE_SECONDS = 30;

  @Option(names = "--max-core-hours", defaultValue = "4",
      description = "Refuse a task whose estimated cost is above this, unless --yes. Default: ${DEFAULT-VALUE}.")
  double maxCoreHours;

  @Option(names = "--yes", description = "Run even above --max-core-hours.")
  boolean yes;

  /** Refuses the task, or announces it when long; nothing else. */
  void check(Kernel kernel, TaskParams params) {
    if (!(maxCoreHours >= 0 && maxCoreHours < Double.POSITIVE_INFINITY)) {
      throw new UserInputException("--max-core-hours: must be a finite number >= 0, got " + maxCoreHours);
    }
    double seconds = kernel.estimatedNanos(params) * 1e-9;
    if (seconds / 3600 > maxCoreHours && !yes) {
      throw new UserInputException(String.format("the task (p = %d, k = %d, d = %d) is estimated at %.3g core-hours "
          + "with kernel %s, above --max-core-hours %s; run with --yes (or a larger --max-core-hours) to go on",
          params.p(), params.k(), params.d(), seconds / 3600, kernel.id(), Parameter.display(maxCoreHours)));
    }
    long heap = Runtime.getRuntime().maxMemory();
    long need = kernel.estimatedBytes(params);
    long usable = SweepPlan.usableHeap(heap);
    if (need > usable) {
      throw new UserInputException(String.format("the task (p = %d, k = %d, d = %d) holds about %s, above the %s "
          + "usable of this JVM's %s heap: lower p, k or d, or give more memory (PHASESWEEP_JAVA_OPTS=-Xmx...)",
          params.p(), params.k(), params.d(), SweepPlan.bytes(need), SweepPlan.bytes(usable),
          SweepPlan.bytes(heap)));
    }
    if (seconds > ANNOUNCE_SECONDS) {
      System.err.printf("phasesweep: %s, p = %d, k = %d, d = %d: estimated %s on one core%n", kernel.id(), params.p(),
          params.k(), params.d(), PlanCommand.duration(seconds));
    }
  }
}
