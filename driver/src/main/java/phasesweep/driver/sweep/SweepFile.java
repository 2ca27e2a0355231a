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
 * </pre>
 *
 * Which keys exist, their types, defaults and checks come from {@link Parameter}: a model
 * parameter is set once, in {@code model} (one value) or in {@code grid} (an axis, or one value);
 * run settings in {@code run}, ODE settings in {@code run.ode}.
 */
public final class SweepFile {
  private static final List<String> TOP = List.of("name", "model", "grid", "run", "analysis");
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
   * The file's text: at most {@link #MAX_BYTES} bytes read (of a file that may be a device or a
   * pipe), then decoded as strict UTF-8.
   */
  static String text(Path path) {
    String file = path.toString();
    if (Files.isDirectory(path)) {
      throw new SweepFileException(file, 1, "", "is a folder, not a sweep file");
    }
    byte[] bytes;
    try (java.io.InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new SweepFileException(file, 1, "", "no such file");
    } catch (java.nio.file.AccessDeniedException e) {
      throw new SweepFileException(file, 1, "", "cannot read: permission denied");
    } catch (IOException e) {
      throw new SweepFileException(file, 1, "", "cannot read: " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      throw new SweepFileException(file, 1, "", "larger than " + MAX_BYTES / 1024 + " KiB: not a sweep file "
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

    List<Axis> axes = new ArrayList<>();
    for (Parameter p : Parameter.SETTINGS) {
      axes.add(switch (p.section()) {
        case MODEL -> modelAxis(p, model.get(p.key()), gridSection.get(p.key()), top);
        case RUN -> setting(p, run.get(p.key()), "run.", Located.lineOf(top, "run"));
        case ODE -> setting(p, ode.get(p.key()), "run.ode.", Located.lineOf(top, "run"));
        case DERIVED -> throw new IllegalStateException(p.key());
      });
    }
    Sweep sweep = new Sweep(name, file, text, List.copyOf(axes), kernels(run.get("kernels")),
        AnalysisSection.read(in, top));
    if (sweep.taskCount() > MAX_TASKS) {
      throw in.error(Located.lineOf(top, "grid"), "grid", (sweep.taskCount() == Long.MAX_VALUE ? "more than 2^63"
          : String.valueOf(sweep.taskCount())) + " tasks; one sweep may have at most " + MAX_TASKS
          + " (split it into several files)");
    }
    return sweep;
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
