package phasesweep.driver.table;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.TaskParams;

/**
 * Commits the rows of one finished task as one Parquet file, atomically: written under
 * {@code _staging/} with a unique name, then renamed to {@code parts/TASK_ID.parquet}. A reader
 * sees the whole file or none of it; a killed executor leaves at most a staging file, which
 * nobody reads. A second attempt of the same task (a retry, a speculative copy) finds the part
 * there and drops its own: the rows of a task are deterministic, so either copy is the same.
 */
public final class PartWriter {
  private PartWriter() {}

  /** @return whether this call committed the part (false: it was already there) */
  public static boolean commit(ResultsLayout layout, String taskId, List<RunRow> rows, Configuration conf)
      throws IOException {
    Path target = layout.part(taskId);
    FileSystem fs = target.getFileSystem(conf);
    if (fs.exists(target)) {
      return false;
    }
    Path staging = new Path(layout.staging(), taskId + "-" + UUID.randomUUID() + ".parquet");
    try (ParquetWriter<Group> writer = RunsSchema.writer(staging, conf)) {
      SimpleGroupFactory groups = new SimpleGroupFactory(RunsSchema.SCHEMA);
      for (RunRow row : rows) {
        writer.write(group(groups, row));
      }
    }
    return Swap.publish(fs, staging, target);
  }

  static Group group(SimpleGroupFactory groups, RunRow r) {
    TaskParams t = r.params();
    Group g = groups.newGroup()
        .append("task_id", r.taskId())
        .append("sweep", r.sweep())
        .append("kernel", r.kernel().id());
    for (Parameter p : Parameter.TABLE_ORDER) {
      RunsSchema.append(g, p, t.get(p));
    }
    g.append("status", r.status().id())
        .append("message", r.message());
    optional(g, "risk_init", r.riskInit());
    optional(g, "risk_final", r.riskFinal());
    optional(g, "risk_tail", r.riskTail());
    optional(g, "t_diverged", r.tDiverged());
    g.append("steps", r.steps());
    list(g, "curve_t", r.curveT());
    list(g, "curve_risk", r.curveRisk());
    list(g, "curve_q", r.curveQ());
    list(g, "curve_m", r.curveM());
    list(g, "q_final", r.qFinal());
    list(g, "m_final", r.mFinal());
    long micros = r.finishedAt().getEpochSecond() * 1_000_000L + r.finishedAt().getNano() / 1000;
    return g.append("wall_seconds", r.wallSeconds())
        .append("executor", r.executor())
        .append("version", r.version())
        .append("finished_at", micros);
  }

  private static void optional(Group g, String field, double v) {
    if (Double.isFinite(v)) {
      g.append(field, v);
    }
  }

  private static void list(Group g, String field, double[] values) {
    Group list = g.addGroup(field);
    for (double v : values) {
      list.addGroup("list").append("element", v);
    }
  }
}
