package phasesweep.driver.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import phasesweep.driver.failure.UserInputException;
import phasesweep.driver.job.ResultsLock;
import phasesweep.driver.job.Sessions;
import phasesweep.driver.job.SweepJob;
import phasesweep.driver.report.Report;
import phasesweep.driver.sweep.Sweep;
import phasesweep.driver.sweep.SweepFile;
import phasesweep.driver.sweep.SweepPlan;
import phasesweep.driver.table.ResultsLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs a sweep on Spark and writes its results table (Parquet) to OUT/NAME/runs, then its analysis "
        + "(see 'report'): the tables fits, phases, sample_complexity, finite_size, figures/ and report.html.",
        "Every finished task is committed as it ends: a run that is stopped loses at most the tasks that were "
            + "running, and the same command again runs only what is missing. A folder that holds another "
            + "sweep is refused, never overwritten.",
        "Master: local[*] on this machine, unless spark-submit (or -Dspark.master) sets one.",
        "One run or report at a time in a results folder: another is refused at once (exit 5), saying who holds it.",
        "Exit codes: 0 done, 2 bad input (sweep file, --out, cost above --max-core-hours, a task larger than the "
            + "memory), 4 failed (disk, permissions, cluster: fix it, rerun to resume), 5 folder in use, "
            + "130/143 stopped by Ctrl-C/SIGTERM (rerun to resume)."})
public final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SWEEP", description = "The sweep file (YAML).")
  Path sweepFile;

  @Option(names = "--out", paramLabel = "URI", defaultValue = "results",
      description = "Results directory, any Hadoop path (file://, hdfs://, s3a://...); the sweep goes to OUT/NAME. Default: ${DEFAULT-VALUE}.")
  String out;

  @Option(names = "--max-core-hours", defaultValue = "4",
      description = "Refuse a sweep whose estimated cost is above this, unless --yes. Default: ${DEFAULT-VALUE}.")
  double maxCoreHours;

  @Option(names = "--yes", description = "Run even above --max-core-hours.")
  boolean yes;

  @Option(names = "--resume", description = "Only continue a sweep already in OUT/NAME (fail if there is none).")
  boolean resume;

  @Option(names = "--progress-seconds", defaultValue = "5", description = "Seconds between progress lines. Default: ${DEFAULT-VALUE}.")
  double progressSeconds;

  @Option(names = "--no-report", description = "Do not compute the analysis tables, figures and report.html at the end "
      + "(see 'report').")
  boolean noReport;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!(progressSeconds >= 0.1 && progressSeconds <= 86400)) {
      throw new UserInputException("--progress-seconds: must be between 0.1 and 86400, got " + progressSeconds);
    }
    if (!(maxCoreHours >= 0 && maxCoreHours < Double.POSITIVE_INFINITY)) {
      throw new UserInputException("--max-core-hours: must be a finite number >= 0, got " + maxCoreHours);
    }
    ResultsLayout.of(out, "x"); // --out checked before the sweep file, as the options come first
    Sweep sweep = SweepFile.read(sweepFile);
    SweepPlan plan = SweepPlan.of(sweep);
    double hours = plan.estimatedCoreHours();
    if (hours > maxCoreHours && !yes) {
      throw new UserInputException(String.format("the sweep is estimated at %.3g core-hours, above --max-core-hours %s; "
          + "see 'plan %s', then run with --yes (or a larger --max-core-hours) to go on", hours,
          phasesweep.kernels.Parameter.display(maxCoreHours), sweepFile));
    }
    ResultsLayout layout = ResultsLayout.of(out, sweep.name());
    SweepJob.checkBeforeSpark(plan, layout);
    PrintWriter stdout = spec.commandLine().getOut();
    try (Sessions session = Sessions.open("phasesweep " + sweep.name())) {
      SparkSession spark = session.spark();
      if (resume) {
        FileSystem fs = layout.dir().getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(layout.sweepFile())) {
          throw new UserInputException("--resume: " + layout.dir() + " holds no sweep to resume");
        }
      }
      System.err.printf("phasesweep: sweep %s, %d tasks, estimated %.3g core-hours, master %s%n", sweep.name(),
          plan.tasks().size(), hours, spark.sparkContext().master());
      // the lock is held from the run through its report: no other command slips in between
      try (ResultsLock lock = SweepJob.lock(spark, plan, layout)) {
        SweepJob.Summary s = SweepJob.run(spark, plan, layout, System.err, Math.round(progressSeconds * 1000));
        stdout.println(summary(s));
        stdout.flush();
        if (!noReport) {
          stdout.println(Report.write(spark, layout, sweep.analysis()).lines());
        }
      }
    }
    stdout.flush();
    return 0;
  }

  static String summary(SweepJob.Summary s) {
    String statuses = s.statuses().entrySet().stream().map(Map.Entry::toString).map(e -> e.replace('=', ' '))
        .collect(Collectors.joining(", "));
    StringBuilder b = new StringBuilder();
    b.append(String.format("phasesweep: %d tasks: %d run now, %d already there; the table has %d rows%n", s.tasks(),
        s.ran(), s.skipped(), s.rows()));
    if (s.ran() > 0) {
      b.append(String.format("phasesweep: rows written now: %s%n", statuses));
      b.append(String.format("phasesweep: wall %.1f s (compaction %.1f s), task time %.1f s on %d cores: "
          + "sweep efficiency %.2f%n", s.wallSeconds(), s.compactionSeconds(), s.taskSeconds(), s.cores(),
          s.efficiency()));
      double overhead = s.sparkTaskSeconds() - s.taskSeconds();
      b.append(String.format("phasesweep: Spark and I/O overhead %.2f s over %d tasks (%.1f%% of task time, %.0f ms a task)%n",
          overhead, s.ran(), 100 * overhead / s.taskSeconds(), 1000 * overhead / s.ran()));
    }
    b.append("phasesweep: table ").append(s.table());
    return b.toString();
  }
}
