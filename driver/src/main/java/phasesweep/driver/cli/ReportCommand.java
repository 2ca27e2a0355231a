package phasesweep.driver.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import phasesweep.driver.job.Sessions;
import phasesweep.driver.report.Report;
import phasesweep.driver.sweep.Sweep;
import phasesweep.driver.sweep.SweepFile;
import phasesweep.driver.table.ResultsLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Recomputes a sweep's analysis from its runs: the tables fits, phases, sample_complexity and "
        + "finite_size (Parquet, next to runs), the figures (figures/*.png and *.svg) and report.html.",
        "'run' does this at its end; run it again after a table has grown (a resumed or stopped sweep: rows not yet "
            + "compacted count too). The settings are the analysis section of the folder's sweep.yaml.",
        "The runs are only read; the previous report is replaced whole, never half-written. It takes the folder's "
            + "lock: while a run or another report holds it, report is refused (exit 5).",
        "Exit codes: 0 done, 2 not a results folder, 3 no runs yet, 4 failed (disk, permissions, a corrupted file: "
            + "the line says which), 5 folder in use."})
public final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RESULTS_DIR", description = "A sweep's results folder (OUT/NAME), any Hadoop path.")
  String results;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ResultsLayout layout = ResultsLayout.ofDir(results);
    layout.requireSweepFileIfLocal(); // a mistyped folder fails before Spark starts (issue #31, item 6)
    phasesweep.driver.Interruption.whenStopped("the runs and the previous report are as they were");
    try (Sessions session = Sessions.open("phasesweep report")) {
      SparkSession spark = session.spark();
      try (phasesweep.driver.job.ResultsLock lock = Report.lock(spark, layout)) {
        Sweep sweep = readSweep(layout, spark);
        Report.Summary s = Report.write(spark, layout, sweep.analysis());
        spec.commandLine().getOut().println(s.lines());
      }
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  static Sweep readSweep(ResultsLayout layout, SparkSession spark) throws IOException {
    return SweepFile.parse(layout.sweepFile().toString(), layout.sweepText(spark.sparkContext().hadoopConfiguration()));
  }
}
