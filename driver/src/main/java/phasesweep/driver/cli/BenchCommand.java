package phasesweep.driver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import phasesweep.driver.Version;
import phasesweep.driver.bench.Estimates;
import phasesweep.driver.bench.OdeBench;
import phasesweep.driver.bench.SgdBench;
import phasesweep.driver.failure.UserInputException;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.TaskParams;
import phasesweep.driver.sweep.SweepFile;
import phasesweep.driver.sweep.SweepPlan;
import phasesweep.kernels.linalg.Vectors;
import phasesweep.kernels.model.Activation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measures the kernels on one thread and prints a table; writes the same figures as JSON.",
        "SGD: ns per step for d in {100, 1000, 10000} and (p, k) in {(2,2), (8,2), (8,4), (32,2)} (median, "
        + "min, max of timed repetitions after a JIT warm-up), each configuration in a JVM of its own.",
        "Chain: the same for the overlap chain (sgd_overlaps) at d in {100, 10^4, 10^6}, (p, k) in {(2,2), (8,4), (32,2)}.",
        "Floor: the chain's step against a loop of exactly its draws and activations, and a whole run per step, at d = 1000, (p, k) in {(2,2), (8,4), (32,2), (64,4)}.",
        "ODE: wall time to t = 10^4 on the blue line for (p, k) = (2, 2) and (8, 4), adaptive against Euler "
        + "at the SGD step 1/d (d = 1000), each scored against a fine reference.",
        "RHS: microseconds per right-hand side at p = 32, k = 2, with shared work and from scratch; the ODE's "
        + "domain check of an accepted step against one right-hand side at p = 8, k = 4.",
        "Plan: the plan's estimate of a task against its measured time, for tasks of the shipped sweeps (each "
        + "kernel's cheapest, median and largest under 20 s) and for long ODE horizons and many teacher units.",
        "A full run takes about 7 minutes, and the plan section about 5 more."})
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--json", paramLabel = "FILE", defaultValue = "bench-results/kernels.json",
      description = "Where to write the figures as JSON (replaced if it exists). Default: ${DEFAULT-VALUE}.")
  Path json;

  @Option(names = "--quick", description = "Short timings and Euler to t = 10 only: a smoke run, not figures to quote.")
  boolean quick;

  @Option(names = "--euler-t-max", paramLabel = "T", defaultValue = "-1",
      description = "How far fixed-step Euler runs before its time to 10^4 is projected from its constant "
          + "cost per step. Default: 10^4 (no projection) for (2, 2) and 100 for (8, 4).")
  double eulerTMax;

  @Option(names = "--only", split = ",", paramLabel = "SECTION",
      description = "Run only these sections: sgd, chain, floor, activations, sphere, batch, ode, rhs, pairs, plan "
          + "(comma-separated). Default: all.")
  List<String> only = SECTIONS;

  static final List<String> SECTIONS = List.of("sgd", "chain", "floor", "activations", "sphere", "batch", "ode", "rhs",
      "pairs", "plan");

  @Option(names = "--sweeps", paramLabel = "DIR", defaultValue = "sweeps",
      description = "The plan section's sweep files (every .yaml here). Default: ${DEFAULT-VALUE}.")
  Path sweeps;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("version", Version.current());
    report.put("date", Instant.now().toString());
    report.put("java", Runtime.version().toString());
    report.put("os_arch", System.getProperty("os.arch"));
    report.put("available_processors", Runtime.getRuntime().availableProcessors());
    report.put("vector_api", Vectors.VECTORISED);
    out.printf("phasesweep bench: Java %s, %d processors, Vector API %s, one thread%n%n",
        Runtime.version(), Runtime.getRuntime().availableProcessors(), Vectors.VECTORISED ? "on" : "off");

    for (String section : only) {
      if (!SECTIONS.contains(section)) {
        throw new UserInputException("--only: unknown section '" + section + "' (expected one of "
            + String.join(", ", SECTIONS) + ")");
      }
    }
    if (only.contains("sgd")) {
      report.put("sgd", sgd(out));
      report.put("sgd_split", split(out));
    }
    if (only.contains("chain")) {
      report.put("chain", chain(out));
    }
    if (only.contains("floor")) {
      report.put("floor", floor(out));
    }
    if (only.contains("activations")) {
      report.put("activations", activations(out));
    }
    if (only.contains("sphere")) {
      report.put("sphere", sphere(out));
    }
    if (only.contains("batch")) {
      report.put("batch", batch(out));
    }
    if (only.contains("ode")) {
      report.put("ode", ode(out));
    }
    if (only.contains("rhs")) {
      out.println();
      OdeBench.Rhs rhs = OdeBench.rhs(32, 2, quick ? 0.5 : 3);
      out.printf("ODE right-hand side at p = 32, k = 2: %.1f us shared-work, %.1f us from scratch (%.1fx)%n",
          rhs.fastMicros(), rhs.naiveMicros(), rhs.speedup());
      report.put("rhs", rhs);
      OdeBench.DomainCheck check = OdeBench.domainCheck(8, 4, quick ? 0.5 : 2);
      out.printf("ODE domain check of an accepted step at p = 8, k = 4: %.2f us, %.2f%% of one right-hand "
          + "side (%.1f us); a step takes at least 12 of them%n", check.checkMicros(), 100 * check.ratio(),
          check.rhsMicros());
      report.put("domain_check", check);
    }
    if (only.contains("pairs")) {
      report.put("pairs", pairs(out));
    }
    if (only.contains("plan")) {
      report.put("plan", plan(out));
    }
    report.put("quick", quick);
    write(report);
    out.println();
    out.println("figures written to " + json);
    return 0;
  }

  /** Every student-teacher pair's ODE right-hand side against erf's, and its blue-line ODE (docs/physics.md §2.1). */
  private List<OdeBench.Pair> pairs(PrintWriter out) {
    double tMax = quick ? 10 : 1e4;
    out.println();
    out.printf("ODE per pair of activations: right-hand side in us (x erf learning erf at the same state), "
        + "and the blue-line ODE (p = k = 2, d = 1000) to t = %s%n", Parameter.display(tMax));
    out.printf("%-8s %-8s %22s %22s %14s %8s%n", "student", "teacher", "p = k = 2", "p = 8, k = 4", "ODE seconds",
        "status");
    List<OdeBench.Pair> pairs = new ArrayList<>();
    for (Activation student : Activation.values()) {
      for (Activation teacher : Activation.values()) {
        OdeBench.Pair r = OdeBench.pair(student, teacher, tMax, quick ? 0.05 : 0.5);
        pairs.add(r);
        out.printf("%-8s %-8s %22s %22s %14.2f %8s%n", r.student(), r.teacher(),
            String.format("%.1f (x%.0f)", r.rhs22Micros(), r.rhs22VsErf()),
            String.format("%.1f (x%.0f)", r.rhs84Micros(), r.rhs84VsErf()), r.odeSeconds(), r.status());
        out.flush();
      }
    }
    return pairs;
  }

  /**
   * The plan's estimates against measured task times (issue #33: within a factor 3 wherever a task
   * takes long enough to be more than the JIT's warm-up).
   */
  private Map<String, Object> plan(PrintWriter out) throws IOException {
    Map<String, SweepPlan> plans = new java.util.TreeMap<>();
    try (java.util.stream.Stream<Path> files = Files.list(sweeps)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        plans.put(f.getFileName().toString(), SweepPlan.of(SweepFile.read(f)));
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new UserInputException("--sweeps " + sweeps + ": no such folder");
    }
    List<Estimates.Case> cases = new ArrayList<>(Estimates.fromPlans(plans, quick ? 0.5 : 20));
    cases.addAll(Estimates.edges(quick));
    out.println();
    out.printf("The plan's estimate against the measured time of a task, one thread (tasks under %.1f s on both "
        + "counts are listed, not scored)%n", Estimates.SHORT_SECONDS);
    out.printf("%-26s %-13s %-52s %10s %10s %7s %9s%n", "from", "kernel", "task", "estimate", "measured", "ratio",
        "status");
    List<Estimates.Row> rows = new ArrayList<>();
    for (Estimates.Case c : cases) {
      Estimates.Row r = Estimates.measure(List.of(c), rows.isEmpty()).get(0);
      rows.add(r);
      out.printf("%-26s %-13s %-52s %10.3g %10.3g %7s %9s%n", r.source(), r.kernel(), r.task(), r.estimatedSeconds(),
          r.measuredSeconds(), r.scored() ? String.format("%.2f", r.ratio()) : "-", r.status());
      out.flush();
    }
    double[] ratios = rows.stream().filter(Estimates.Row::scored).mapToDouble(Estimates.Row::ratio).sorted().toArray();
    long outside = java.util.Arrays.stream(ratios).filter(x -> x > 3 || x < 1.0 / 3).count();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("rows", rows);
    summary.put("scored", ratios.length);
    summary.put("outside_factor_3", outside);
    if (ratios.length > 0) {
      summary.put("ratio_min", ratios[0]);
      summary.put("ratio_median", ratios[ratios.length / 2]);
      summary.put("ratio_max", ratios[ratios.length - 1]);
      out.printf("estimate / measured over %d scored tasks: min %.2f, median %.2f, max %.2f; %d outside [1/3, 3]%n",
          ratios.length, ratios[0], ratios[ratios.length / 2], ratios[ratios.length - 1], outside);
    }
    return summary;
  }

  private List<SgdBench.Result> sgd(PrintWriter out) throws IOException, InterruptedException {
    double warmup = quick ? 0.2 : 1.0;
    double repetition = quick ? 0.05 : 0.3;
    int repetitions = quick ? 3 : 7;
    List<SgdBench.Result> sgd = new ArrayList<>();
    out.println("SGD ns/step (median [min, max])");
    out.printf("%8s %8s %26s %26s %26s%n", "p", "k", "d = 100", "d = 1000", "d = 10000");
    int[][] widths = {{2, 2}, {8, 2}, {8, 4}, {32, 2}};
    for (int[] pk : widths) {
      StringBuilder row = new StringBuilder(String.format("%8d %8d", pk[0], pk[1]));
      for (int d : new int[] {100, 1000, 10000}) {
        SgdBench.Result r = SgdBench.forked(Kernel.SGD, d, pk[0], pk[1], warmup, repetition, repetitions);
        sgd.add(r);
        row.append(String.format(" %26s", String.format("%.0f [%.0f, %.0f]",
            r.nsPerStep().median(), r.nsPerStep().min(), r.nsPerStep().max())));
      }
      out.println(row);
      out.flush();
    }
    return sgd;
  }

  /** The full SGD step against the step without its Gaussian draws plus d draws, at d = 1000. */
  private List<SgdBench.Split> split(PrintWriter out) throws IOException, InterruptedException {
    List<SgdBench.Split> splits = new ArrayList<>();
    out.println();
    out.println("SGD step at d = 1000 against its parts, in interleaved rounds in one JVM each (medians):"
        + " step / (step without sampling + d x sample), median [min, max] over the rounds");
    for (int[] pk : new int[][] {{2, 2}, {8, 4}}) {
      SgdBench.Split s = SgdBench.split(1000, pk[0], pk[1], quick ? 0.2 : 1.0, quick ? 0.05 : 0.3, quick ? 3 : 7);
      splits.add(s);
      out.printf("%8d %8d  step %.0f ns, without sampling %.0f ns, one sample %.2f ns (Commons RNG's ziggurat %.2f ns):"
          + " ratio %.2f [%.2f, %.2f]%n", pk[0], pk[1], s.stepNs(), s.stepWithoutSamplingNs(), s.sampleNs(),
          s.librarySampleNs(), s.ratio(), s.ratioMin(), s.ratioMax());
      out.flush();
    }
    return splits;
  }

  /**
   * The chain's step against its floor (issue #32): per {@code (p, k)} at {@code d = 1000}, the
   * step, the loop of exactly its draws and activations, their ratio, and a whole run's cost per
   * step (what a sweep pays, checkpoints included), in interleaved rounds in one JVM each.
   */
  private List<SgdBench.Floor> floor(PrintWriter out) throws IOException, InterruptedException {
    double warmup = quick ? 0.3 : 1.5;
    double repetition = quick ? 0.05 : 0.3;
    int repetitions = quick ? 3 : 9;
    List<SgdBench.Floor> rows = new ArrayList<>();
    out.println();
    out.println("The chain's step against its floor (its draws and activations alone), d = 1000, green delta = 1/2, "
        + "interleaved rounds, medians:");
    out.printf("%6s %6s %6s %12s %12s %22s %12s %10s%n", "p", "k", "frame", "step ns", "floor ns", "step / floor",
        "run ns/step", "run/step");
    for (int[] pk : new int[][] {{2, 2}, {8, 4}, {32, 2}, {64, 4}}) {
      SgdBench.Floor f = SgdBench.floor(1000, pk[0], pk[1], warmup, repetition, repetitions);
      rows.add(f);
      out.printf("%6d %6d %6d %12.0f %12.0f %22s %12.0f %10.2f%n", f.p(), f.k(), f.frameGrowth(), f.stepNs(),
          f.floorNs(), String.format("%.2f [%.2f, %.2f]", f.ratio(), f.ratioMin(), f.ratioMax()), f.runNs(),
          f.runNs() / f.stepNs());
      out.flush();
    }
    return rows;
  }

  /**
   * A wide step's {@code sigma'} of 64 units at once against a unit at a time, per activation, in
   * one JVM that runs them all (issue #32: where taking the units at once pays).
   */
  private SgdBench.Units[] activations(PrintWriter out) throws IOException, InterruptedException {
    int units = 64;
    SgdBench.Units[] rows = SgdBench.units(units, quick ? 0.3 : 1.0, quick ? 0.05 : 0.2, quick ? 3 : 9);
    out.println();
    out.println("sigma' of a step's " + units + " units, at once and a unit at a time, in one JVM that runs every "
        + "activation (ns for all " + units + ", medians over interleaved rounds):");
    out.printf("%12s %12s %18s %8s%n", "activation", "at once", "a unit at a time", "ratio");
    for (SgdBench.Units u : rows) {
      out.printf("%12s %12.1f %18.1f %8.2f%n", u.activation(), u.atOnceNs(), u.oneAtATimeNs(), u.ratio());
    }
    out.flush();
    return rows;
  }

  /** The chain on the sphere (and with the correlation loss) against the plain chain, at d = 1000 (docs/physics.md §1.2). */
  private List<SgdBench.Options> sphere(PrintWriter out) throws IOException, InterruptedException {
    List<SgdBench.Options> all = new ArrayList<>();
    out.println();
    out.println("The chain on the sphere at d = 1000, in interleaved rounds in one JVM each (medians, ns/step):"
        + " sphere / plain, median [min, max] over the rounds");
    for (int[] pk : new int[][] {{2, 2}, {8, 4}}) {
      SgdBench.Options o = SgdBench.options(1000, pk[0], pk[1], quick ? 0.2 : 1.0, quick ? 0.05 : 0.3, quick ? 3 : 9);
      all.add(o);
      out.printf("%8d %8d  plain %.0f, sphere %.0f, sphere + correlation loss %.0f: ratio %.3f [%.3f, %.3f]%n", pk[0],
          pk[1], o.plainNs(), o.sphereNs(), o.sphereCorrelationNs(), o.ratio(), o.ratioMin(), o.ratioMax());
      out.flush();
    }
    return all;
  }

  /** The overlap chain: ns per step for (p, k) in (2, 2), (8, 4), (32, 2) at d = 100, 10^4, 10^6. */
  private List<SgdBench.Result> chain(PrintWriter out) throws IOException, InterruptedException {
    double warmup = quick ? 0.2 : 1.0;
    double repetition = quick ? 0.05 : 0.3;
    int repetitions = quick ? 3 : 7;
    List<SgdBench.Result> chain = new ArrayList<>();
    out.println();
    out.println("SGD as the overlap chain (sgd_overlaps), ns/step (median [min, max]): the same for every d");
    out.printf("%8s %8s %26s %26s %26s%n", "p", "k", "d = 100", "d = 10^4", "d = 10^6");
    for (int[] pk : new int[][] {{2, 2}, {8, 4}, {32, 2}}) {
      StringBuilder row = new StringBuilder(String.format("%8d %8d", pk[0], pk[1]));
      for (int d : new int[] {100, 10_000, 1_000_000}) {
        SgdBench.Result r = SgdBench.forked(Kernel.SGD_OVERLAPS, d, pk[0], pk[1], warmup, repetition, repetitions);
        chain.add(r);
        row.append(String.format(" %26s", String.format("%.0f [%.0f, %.0f]",
            r.nsPerStep().median(), r.nsPerStep().min(), r.nsPerStep().max())));
      }
      out.println(row);
      out.flush();
    }
    return chain;
  }

  /**
   * Both SGD kernels with a batch (docs/physics.md §3.1): ns per sample, the step's time over
   * {@code b}, at {@code b} = 1, 8, 64 for {@code d = 1000}; then the chain at {@code d = 400} with
   * {@code b} = 64, {@code d}, {@code 4d} and {@code d^2}, each against {@code b = 64} measured in
   * the same run.
   */
  private List<SgdBench.Result> batch(PrintWriter out) throws IOException, InterruptedException {
    double warmup = quick ? 0.2 : 1.0;
    double repetition = quick ? 0.05 : 0.3;
    int repetitions = quick ? 3 : 7;
    List<SgdBench.Result> results = new ArrayList<>();
    out.println();
    out.println("Mini-batch SGD at d = 1000, ns per sample = ns per step / b (median [min, max])");
    out.printf("%-14s %4s %4s %26s %26s %26s%n", "kernel", "p", "k", "b = 1", "b = 8", "b = 64");
    for (Kernel kernel : new Kernel[] {Kernel.SGD, Kernel.SGD_OVERLAPS}) {
      for (int[] pk : new int[][] {{2, 2}, {8, 4}}) {
        StringBuilder row = new StringBuilder(String.format("%-14s %4d %4d", kernel.id(), pk[0], pk[1]));
        for (int b : new int[] {1, 8, 64}) {
          SgdBench.Result r = SgdBench.forked(kernel, 1000, pk[0], pk[1], b, warmup, repetition, repetitions);
          results.add(r);
          row.append(String.format(" %26s", String.format("%.1f [%.1f, %.1f]", r.nsPerStep().median() / b,
              r.nsPerStep().min() / b, r.nsPerStep().max() / b)));
        }
        out.println(row);
        out.flush();
      }
    }
    out.println();
    out.println("The chain with giant batches at d = 400 (docs/physics.md §8.1), ns per sample (median [min, max]) and "
        + "its ratio to b = 64's");
    out.printf("%4s %4s %26s %34s %34s %34s%n", "p", "k", "b = 64", "b = d = 400", "b = 4d = 1600", "b = d^2 = 160000");
    for (int[] pk : quick ? new int[][] {{2, 2}} : new int[][] {{2, 2}, {8, 4}}) {
      StringBuilder row = new StringBuilder(String.format("%4d %4d", pk[0], pk[1]));
      double base = Double.NaN;
      for (int b : new int[] {64, 400, 1600, 160_000}) {
        SgdBench.Result r = SgdBench.forked(Kernel.SGD_OVERLAPS, 400, pk[0], pk[1], b, warmup, repetition, repetitions);
        results.add(r);
        double perSample = r.nsPerStep().median() / b;
        String cell = String.format("%.1f [%.1f, %.1f]", perSample, r.nsPerStep().min() / b, r.nsPerStep().max() / b);
        if (b == 64) {
          base = perSample;
          row.append(String.format(" %26s", cell));
        } else {
          row.append(String.format(" %34s", cell + String.format(" x%.2f", perSample / base)));
        }
      }
      out.println(row);
      out.flush();
    }
    return results;
  }

  private List<OdeBench.Result> ode(PrintWriter out) {
    out.println();
    out.println("ODE to t = 10^4 on the blue line (d = 1000, gamma0 = p, Delta = 1e-3)");
    out.printf("%4s %4s  %-44s %10s %12s %14s%n", "p", "k", "method", "to t", "wall s", "max rel err");
    List<OdeBench.Result> ode = new ArrayList<>();
    double tMax = quick ? 100 : 1e4;
    for (int[] pk : new int[][] {{2, 2}, {8, 4}}) {
      double eulerTo = quick ? 10 : eulerTMax > 0 ? eulerTMax : pk[0] == 2 ? 1e4 : 100;
      OdeBench.Result r = OdeBench.measure(pk[0], pk[1], 1000, tMax, eulerTo);
      ode.add(r);
      for (OdeBench.Run run : List.of(r.adaptive(), r.euler(), r.reference())) {
        out.printf("%4d %4d  %-44s %10.4g %12.3f %14.2e%n", pk[0], pk[1], run.method(), run.tEnd(),
            run.wallSeconds(), run.maxRelativeError());
      }
      out.printf("%4d %4d  euler projected to t = %.0f: %.1f s; adaptive is %.0fx faster%n", pk[0], pk[1],
          tMax, r.eulerProjectedSeconds(), r.speedup());
      out.flush();
    }
    return ode;
  }

  /** Writes the JSON next to its destination, then moves it in: never a half-written file. */
  private void write(Map<String, Object> report) throws IOException {
    Path target = json.toAbsolutePath();
    if (Files.isDirectory(target)) {
      throw new UserInputException("--json " + json + ": is a directory");
    }
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), ".bench", ".json.tmp");
    try {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), report);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
