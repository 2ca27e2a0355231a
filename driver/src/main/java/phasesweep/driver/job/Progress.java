package phasesweep.driver.job;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Progress of a sweep on the console: tasks done of the total, running, failed attempts,
 * elapsed time and an ETA weighted by the tasks' estimated costs; until the first task ends, the
 * plan's ETA ({@code max(total / cores, largest task)}, marked "(plan)").
 */
final class Progress extends SparkListener implements AutoCloseable {
  private final double[] cost;
  private final double totalCost;
  /** The plan's wall time for the run, in seconds: the cost on the cores, or its largest task. */
  private final double plannedSeconds;
  private final int alreadyDone;
  private final int total;
  private final PrintStream out;
  private final long start = System.nanoTime();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private volatile double doneCost;
  private volatile double sparkTaskSeconds;
  private final Thread printer;

  /**
   * @param cost estimated cost of the partition at each index
   * @param alreadyDone tasks committed before this run (a resume)
   * @param cores the cores the tasks run on
   */
  Progress(double[] cost, int alreadyDone, int cores, PrintStream out, long periodMillis) {
    this.cost = cost;
    double sum = 0;
    double largest = 0;
    for (double c : cost) {
      sum += c;
      largest = Math.max(largest, c);
    }
    this.totalCost = sum;
    this.plannedSeconds = Math.max(sum / Math.max(1, cores), largest) * 1e-9;
    this.alreadyDone = alreadyDone;
    this.total = alreadyDone + cost.length;
    this.out = out;
    this.printer = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(periodMillis);
          out.println(line());
        }
      } catch (InterruptedException e) {
        // closed
      }
    }, "phasesweep-progress");
    printer.setDaemon(true);
    printer.start();
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart start) {
    running.incrementAndGet();
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    running.decrementAndGet();
    if (end.taskInfo().successful()) {
      done.incrementAndGet();
      sparkTaskSeconds += end.taskInfo().duration() * 1e-3;
      int i = end.taskInfo().index();
      if (i >= 0 && i < cost.length) {
        doneCost += cost[i];
      }
    } else {
      failed.incrementAndGet();
    }
  }

  String line() {
    double elapsed = (System.nanoTime() - start) * 1e-9;
    double fraction = totalCost > 0 ? doneCost / totalCost : (double) done.get() / Math.max(1, cost.length);
    String eta = fraction > 0 && fraction < 1 ? clock(elapsed * (1 - fraction) / fraction)
        : fraction == 0 && plannedSeconds > elapsed ? clock(plannedSeconds - elapsed) + " (plan)" : "-";
    return String.format("phasesweep: %d/%d tasks done, %d running, %d failed attempts, elapsed %s, ETA %s",
        alreadyDone + done.get(), total, Math.max(0, running.get()), failed.get(), clock(elapsed), eta);
  }

  /** Wall time of the successful Spark tasks, as Spark measured them (launch to result). */
  double sparkTaskSeconds() {
    return sparkTaskSeconds;
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
  }

  @Override
  public void close() {
    printer.interrupt();
  }
}
