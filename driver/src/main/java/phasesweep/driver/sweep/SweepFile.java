package phasesweep.driver.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import phasesweep.driver.sweep.Sweep.Axis;
import phasesweep.driver.sweep.YamlTree.Entry;
import phasesweep.driver.sweep.YamlTree.ListNode;
import phasesweep.driver.sweep.YamlTree.MapNode;
import phasesweep.driver.sweep.YamlTree.Node;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.Parameter.Section;

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
 * cases:                                     # optional: settings that go together
 *   - {activation: he3, delta: 0.5, d: [316, 1000, 3162], t_max: 100}
 *   - {activation: he4, delta: 1, d: [50, 158, 500], t_max: 1000}
 * </pre>
 *
 * Which keys exist, their types, defaults and checks come from {@link Parameter}: a model
 * parameter is set once, in {@code model} (one value), in {@code grid} (an axis, or one value)
 * or in {@code cases}; run settings in {@code run} or {@code cases}, ODE settings in
 * {@code run.ode}. Each of the {@code cases} is a grid of its own: the settings it gives (a model
 * setting may be an axis, as in {@code grid}) with the rest of the file's; every case sets the
 * same keys, and the sweep's tasks are all the cases' tasks.
 */
public final class SweepFile {
  private static final List<String> TOP = List.of("name", "model", "grid", "run", "analysis", "cases");
  /** Most cases a sweep may list. */
  static final int MAX_CASES = 1000;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
  /** Most tasks one sweep may expand to; a list of tasks this long already fills a driver. */
  static final long MAX_TASKS = 5_000_000;

  private final Located in;
  private final GridAxes grid;

  private SweepFile(String file) {
    this.in = new Located(file);
    this.grid = new GridAxes(in);
  }

  /** Largest sweep file read: a grid of any size fits in a few lines, and parsing is bounded by it. */
  static final int MAX_BYTES = 1 << 20;

  public static Sweep read(Path path) {
    return parse(path.toString(), text(path));
  }

