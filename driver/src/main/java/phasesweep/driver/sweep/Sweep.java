package phasesweep.driver.sweep;

import java.util.List;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.Parameter;

/**
 * A validated sweep file: one axis per setting of {@link Parameter#SETTINGS} (a fixed setting
 * is an axis of one value), the kernels each task runs, and the analysis settings.
 *
 * @param name the sweep's name (a folder name under the results directory)
 * @param file where it was read from (for messages)
 * @param text the file as written (copied next to the results)
 * @param axes one axis per setting, in {@link Parameter#SETTINGS} order
 * @param kernels the kernels each task runs
 * @param analysis the settings of the tables computed from the runs
 */
public record Sweep(String name, String file, String text, List<Axis> axes, List<Kernel> kernels,
    AnalysisSettings analysis) {

  /**
   * The values of one setting.
   *
   * @param parameter the setting
   * @param field where it is set in the file ({@code grid.d}, {@code model.k}, {@code run.t_max})
   * @param line the line of that field (of its section, for a default)
   * @param values of the parameter's {@link Parameter#javaType}
   */
  public record Axis(Parameter parameter, String field, int line, List<Object> values) {}

  /** The number of tasks: the product of the axes' sizes. */
  /** The tasks of the grid: the product of the axes' sizes, {@code Long.MAX_VALUE} if it overflows. */
  public long taskCount() {
    long n = 1;
    for (Axis a : axes) {
      try {
        n = Math.multiplyExact(n, a.values().size());
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
    return n;
  }

  /** The axis of a setting. */
  public Axis axis(Parameter parameter) {
    for (Axis a : axes) {
      if (a.parameter() == parameter) {
        return a;
      }
    }
    throw new IllegalArgumentException(parameter.key());
  }

  /** The value of a setting that is not a grid axis (a run setting, or a model setting fixed in model). */
  public Object setting(Parameter parameter) {
    List<Object> values = axis(parameter).values();
    if (values.size() != 1) {
      throw new IllegalStateException(parameter.key() + " is a grid axis");
    }
    return values.get(0);
  }
}
