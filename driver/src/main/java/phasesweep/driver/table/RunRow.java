package phasesweep.driver.table;

import java.io.Serializable;
import java.time.Instant;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.KernelResult;
import phasesweep.kernels.Status;
import phasesweep.kernels.TaskParams;

/**
 * One row of the {@code runs} table: a task's parameters and one kernel's result. The column
 * names are a contract shared with SQL, the notebooks and the analysis (see {@link RunsSchema}).
 */
public record RunRow(
    String taskId,
    String sweep,
    Kernel kernel,
    TaskParams params,
    Status status,
    String message,
    double riskInit,
    double riskFinal,
    double riskTail,
    double tDiverged,
    long steps,
    double[] curveT,
    double[] curveRisk,
    double[] curveQ,
    double[] curveM,
    double[] qFinal,
    double[] mFinal,
    double wallSeconds,
    String executor,
    String version,
    Instant finishedAt) implements Serializable {
  private static final long serialVersionUID = 1L;

  public static RunRow of(String taskId, String sweep, TaskParams params, KernelResult r, String executor,
      String version, Instant finishedAt) {
    return new RunRow(taskId, sweep, r.kernel(), params, r.status(), r.message(), r.riskInit(), r.riskFinal(),
        r.riskTail(), r.tDiverged(), r.steps(), r.times(), r.risks(), r.curveQ(), r.curveM(), r.qFinal(), r.mFinal(), r.wallSeconds(), executor,
        version, finishedAt);
  }

  /** A kernel that threw: a row with status {@code failed} and the reason, never a failed job. */
  public static RunRow failed(String taskId, String sweep, TaskParams params, Kernel kernel, Throwable error,
      double wallSeconds, String executor, String version, Instant finishedAt) {
    String message = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    return new RunRow(taskId, sweep, kernel, params, Status.FAILED, message, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN, 0, new double[0], new double[0], new double[0], new double[0], new double[0], new double[0], wallSeconds, executor, version,
        finishedAt);
  }
}