  /**
   * For a missing sweep file, the file of its folder it was most likely meant to be: the same
   * name with the other YAML ending ({@code .yml}, {@code .yaml}, or none), or in another case;
   * empty if there is none.
   */
  static String nearMiss(Path path) {
    Path folder = path.toAbsolutePath().getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      return "";
    }
    String name = path.getFileName().toString();
    String stem = name.replaceFirst("\\.(ya?ml)$", "");
    try (java.util.stream.Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString())
          .filter(n -> n.replaceFirst("\\.(ya?ml)$", "").equalsIgnoreCase(stem) && n.matches(".*\\.ya?ml$"))
          .sorted()
          .findFirst()
          .map(n -> " (did you mean " + (path.getParent() == null ? n : path.getParent().resolve(n)) + "?)")
          .orElse("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /**
   * The file's text: at most {@link #MAX_BYTES} bytes read (of a file that may be a device or a
   * pipe), then decoded as strict UTF-8.
   */
  static String text(Path path) {
    String file = path.toString();
    if (Files.isDirectory(path)) {
      throw SweepFileException.ofFile(file, "is a folder, not a sweep file");
    }
    byte[] bytes;
    try (java.io.InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (java.nio.file.NoSuchFileException e) {
      throw SweepFileException.ofFile(file, "no such file" + nearMiss(path));
    } catch (java.nio.file.AccessDeniedException e) {
      throw SweepFileException.ofFile(file, "cannot read: permission denied");
    } catch (IOException e) {
      throw SweepFileException.ofFile(file, "cannot read: " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      throw SweepFileException.ofFile(file, "larger than " + MAX_BYTES / 1024 + " KiB: not a sweep file "
          + "(a grid of any size takes a few lines)");
    }
    try {
      return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new SweepFileException(file, 1, "", "not UTF-8 text: a sweep file is YAML, and this looks binary");
    }
  }

  public static Sweep parse(String file, String text) {
    return new SweepFile(file).sweep(file, text);
  }

  /** The keys a section accepts: its parameters', in declaration order. */
  static List<String> keys(Section section) {
    return Parameter.SETTINGS.stream().filter(p -> p.section() == section).map(Parameter::key).toList();
  }

  private Sweep sweep(String file, String text) {
    Node root;
    try {
      root = YamlTree.parse(text);
    } catch (YamlTree.SyntaxError e) {
      throw in.error(e.line, "", e.getMessage());
    }
    MapNode top = in.map(root, "", TOP);
    in.keys(top, "", TOP);
    Entry nameEntry = in.require(top, "", "name");
    String name = in.string(nameEntry.value(), "name");
    if (!NAME.matcher(name).matches()) {
      throw in.error(nameEntry.value().line(), "name",
          "'" + Located.shown(name) + "' is not a folder name (letters, digits, '_', '.', '-'; at most 100)");
    }

    List<String> modelKeys = keys(Section.MODEL);
    Map<String, Entry> model = in.entries(top, "model", modelKeys);
    Map<String, Entry> gridSection = in.entries(top, "grid", modelKeys);
    List<String> runKeys = new ArrayList<>(List.of("kernels"));
    runKeys.addAll(keys(Section.RUN));
    runKeys.add("ode");
    Map<String, Entry> run = in.entries(top, "run", runKeys);
    Map<String, Entry> ode = run.containsKey("ode") ? odeSection(run.get("ode")) : Map.of();

    List<Map<Parameter, Axis>> cases = cases(top, model, gridSection, run);
    List<Axis> axes = new ArrayList<>();
    for (Parameter p : Parameter.SETTINGS) {
      if (!cases.isEmpty() && cases.get(0).containsKey(p)) {
        // the sweep's one axis of a setting its cases give: every case's values, for messages
        List<Object> all = new ArrayList<>();
        cases.forEach(c -> c.get(p).values().stream().filter(v -> !all.contains(v)).forEach(all::add));
        axes.add(new Axis(p, "cases." + p.key(), Located.lineOf(top, "cases"), all));
        continue;
      }
      axes.add(switch (p.section()) {
        case MODEL -> modelAxis(p, model.get(p.key()), gridSection.get(p.key()), top);
        case RUN -> setting(p, run.get(p.key()), "run.", Located.lineOf(top, "run"));
        case ODE -> setting(p, ode.get(p.key()), "run.ode.", Located.lineOf(top, "run"));
        case DERIVED -> throw new IllegalStateException(p.key());
      });
    }
    List<List<Axis>> grids = new ArrayList<>();
    for (Map<Parameter, Axis> c : cases) {
      grids.add(axes.stream().map(a -> c.getOrDefault(a.parameter(), a)).toList());
    }
    Sweep sweep = new Sweep(name, file, text, List.copyOf(axes), List.copyOf(grids),
        kernels(run.get("kernels")), AnalysisSection.read(in, top));
    if (sweep.taskCount() > MAX_TASKS) {
      throw in.error(Located.lineOf(top, "grid"), "grid", (sweep.taskCount() == Long.MAX_VALUE ? "more than 2^63"
          : String.valueOf(sweep.taskCount())) + " tasks; one sweep may have at most " + MAX_TASKS
          + " (split it into several files)");
    }
    return sweep;
  }

  /**
   * The {@code cases} section: a list of maps of model settings (each a value or an axis, as in
   * {@code grid}) and run settings, each case setting the same keys, none of them set elsewhere.
   * Per case, its axes by parameter; empty without the section.
   */
  private List<Map<Parameter, Axis>> cases(MapNode top, Map<String, Entry> model, Map<String, Entry> gridSection,
      Map<String, Entry> run) {
    List<Map<Parameter, Axis>> cases = new ArrayList<>();
    Entry section = top.entries().get("cases");
    if (section == null) {
      return cases;
    }
    if (!(section.value() instanceof ListNode list) || list.items().isEmpty()) {
      throw in.error(section.line(), "cases", "expected a list of maps, e.g. - {activation: he3, delta: 0.5}");
    }
    if (list.items().size() > MAX_CASES) {
      throw in.error(section.line(), "cases", list.items().size() + " cases; a sweep may have at most " + MAX_CASES);
    }
    List<String> allowed = new ArrayList<>(keys(Section.MODEL));
    allowed.addAll(keys(Section.RUN));
    List<String> first = null;
    java.util.Set<List<String>> seen = new java.util.HashSet<>();
    for (int i = 0; i < list.items().size(); i++) {
      String field = "cases[" + (i + 1) + "]";
      MapNode c = in.map(list.items().get(i), field, TOP);
      in.keys(c, field, allowed);
      List<String> keys = List.copyOf(c.entries().keySet());
      if (keys.isEmpty()) {
        throw in.error(c.line(), field, "empty (a case sets one or more of the model and run settings)");
      }
      if (first == null) {
        first = keys;
      } else if (!new java.util.HashSet<>(keys).equals(new java.util.HashSet<>(first))) {
        throw in.error(c.line(), field, "sets " + String.join(", ", keys) + " but cases[1] sets "
            + String.join(", ", first) + " (every case sets the same keys)");
      }
      Map<Parameter, Axis> axes = new java.util.LinkedHashMap<>();
      List<String> shown = new ArrayList<>();
      for (Parameter p : Parameter.SETTINGS) {
        Entry e = c.entries().get(p.key());
        if (e == null) {
          continue;
        }
        String where = field + "." + p.key();
        List<Object> values = p.section() == Section.MODEL ? grid.axis(p, e.value(), where)
            : List.of(grid.value(p, e.value(), where));
        axes.put(p, new Axis(p, where, e.line(), values));
        shown.add(p.key() + "=" + values.stream().map(Parameter::text).toList());
      }
      if (!seen.add(shown)) {
        throw in.error(c.line(), field, "the same as an earlier case");
      }
      cases.add(axes);
    }
    for (Parameter p : cases.get(0).keySet()) {
      Entry elsewhere = model.containsKey(p.key()) ? model.get(p.key()) : gridSection.containsKey(p.key())
          ? gridSection.get(p.key()) : run.get(p.key());
      if (elsewhere != null) {
        throw in.error(elsewhere.line(), p.key(), "also set in cases (line " + section.line() + "); set it in one place");
      }
    }
    return cases;
  }

  private Map<String, Entry> odeSection(Entry entry) {
    MapNode m = in.map(entry.value(), "run.ode", TOP);
    in.keys(m, "run.ode", keys(Section.ODE));
    return m.entries();
  }

  private Axis modelAxis(Parameter p, Entry m, Entry g, MapNode top) {
    if (m != null && g != null) {
      throw in.error(g.line(), "grid." + p.key(), "also set in model (line " + m.line() + "); set it in one place");
    }
    if (m == null && g == null) {
      if (p.required()) {
        String required = String.join(", ", Parameter.SETTINGS.stream()
            .filter(q -> q.section() == Section.MODEL && q.required()).map(Parameter::key).toList());
        throw in.error(Located.lineOf(top, "grid"), "grid." + p.key(),
            "missing (every sweep sets " + required + " in model or grid)");
      }
      return new Axis(p, "model." + p.key(), 0, byDefault(p));
    }
    Entry e = m != null ? m : g;
    String field = (m != null ? "model." : "grid.") + p.key();
    List<Object> values = m != null ? List.of(grid.value(p, e.value(), field)) : grid.axis(p, e.value(), field);
    return new Axis(p, field, e.line(), values);
  }

  /** A run or ODE setting: one value, or its default. */
  private Axis setting(Parameter p, Entry e, String prefix, int sectionLine) {
    String field = prefix + p.key();
    if (e == null) {
      if (p.required()) {
        throw in.error(sectionLine, field, "missing");
      }
      return new Axis(p, field, sectionLine, byDefault(p));
    }
    return new Axis(p, field, e.line(), List.of(grid.value(p, e.value(), field)));
  }

  /** The one value of an unset parameter: its default, or null where its default is another's value. */
  private static List<Object> byDefault(Parameter p) {
    return Collections.singletonList(p.defaultValue());
  }

  private List<Kernel> kernels(Entry entry) {
    if (entry == null) {
      return Kernel.defaults();
    }
    List<Node> items = entry.value() instanceof ListNode l ? l.items() : List.of(entry.value());
    if (items.isEmpty()) {
      throw in.error(entry.value().line(), "run.kernels", "empty list (expected one or more of " + Kernel.ids() + ")");
    }
    List<Kernel> kernels = new ArrayList<>();
    for (Node n : items) {
      Kernel k = in.enumValue(Kernel.class, n, "run.kernels");
      if (kernels.contains(k)) {
        throw in.error(n.line(), "run.kernels", k.id() + " appears twice");
      }
      kernels.add(k);
    }
    return List.copyOf(kernels);
  }
}
