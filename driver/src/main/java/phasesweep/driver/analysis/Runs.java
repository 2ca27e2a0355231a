package phasesweep.driver.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import phasesweep.driver.table.AnalysisTable;
import phasesweep.driver.table.ResultsLayout;
import phasesweep.driver.table.RunsFiles;
import phasesweep.driver.table.RunsSchema;
import phasesweep.driver.table.Views;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.Status;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.WeakRecovery;

/**
 * What the analysis reads of the runs table, on the driver: per row, its group, {@code d},
 * {@code seed}, status, the risks the fits use, and the learning curve. Every analysis table and
 * figure is computed from this value (docs/physics.md §5), without a Spark job: a report takes
 * seconds, not a job's fixed cost per table and figure. It holds the whole table's risk curves,
 * {@code 16 × checkpoints} bytes a row (10^5 rows of 60 checkpoints: 100 MB), and the overlaps'
 * curves ({@code 8 (p^2 + p k)} bytes a checkpoint) only of the runs whose distance to the limit
 * is measured (a sweep that runs {@code ode_limit}).
 *
 * @param groupSchema the types of the {@link Analysis#GROUP} columns, as the runs table has them
 * @param rows the runs, ordered by group, {@code d}, {@code seed}, {@code kernel}
 */
public record Runs(StructType groupSchema, List<Run> rows) {
  /**
   * One row of the runs table.
   *
   * @param group the values of {@link Analysis#GROUP}, in its order
   * @param riskInit the risk at {@code t = 0} (NaN if the row has none)
   * @param fitted the fitted risk column ({@code risk_tail} or {@code risk_final}; NaN if none)
   * @param curveT the checkpoints' times (empty without a curve)
   * @param curveQ {@code Q} at the checkpoints, {@code p x p} each (empty in rows written before it was kept)
   * @param curveM {@code M} at the checkpoints, {@code p x k} each (likewise)
   * @param tWeakRecovery the first time a student-teacher cosine reached {@link WeakRecovery#COSINE}
   *     (docs/physics.md §5), from the overlaps' curves as read (NaN if never, or without them)
   */
  public record Run(String taskId, String kernel, List<Object> group, int d, long seed, Status status, double riskInit,
      double fitted, double timeScale, int batch, double[] curveT, double[] curveRisk, double[] curveQ,
      double[] curveM, double tWeakRecovery) {
    /** The value of a group column. */
    public Object get(String column) {
      return group.get(AnalysisTable.GROUP.indexOf(column));
    }

    /** The values of some group columns, in the order given. */
    public List<Object> key(List<String> columns) {
      List<Object> k = new ArrayList<>(columns.size());
      for (String c : columns) {
        k.add(get(c));
      }
      return k;
    }
  }

  /**
   * The runs of a results folder ({@link Views#files}: the compacted table, then the parts not yet
   * compacted, each {@code (task_id, kernel)} once), read on the driver with parquet-hadoop; a row
   * of an older file takes the defaults of the columns it lacks ({@link RunsSchema#upgrade}).
   * Fitting {@code fitColumn}.
   */
  public static Runs read(ResultsLayout layout, Configuration conf, String fitColumn) throws IOException {
    Views.Files files = Views.files(layout, conf);
    List<Path> all = new ArrayList<>(files.table());
    all.addAll(files.parts());
    Set<List<String>> seen = new HashSet<>();
    List<Run> rows = new ArrayList<>();
    for (Path file : all) {
      RunsFiles.read(file, conf, null, row -> {
        Group r = RunsSchema.upgrade(row);
        String taskId = r.getString("task_id", 0);
        String kernel = r.getString("kernel", 0);
        if (!seen.add(List.of(taskId, kernel))) {
          return;
        }
        List<Object> group = new ArrayList<>(AnalysisTable.GROUP.size());
        for (String c : AnalysisTable.GROUP) {
          group.add(RunsSchema.value(r, c));
        }
        double[] t = list(r, "curve_t");
        double[] q = list(r, "curve_q");
        double[] m = list(r, "curve_m");
        rows.add(new Run(taskId, kernel, group, r.getInteger("d", 0), r.getLong("seed", 0),
            Status.of(r.getString("status", 0)), optional(r, "risk_init"), optional(r, fitColumn),
            r.getDouble("time_scale", 0), r.getInteger("batch", 0), t, list(r, "curve_risk"), q, m,
            weakRecovery(t, q, m, Activation.valueOf(r.getString("teacher_activation", 0).toUpperCase(Locale.ROOT)))));
      });
    }
    // the overlaps' curves serve the distance to the limit alone: kept only where a run has its reference
    Set<Kernel> present = new HashSet<>();
    rows.forEach(r -> present.add(Kernel.of(r.kernel())));
    Set<Kernel> measured = new HashSet<>(); // the kernels of a pair whose distance to the limit is measured
    for (Kernel k : present) {
      if (present.contains(k.limitReference())) {
        measured.add(k);
        measured.add(k.limitReference());
      }
    }
    rows.replaceAll(r -> measured.contains(Kernel.of(r.kernel())) ? r : new Run(r.taskId(), r.kernel(), r.group(),
        r.d(), r.seed(), r.status(), r.riskInit(), r.fitted(), r.timeScale(), r.batch(), r.curveT(), r.curveRisk(),
        new double[0], new double[0], r.tWeakRecovery()));
    rows.sort(Analysis.order(AnalysisTable.GROUP, Run::get).thenComparingInt(Run::d).thenComparingLong(Run::seed)
        .thenComparing(Run::kernel));
    StructType schema = new StructType();
    for (String c : AnalysisTable.GROUP) {
      Parameter p = Parameter.named(c);
      schema = schema.add(c, p == null ? DataTypes.StringType : RunsSchema.sparkType(p), true);
    }
    return new Runs(schema, List.copyOf(rows));
  }

  /**
   * When the largest cosine first reached {@link WeakRecovery#COSINE}: {@link Crossing#firstTime} of
   * {@code 1 - cos} down to {@code 1 - COSINE} (interpolated in log-log between checkpoints).
   */
  static double weakRecovery(double[] t, double[] curveQ, double[] curveM, Activation teacher) {
    double[] cos = WeakRecovery.largestCosines(curveQ, curveM, t.length, teacher);
    if (cos.length == 0) {
      return Double.NaN;
    }
    double[] distance = new double[cos.length];
    for (int i = 0; i < cos.length; i++) {
      distance[i] = 1 - cos[i];
    }
    return Crossing.firstTime(t, distance, 1 - WeakRecovery.COSINE);
  }

  private static double optional(Group r, String column) {
    return r.getFieldRepetitionCount(column) == 0 ? Double.NaN : r.getDouble(column, 0);
  }

  private static double[] list(Group r, String column) {
    Group list = r.getGroup(column, 0);
    int n = list.getFieldRepetitionCount(0);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = list.getGroup(0, i).getDouble(0, 0);
    }
    return v;
  }
}
