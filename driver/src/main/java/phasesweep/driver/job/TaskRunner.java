package phasesweep.driver.job;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import phasesweep.driver.Faults;
import phasesweep.driver.Version;
import phasesweep.driver.failure.TaskOutOfMemoryException;
import phasesweep.driver.sweep.Task;
import phasesweep.driver.table.PartWriter;
import phasesweep.driver.table.ResultsLayout;
import phasesweep.driver.table.RunRow;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.KernelResult;
import phasesweep.kernels.Status;

/**
 * What an executor does with one task: run its kernels (the ODE from the overlaps of the
 * seeded weights the SGD starts from), turn a kernel that throws into a {@code failed} row, and
 * commit the rows as the task's part file.
 */
final class TaskRunner {
  private TaskRunner() {}

  /** What the driver learns of a finished task. */
  record Outcome(List<Status> statuses, double wallSeconds)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  static Outcome run(Task task, ResultsLayout layout, Map<String, String> hadoopConf) throws IOException {
    String executor = executor();
    List<RunRow> rows = new ArrayList<>();
    List<Status> statuses = new ArrayList<>();
    double wall = 0;
    for (Kernel kernel : task.kernels()) {
      long start = System.nanoTime();
      RunRow row;
      try {
        Faults.outOfMemory("kernel");
        KernelResult r = kernel.run(task.params());
        row = RunRow.of(task.taskId(), task.sweep(), task.params(), r, executor, Version.current(), Instant.now());
      } catch (RuntimeException | StackOverflowError e) {
        row = RunRow.failed(task.taskId(), task.sweep(), task.params(), kernel, e, (System.nanoTime() - start) * 1e-9,
            executor, Version.current(), Instant.now());
      } catch (OutOfMemoryError e) {
        // Not a result of the task but of the heap: no row. Spark ends an executor (in local[*]
        // the whole JVM, exit 52) on a fatal error anywhere in a failed task's cause chain, so it
        // leaves as a plain exception, without the error as its cause; the run then fails as any
        // task failure does (exit 4), its finished tasks kept (issue #33, item 9).
        throw new TaskOutOfMemoryException(task.taskId(), kernel.id(), task.params(), e.getMessage());
      }
      wall += row.wallSeconds();
      rows.add(row);
      statuses.add(row.status());
    }
    PartWriter.commit(layout, task.taskId(), rows, configuration(hadoopConf));
    Faults.point("task-committed");
    return new Outcome(statuses, wall);
  }

  private static Map<String, String> cachedFrom;
  private static Configuration cached;

  /**
   * The driver's Hadoop configuration, built once per executor JVM: a new Configuration parses
   * Hadoop's default resources again (about 10 ms), which was most of a tiny task's overhead.
   */
  private static synchronized Configuration configuration(Map<String, String> entries) {
    if (cached == null || !entries.equals(cachedFrom)) {
      Configuration conf = new Configuration();
      entries.forEach(conf::set);
      cached = conf;
      cachedFrom = entries;
    }
    // a copy per task: the Parquet writer writes its schema into the configuration it is given
    return new Configuration(cached);
  }

  private static String executor() {
    String id = SparkEnv.get() == null ? "local" : SparkEnv.get().executorId();
    try {
      return id + "@" + InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return id;
    }
  }
}
