package phasesweep.driver.job;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import phasesweep.driver.Interruption;
import phasesweep.driver.sweep.SweepPlan;
import phasesweep.driver.sweep.Task;
import phasesweep.kernels.Status;
import phasesweep.driver.table.ResultsLayout;

/**
 * The sweep on Spark: claim the results folder, skip the tasks already committed, fan the rest
 * out one task per partition (largest estimated cost first, so no long task starts last), commit
 * each task's rows as it ends, and compact the parts into the {@code runs} table.
 */
public final class SweepJob {
  private SweepJob() {}

  /**
   * What a run did. {@code efficiency = taskSeconds / (cores x wallSeconds)} over the tasks it
   * ran, where {@code taskSeconds} is the kernels' own wall time; {@code sparkTaskSeconds} is the
   * same tasks as Spark timed them, so the difference is Spark's and the I/O's share.
   */
  public record Summary(String table, int tasks, int ran, int skipped, long rows, Map<String, Integer> statuses,
      double wallSeconds, double taskSeconds, double sparkTaskSeconds, int cores, double efficiency,
      double compactionSeconds) {}

  public static Summary run(SparkSession spark, SweepPlan plan, ResultsLayout layout, PrintStream console,
      long progressMillis) throws IOException {
    try (ResultsLock lock = lock(spark, plan, layout)) {
      return runLocked(spark, plan, layout, console, progressMillis);
    }
  }

  /**
   * Checks that the sweep can run here and into this folder (its largest tasks fit in memory
   * side by side; the folder is new or holds this sweep), writing nothing, then takes the
   * folder's lock: what a caller holds to keep the folder from a run through its report.
   */
  /**
   * The folder checks of {@link #lock} that need no Spark, for a folder on the local disk: made
   * before Spark starts, so that a mistyped {@code --out} fails in milliseconds. Writes nothing.
   */
  public static void checkBeforeSpark(SweepPlan plan, ResultsLayout layout) throws IOException {
    if (layout.onLocalDisk()) {
      ResultsFolder.check(layout, plan.sweep(), new Configuration());
    }
  }

  public static ResultsLock lock(SparkSession spark, SweepPlan plan, ResultsLayout layout) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    int cores = spark.sparkContext().defaultParallelism();
    if (spark.sparkContext().isLocal()) {
      plan.checkMemory(Runtime.getRuntime().maxMemory(), cores, "the driver (local mode)");
    } else {
      plan.checkMemory(spark.sparkContext().executorMemory() * (1L << 20),
          spark.sparkContext().getConf().getInt("spark.executor.cores", cores), "an executor");
    }
    ResultsFolder.check(layout, plan.sweep(), conf);
    return ResultsLock.acquire(layout, conf, "run " + plan.sweep().file());
  }

  private static Summary runLocked(SparkSession spark, SweepPlan plan, ResultsLayout layout, PrintStream console,
      long progressMillis) throws IOException {
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    ResultsFolder.claim(layout, plan.sweep(), conf);
    Interruption.whenStopped("the finished tasks are committed in " + layout.dir()
        + "; rerun the same command to resume");
    Map<String, Integer> statuses = new TreeMap<>();
    double taskSeconds = 0;
    double sparkTaskSeconds = 0;
    double compaction = 0;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int cores = jsc.defaultParallelism();
    int kernels = plan.sweep().kernels().size();
    int ran = 0;
    int skipped = -1;
    long rows;
    // A second round runs what the first one's compaction found unreadable (a part whose pages
    // do not decode although its footer did).
    for (int round = 0; ; round++) {
      Map<String, Integer> done = ResultsFolder.committedRows(layout, conf, console);
      List<Task> todo = new ArrayList<>();
      for (Task t : plan.tasks()) {
        if (done.getOrDefault(t.taskId(), 0) < kernels) {
          todo.add(t);
        }
      }
      if (skipped < 0) {
        skipped = plan.tasks().size() - todo.size();
        if (skipped > 0) {
          console.printf("phasesweep: %d of %d tasks already in %s; running the other %d%n", skipped,
              plan.tasks().size(), layout.dir(), todo.size());
        }
      }
      if (!todo.isEmpty()) {
        Map<String, String> hadoop = new HashMap<>();
        conf.forEach(e -> hadoop.put(e.getKey(), e.getValue()));
        double[] cost = new double[todo.size()];
        for (int i = 0; i < todo.size(); i++) {
          cost[i] = todo.get(i).estimatedNanos();
        }
        jsc.setJobDescription("phasesweep " + plan.sweep().name() + ": " + todo.size() + " tasks");
        Progress progress = new Progress(cost, plan.tasks().size() - todo.size(),
            spark.sparkContext().defaultParallelism(), console, progressMillis);
        spark.sparkContext().addSparkListener(progress);
        List<TaskRunner.Outcome> outcomes;
        try {
          // One partition a task, in cost order: Spark schedules partitions by index (which is
          // also how Progress finds a finished task's cost).
          JavaRDD<Task> rdd = jsc.parallelize(todo, todo.size());
          outcomes = rdd.map(task -> TaskRunner.run(task, layout, hadoop)).collect();
        } finally {
          spark.sparkContext().removeSparkListener(progress);
          progress.close();
        }
        console.println(progress.line());
        sparkTaskSeconds += progress.sparkTaskSeconds();
        ran += todo.size();
        for (TaskRunner.Outcome o : outcomes) {
          taskSeconds += o.wallSeconds();
          for (Status s : o.statuses()) {
            statuses.merge(s.id(), 1, Integer::sum);
          }
        }
      }
      long compactionStart = System.nanoTime();
      Compaction.Result r = Compaction.compact(layout, conf, console);
      compaction += (System.nanoTime() - compactionStart) * 1e-9;
      rows = r.rows();
      if (r.setAside() == 0) {
        break;
      }
      if (round == 1) {
        throw new phasesweep.driver.failure.FailedRunException("files written by this run were unreadable twice in "
            + layout.dir() + " (see corrupt/): the disk or filesystem is failing; rerun the same command to resume");
      }
    }
    double wall = (System.nanoTime() - start) * 1e-9;
    double efficiency = ran == 0 ? Double.NaN : taskSeconds / (cores * wall);
    return new Summary(layout.runs().toString(), plan.tasks().size(), ran, skipped, rows, statuses, wall,
        taskSeconds, sparkTaskSeconds, cores, efficiency, compaction);
  }
}
