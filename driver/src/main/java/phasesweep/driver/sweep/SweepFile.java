package phasesweep.driver.sweep;


import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import phasesweep.driver.analysis.AnalysisSettings;
import phasesweep.driver.sweep.Sweep.Axis;
import phasesweep.driver.sweep.Sweep.Setting;
import phasesweep.driver.sweep.YamlTree.Entry;
import phasesweep.driver.sweep.YamlTree.ListNode;
import phasesweep.driver.sweep.YamlTree.MapNode;
import phasesweep.driver.sweep.YamlTree.Node;
import phasesweep.driver.sweep.YamlTree.Scalar;
import phasesweep.kernels.Activation;
import phasesweep.kernels.EnumIds;
import phasesweep.kernels.Init;
import phasesweep.kernels.InvalidParameterException;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.OdeMode;

/**
 * Reads a sweep file (YAML). Every error names the file, the line, the field and the reason.
 *
 * <pre>
 * name: quickstart
 * model: {activation: erf, init: random, k: 2, p0: 2, gamma0: 1}
 * grid:
 *   d: {from: 100, to: 400, factor: 2}      # or a list, or {from, to, step}
 *   kappa: [0]
 *   delta: [-0.75, -0.25, 0, 0.25, 0.5]
 *   noise: [1.0e-3]
 *   seed: {count: 3}                         # seeds 0, 1, 2
 * run:
 *   kernels: [sgd, ode]
 *   t_max: 100
 *   checkpoints_per_decade: 10
 *   divergence_bound: 100
 *   ode: {mode: finite, rtol: 1.0e-8, atol: 1.0e-10}
 * analysis: {risk_threshold: 0.01, tolerance: 0.05, confidence: 0.95, bootstrap_resamples: 2000, fit: risk_tail}
 * </pre>
 *
 * A model setting may be a grid axis instead (a list or a range under {@code grid}); a grid
 * axis may be a single value.
 */
public final class SweepFile {
  /** The model parameters, in the order tasks are expanded (the last varies fastest). */
  public static final List<String> PARAMETERS =
      List.of("activation", "init", "k", "p0", "gamma0", "d", "kappa", "delta", "noise", "seed");

  private static final List<String> TOP = List.of("name", "model", "grid", "run", "analysis");
  private static final List<String> RUN = List.of("kernels", "t_max", "checkpoints_per_decade", "divergence_bound", "ode");
  private static final List<String> ODE = List.of("mode", "rtol", "atol");
  private static final List<String> ANALYSIS =
      List.of("risk_threshold", "tolerance", "confidence", "bootstrap_resamples", "fit");
  private static final List<String> REQUIRED = List.of("k", "p0", "gamma0", "d", "kappa", "delta", "noise");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
  /** Most tasks one sweep may expand to; a list of tasks this long already fills a driver. */
  static final long MAX_TASKS = 5_000_000;

  private final String file;

  private SweepFile(String file) {
    this.file = file;
  }

