package phasesweep.driver.job;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
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
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    ResultsFolder.claim(layout, plan.sweep(), conf);
    Set<String> done = ResultsFolder.committedTasks(layout, conf);
    List<Task> todo = new ArrayList<>();
    for (Task t : plan.tasks()) {
      if (!done.contains(t.taskId())) {
        todo.add(t);
      }
    }
    int skipped = plan.tasks().size() - todo.size();
    if (skipped > 0) {
      console.printf("phasesweep: %d of %d tasks already in %s; running the other %d%n", skipped,
          plan.tasks().size(), layout.dir(), todo.size());
    }

    Map<String, Integer> statuses = new TreeMap<>();
    double taskSeconds = 0;
    double sparkTaskSeconds = 0;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int cores = jsc.defaultParallelism();
    if (!todo.isEmpty()) {
      Map<String, String> hadoop = new HashMap<>();
      conf.forEach(e -> hadoop.put(e.getKey(), e.getValue()));
      double[] cost = new double[todo.size()];
      for (int i = 0; i < todo.size(); i++) {
        cost[i] = todo.get(i).estimatedNanos();
      }
      jsc.setJobDescription("phasesweep " + plan.sweep().name() + ": " + todo.size() + " tasks");
      Progress progress = new Progress(cost, skipped, console, progressMillis);
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
      sparkTaskSeconds = progress.sparkTaskSeconds();
      for (TaskRunner.Outcome o : outcomes) {
        taskSeconds += o.wallSeconds();
        for (Status s : o.statuses()) {
          statuses.merge(s.id(), 1, Integer::sum);
        }
      }
    }
    long compactionStart = System.nanoTime();
    long rows = Compaction.compact(layout, conf);
    double compaction = (System.nanoTime() - compactionStart) * 1e-9;
    double wall = (System.nanoTime() - start) * 1e-9;
    double efficiency = todo.isEmpty() ? Double.NaN : taskSeconds / (cores * wall);
    return new Summary(layout.runs().toString(), plan.tasks().size(), todo.size(), skipped, rows, statuses, wall,
        taskSeconds, sparkTaskSeconds, cores, efficiency, compaction);
  }
}
