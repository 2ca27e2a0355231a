package phasesweep.driver.sweep;

import java.util.List;
import phasesweep.driver.analysis.AnalysisSettings;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.OdeMode;

/**
 * A validated sweep file: the grid of model settings and the run settings shared by its tasks.
 *
 * @param name the sweep's name (a folder name under the results directory)
 * @param file where it was read from (for messages)
 * @param text the file as written (copied next to the results)
 * @param axes one axis per model parameter, in {@link SweepFile#PARAMETERS} order; a fixed
 *     setting is an axis of one value
 * @param kernels the kernels each task runs
 * @param analysis the settings of the tables computed from the runs
 */
public record Sweep(
    String name,
    String file,
    String text,
    List<Axis> axes,
    List<Kernel> kernels,
    double tMax,
    int checkpointsPerDecade,
    double divergenceBound,
    OdeMode odeMode,
    double rtol,
    double atol,
    AnalysisSettings analysis,
    List<Setting> settings) {

  /**
   * The values of one model parameter.
   *
   * @param parameter the kernel parameter's name ({@code d}, {@code noise}, ...)
   * @param field where it is set in the file ({@code grid.d}, {@code model.k})
   * @param line the line of that field
   * @param values {@code Integer} for d and k, {@code Long} for seed, the enum for activation
   *     and init, {@code Double} otherwise
   */
  public record Axis(String parameter, String field, int line, List<Object> values) {}

  /** Where a run setting is written, for error messages. */
  public record Setting(String parameter, String field, int line) {}

  /** The number of tasks: the product of the axes' sizes. */
  public long taskCount() {
    long n = 1;
    for (Axis a : axes) {
      n *= a.values().size();
    }
    return n;
  }
}