  public static Sweep read(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new SweepFileException(path.toString(), 1, "", "cannot read: " + e.getMessage());
    }
    return parse(path.toString(), text);
  }

  public static Sweep parse(String file, String text) {
    return new SweepFile(file).sweep(text);
  }

  private SweepFileException error(int line, String field, String reason) {
    return new SweepFileException(file, line, field, reason);
  }

  private Sweep sweep(String text) {
    Node root;
    try {
      root = YamlTree.parse(text);
    } catch (YamlTree.SyntaxError e) {
      throw error(e.line, "", e.getMessage());
    }
    MapNode top = map(root, "");
    keys(top, "", TOP);
    Entry nameEntry = require(top, "", "name");
    String name = string(nameEntry.value(), "name");
    if (!NAME.matcher(name).matches()) {
      throw error(nameEntry.value().line(), "name",
          "'" + name + "' is not a folder name (letters, digits, '_', '.', '-'; at most 100)");
    }

    Map<String, Entry> model = entries(top, "model", List.of("activation", "init", "k", "p0", "gamma0"));
    Map<String, Entry> grid = entries(top, "grid", PARAMETERS);
    List<Axis> axes = new ArrayList<>();
    for (String parameter : PARAMETERS) {
      Entry m = model.get(parameter);
      Entry g = grid.get(parameter);
      if (m != null && g != null) {
        throw error(g.line(), "grid." + parameter, "also set in model (line " + m.line() + "); set it in one place");
      }
      if (m == null && g == null) {
        if (REQUIRED.contains(parameter)) {
          throw error(top.entries().containsKey("grid") ? top.entries().get("grid").line() : top.line(),
              "grid." + parameter, "missing (every sweep sets d, kappa, delta, noise in grid and k, p0, gamma0)");
        }
        axes.add(defaultAxis(parameter));
        continue;
      }
      Entry e = m != null ? m : g;
      String field = (m != null ? "model." : "grid.") + parameter;
      axes.add(new Axis(parameter, field, e.line(), m != null ? List.of(value(parameter, e.value(), field))
          : axis(parameter, e.value(), field)));
    }

    Map<String, Entry> run = entries(top, "run", RUN);
    List<Setting> settings = new ArrayList<>();
    List<Kernel> kernels = kernels(run.get("kernels"));
    Entry tMax = run.get("t_max");
    if (tMax == null) {
      throw error(top.entries().containsKey("run") ? top.entries().get("run").line() : top.line(), "run.t_max", "missing");
    }
    settings.add(new Setting("t_max", "run.t_max", tMax.line()));
    double tMaxValue = number(tMax.value(), "run.t_max").doubleValue();
    int perDecade = run.containsKey("checkpoints_per_decade")
        ? integer(run.get("checkpoints_per_decade").value(), "run.checkpoints_per_decade") : 10;
    settings.add(setting(run, "checkpoints_per_decade", "run.checkpoints_per_decade", top));
    double bound = run.containsKey("divergence_bound")
        ? number(run.get("divergence_bound").value(), "run.divergence_bound").doubleValue() : 100;
    settings.add(setting(run, "divergence_bound", "run.divergence_bound", top));
    Map<String, Entry> ode = run.containsKey("ode") ? checked(map(run.get("ode").value(), "run.ode"), "run.ode", ODE) : Map.of();
    OdeMode mode = ode.containsKey("mode") ? enumValue(OdeMode.class, ode.get("mode").value(), "run.ode.mode") : OdeMode.FINITE;
    double rtol = ode.containsKey("rtol") ? number(ode.get("rtol").value(), "run.ode.rtol").doubleValue() : 1e-8;
    double atol = ode.containsKey("atol") ? number(ode.get("atol").value(), "run.ode.atol").doubleValue() : 1e-10;
    settings.add(setting(ode, "mode", "run.ode.mode", top));
    settings.add(setting(ode, "rtol", "run.ode.rtol", top));
    settings.add(setting(ode, "atol", "run.ode.atol", top));

    AnalysisSettings analysis = analysis(entries(top, "analysis", ANALYSIS));

    Sweep sweep = new Sweep(name, file, text, List.copyOf(axes), kernels, tMaxValue, perDecade, bound, mode,
        rtol, atol, analysis, List.copyOf(settings));
    if (sweep.taskCount() > MAX_TASKS) {
      throw error(top.entries().get("grid").line(), "grid",
          sweep.taskCount() + " tasks; one sweep may have at most " + MAX_TASKS + " (split it into several files)");
    }
    return sweep;
  }

  private AnalysisSettings analysis(Map<String, Entry> section) {
    AnalysisSettings d = AnalysisSettings.DEFAULT;
    double threshold = d.riskThreshold();
    if (section.containsKey("risk_threshold")) {
      Entry e = section.get("risk_threshold");
      threshold = number(e.value(), "analysis.risk_threshold").doubleValue();
      if (!(threshold > 0)) {
        throw error(e.value().line(), "analysis.risk_threshold", "must be > 0, got " + threshold);
      }
    }
    double tolerance = d.tolerance();
    if (section.containsKey("tolerance")) {
      Entry e = section.get("tolerance");
      tolerance = number(e.value(), "analysis.tolerance").doubleValue();
      if (!(tolerance >= 0 && tolerance <= 1)) {
        throw error(e.value().line(), "analysis.tolerance", "must be between 0 and 1 (an exponent difference), got " + tolerance);
      }
    }
    double confidence = d.confidence();
    if (section.containsKey("confidence")) {
      Entry e = section.get("confidence");
      confidence = number(e.value(), "analysis.confidence").doubleValue();
      if (!(confidence >= 0.5 && confidence < 1)) {
        throw error(e.value().line(), "analysis.confidence", "must be at least 0.5 and below 1, got " + confidence);
      }
    }
    int resamples = d.resamples();
    if (section.containsKey("bootstrap_resamples")) {
      Entry e = section.get("bootstrap_resamples");
      resamples = integer(e.value(), "analysis.bootstrap_resamples");
      if (resamples < 100 || resamples > 1_000_000) {
        throw error(e.value().line(), "analysis.bootstrap_resamples", "must be between 100 and 1000000, got " + resamples);
      }
    }
    String fit = d.fitColumn();
    if (section.containsKey("fit")) {
      Entry e = section.get("fit");
      fit = string(e.value(), "analysis.fit");
      if (!AnalysisSettings.FIT_COLUMNS.contains(fit)) {
        throw error(e.value().line(), "analysis.fit", "'" + fit + "' is not one of " + String.join(", ", AnalysisSettings.FIT_COLUMNS));
      }
    }
    return new AnalysisSettings(threshold, tolerance, confidence, resamples, fit);
  }

  private Setting setting(Map<String, Entry> section, String key, String field, MapNode top) {
    Entry e = section.get(key);
    int line = e != null ? e.line() : top.entries().containsKey("run") ? top.entries().get("run").line() : top.line();
    return new Setting(key, field, line);
  }

  private static Axis defaultAxis(String parameter) {
    switch (parameter) {
      case "activation":
        return new Axis(parameter, "model.activation", 0, List.of(Activation.ERF));
      case "init":
        return new Axis(parameter, "model.init", 0, List.of(Init.RANDOM));
      case "seed":
        return new Axis(parameter, "grid.seed", 0, List.of(0L));
      default:
        throw new IllegalArgumentException(parameter);
    }
  }

  private List<Kernel> kernels(Entry entry) {
    if (entry == null) {
      return List.of(Kernel.SGD, Kernel.ODE);
    }
    List<Node> items = entry.value() instanceof ListNode l ? l.items() : List.of(entry.value());
    if (items.isEmpty()) {
      throw error(entry.value().line(), "run.kernels", "empty list (expected sgd, ode or both)");
    }
    List<Kernel> kernels = new ArrayList<>();
    for (Node n : items) {
      Kernel k = enumValue(Kernel.class, n, "run.kernels");
      if (kernels.contains(k)) {
        throw error(n.line(), "run.kernels", k.id() + " appears twice");
      }
      kernels.add(k);
    }
    return List.copyOf(kernels);
  }

  // ---- axes ------------------------------------------------------------------------------

  private List<Object> axis(String parameter, Node node, String field) {
    List<Object> values = new ArrayList<>();
    if (node instanceof ListNode list) {
      if (list.items().isEmpty()) {
        throw error(node.line(), field, "empty list: a grid axis needs at least one value");
      }
      for (Node item : list.items()) {
        values.add(value(parameter, item, field));
      }
    } else if (node instanceof MapNode range) {
      values.addAll(range(parameter, range, field));
    } else {
      values.add(value(parameter, node, field));
    }
    Set<Object> seen = new HashSet<>();
    for (Object v : values) {
      if (!seen.add(v)) {
        throw error(node.line(), field, v + " appears twice");
      }
    }
    return List.copyOf(values);
  }

  private List<Object> range(String parameter, MapNode range, String field) {
    Map<String, Entry> e = range.entries();
    if (parameter.equals("seed") && e.containsKey("count")) {
      keys(range, field, List.of("from", "count"));
      long from = e.containsKey("from") ? integer(e.get("from").value(), field + ".from") : 0;
      long count = integer(e.get("count").value(), field + ".count");
      if (count < 1) {
        throw error(e.get("count").line(), field + ".count", "must be at least 1, got " + count);
      }
      if (count > MAX_TASKS) {
        throw error(e.get("count").line(), field + ".count", "must be at most " + MAX_TASKS + ", got " + count);
      }
      List<Object> seeds = new ArrayList<>();
      for (long s = 0; s < count; s++) {
        seeds.add(from + s);
      }
      return seeds;
    }
    if (!(e.containsKey("from") && e.containsKey("to") && (e.containsKey("step") ^ e.containsKey("factor")))) {
      throw error(range.line(), field, "a range is {from, to, step} (arithmetic) or {from, to, factor} (geometric)"
          + (parameter.equals("seed") ? " or {count} ({from, count})" : ""));
    }
    keys(range, field, List.of("from", "to", e.containsKey("step") ? "step" : "factor"));
    if (parameter.equals("activation") || parameter.equals("init")) {
      throw error(range.line(), field, "is not a number: list its values instead of a range");
    }
    BigDecimal from = number(e.get("from").value(), field + ".from");
    BigDecimal to = number(e.get("to").value(), field + ".to");
    if (to.compareTo(from) < 0) {
      throw error(e.get("to").line(), field + ".to", "must be at least from (" + from + "), got " + to);
    }
    List<BigDecimal> points = new ArrayList<>();
    if (e.containsKey("step")) {
      BigDecimal step = number(e.get("step").value(), field + ".step");
      if (step.signum() <= 0) {
        throw error(e.get("step").line(), field + ".step", "must be > 0, got " + step);
      }
      for (BigDecimal v = from; v.compareTo(to) <= 0; v = v.add(step)) {
        points.add(v);
        tooMany(points, e.get("step").line(), field);
      }
    } else {
      BigDecimal factor = number(e.get("factor").value(), field + ".factor");
      if (factor.compareTo(BigDecimal.ONE) <= 0 || from.signum() <= 0) {
        throw error(e.get("factor").line(), field + ".factor",
            "a geometric range needs factor > 1 and from > 0, got factor " + factor + ", from " + from);
      }
      // to 15 significant digits, so that 10 x 10^0.5 x 10^0.5 lands on 100
      BigDecimal limit = to.multiply(new BigDecimal("1.000000001"));
      for (BigDecimal v = from; v.compareTo(limit) <= 0; v = v.multiply(factor).round(MathContext.DECIMAL64)) {
        points.add(v);
        tooMany(points, e.get("factor").line(), field);
      }
    }
    boolean whole = parameter.equals("d") || parameter.equals("k") || parameter.equals("seed");
    List<Object> values = new ArrayList<>();
    for (BigDecimal v : points) {
      // a geometric range of a whole-number axis is rounded: 10, 31.6, 100 is d = 10, 32, 100
      BigDecimal r = whole && e.containsKey("factor") ? v.setScale(0, RoundingMode.HALF_EVEN) : v;
      values.add(typed(parameter, r, range.line(), field));
    }
    return values;
  }

  private void tooMany(List<?> points, int line, String field) {
    if (points.size() > 100_000) {
      throw error(line, field, "the range has more than 100000 values");
    }
  }

  /** One value of a parameter, typed. */
  private Object value(String parameter, Node node, String field) {
    switch (parameter) {
      case "activation":
        return enumValue(Activation.class, node, field);
      case "init":
        return enumValue(Init.class, node, field);
      default:
        return typed(parameter, number(node, field), node.line(), field);
    }
  }

  private Object typed(String parameter, BigDecimal v, int line, String field) {
    switch (parameter) {
      case "d":
      case "k":
        return (int) whole(v, line, field, Integer.MAX_VALUE);
      case "seed":
        return whole(v, line, field, Long.MAX_VALUE);
      default:
        return v.doubleValue();
    }
  }

  private long whole(BigDecimal v, int line, String field, long max) {
    BigDecimal r = v.stripTrailingZeros();
    if (r.scale() > 0) {
      throw error(line, field, "must be a whole number, got " + v.toPlainString());
    }
    if (r.abs().compareTo(BigDecimal.valueOf(max)) > 0) {
      throw error(line, field, "is too large: " + v.toPlainString());
    }
    return r.longValueExact();
  }

  // ---- scalars ---------------------------------------------------------------------------

  /**
   * A finite number. YAML 1.1 reads {@code 1e-3} (no dot) as a string; it is accepted as the
   * number it is meant to be.
   */
  private BigDecimal number(Node node, String field) {
    Scalar s = scalar(node, field, "a number");
    if (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE || s.isNull()) {
      throw error(s.line(), field, "must be a number, got " + (s.isNull() ? "nothing" : s.text()));
    }
    try {
      return new BigDecimal(s.text().strip().replace("_", ""));
    } catch (NumberFormatException e) {
      String t = s.text().strip().toLowerCase(java.util.Locale.ROOT);
      if (t.matches("[-+]?\\.?(nan|inf|infinity)")) {
        throw error(s.line(), field, "must be a finite number, got " + s.text());
      }
      throw error(s.line(), field, "must be a number, got '" + s.text() + "'");
    }
  }

  private int integer(Node node, String field) {
    return (int) whole(number(node, field), node.line(), field, Integer.MAX_VALUE);
  }

  private String string(Node node, String field) {
    Scalar s = scalar(node, field, "a text");
    if (s.isNull() || s.text().isBlank()) {
      throw error(s.line(), field, "must not be empty");
    }
    return s.text().strip();
  }

  private <E extends Enum<E>> E enumValue(Class<E> type, Node node, String field) {
    String text = string(node, field);
    try {
      return EnumIds.parse(type, text, field);
    } catch (InvalidParameterException e) {
      throw error(node.line(), field, e.getMessage().substring(field.length() + 2));
    }
  }

  private Scalar scalar(Node node, String field, String what) {
    if (node instanceof Scalar s) {
      return s;
    }
    throw error(node.line(), field, "must be " + what + ", got a " + (node instanceof MapNode ? "map" : "list"));
  }

  // ---- maps ------------------------------------------------------------------------------

  private MapNode map(Node node, String field) {
    if (node instanceof MapNode m) {
      return m;
    }
    throw error(node.line(), field, field.isEmpty()
        ? "a sweep file is a map with the keys " + String.join(", ", TOP) : "must be a map");
  }

  /** The entries of an optional section, with its keys checked. */
  private Map<String, Entry> entries(MapNode parent, String key, List<String> allowed) {
    Entry e = parent.entries().get(key);
    if (e == null) {
      return Map.of();
    }
    return checked(map(e.value(), key), key, allowed);
  }

  /** The entries of an already-fetched map, with its keys checked. */
  private Map<String, Entry> checked(MapNode m, String field, List<String> allowed) {
    keys(m, field, allowed);
    return m.entries();
  }

  private void keys(MapNode m, String field, List<String> allowed) {
    for (Entry e : m.entries().values()) {
      if (!allowed.contains(e.key())) {
        String at = field.isEmpty() ? e.key() : field + "." + e.key();
        throw error(e.line(), at, "unknown key (expected one of " + String.join(", ", allowed) + ")");
      }
    }
  }

  private Entry require(MapNode m, String field, String key) {
    Entry e = m.entries().get(key);
    if (e == null) {
      throw error(m.line(), field.isEmpty() ? key : field + "." + key, "missing");
    }
    return e;
  }
}
