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
 * @param axes one axis per setting, in {@link Parameter#SETTINGS} order (a setting the cases
 *     give: all their values, for messages)
 * @param cases per case of the file's {@code cases}, its axes (the case's settings with the
 *     rest of the file's), in {@link Parameter#SETTINGS} order; empty without: see {@link #grids}
 * @param kernels the kernels each task runs
 * @param analysis the settings of the tables computed from the runs
 */
public record Sweep(String name, String file, String text, List<Axis> axes, List<List<Axis>> cases,
    List<Kernel> kernels, AnalysisSettings analysis) {

  /** A sweep without cases. */
  public Sweep(String name, String file, String text, List<Axis> axes, List<Kernel> kernels,
      AnalysisSettings analysis) {
    this(name, file, text, axes, List.of(), kernels, analysis);
  }

  /**
   * The values of one setting.
   *
   * @param parameter the setting
   * @param field where it is set in the file ({@code grid.d}, {@code model.k}, {@code run.t_max})
   * @param line the line of that field (of its section, for a default)
   * @param values of the parameter's {@link Parameter#javaType}
   */
  public record Axis(Parameter parameter, String field, int line, List<Object> values) {}

  /**
   * Whether this sweep's file says what {@code other} (a sweep file's text, as a results folder
   * keeps it) says: the same YAML document but for comments, layout and the order of a map's keys.
   * A results folder written from a file whose comments were edited since is the same sweep's.
   * Text that does not parse says something else.
   */
  public boolean sameDocument(String other) {
    if (text.equals(other)) {
      return true;
    }
    try {
      return YamlTree.same(YamlTree.parse(text), YamlTree.parse(other));
    } catch (YamlTree.SyntaxError e) {
      return false;
    }
  }

  /** The grids whose tasks are the sweep's: one per case, or the axes alone. */
  public List<List<Axis>> grids() {
    return cases.isEmpty() ? List.of(axes) : cases;
  }

  /** The tasks: the sum over {@link #grids} of the product of their axes' sizes, {@code Long.MAX_VALUE} if it overflows. */
  public long taskCount() {
    long total = 0;
    for (List<Axis> grid : grids()) {
      long n = 1;
      for (Axis a : grid) {
        try {
          n = Math.multiplyExact(n, a.values().size());
        } catch (ArithmeticException e) {
          return Long.MAX_VALUE;
        }
      }
      try {
        total = Math.addExact(total, n);
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
    return total;
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
