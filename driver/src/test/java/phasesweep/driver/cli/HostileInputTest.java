package phasesweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import phasesweep.driver.Cli;
import phasesweep.driver.Cli.Outcome;

/**
 * Sweep files a hostile or careless user writes, through the {@code run} command as typed: each
 * is refused with exit 2 and one exact line naming the file, the line, the field and the reason,
 * before anything is written (the --out folder is never created).
 */
class HostileInputTest {
  static final String GOOD = """
      name: hostile
      model: {activation: erf, init: random, k: 2, p0: 2, gamma0: 1}
      grid:
        d: [100, 200]
        kappa: [0]
        delta: [0.5]
        noise: [1.0e-3]
        seed: {count: 2}
      run:
        kernels: [sgd, ode]
        t_max: 10
        ode: {rtol: 1.0e-8}
      """;

  static String with(String from, String to) {
    if (!GOOD.contains(from)) {
      throw new IllegalArgumentException(from);
    }
    return GOOD.replace(from, to);
  }

  static Stream<Arguments> hostile() {
    String range4 = "{from: 2, to: 100001, step: 1}";
    return Stream.of(
        Arguments.of("second document", GOOD + "---\nname: other\n", "h.yaml:14: a second YAML document: a sweep file holds one (remove the '---' and what follows, or split the file)"),
        Arguments.of("over 1 MiB", GOOD + ("# " + "x".repeat(1000) + "\n").repeat(1100), "h.yaml: larger than 1024 KiB: not a sweep file (a grid of any size takes a few lines)"),
        Arguments.of("not UTF-8", "name: \u00ff\u00fe\u0000binary", "h.yaml:1: not UTF-8 text: a sweep file is YAML, and this looks binary"),
        Arguments.of("only a scalar", "hello\n", "h.yaml:1: a sweep file is a map with the keys name, model, grid, run, analysis, cases"),
        Arguments.of("only null", "~\n", "h.yaml:1: a sweep file is a map with the keys name, model, grid, run, analysis, cases"),
        Arguments.of("empty map", "{}\n", "h.yaml:1: name: missing"),
        Arguments.of("numeric top key", GOOD + "1: x\n", "h.yaml:13: 1: unknown key (expected one of name, model, grid, run, analysis, cases)"),
        Arguments.of("long unknown key", GOOD + "k" + "e".repeat(5000) + "y: 1\n", "h.yaml:12: not valid YAML: while scanning a simple key"),
        Arguments.of("control character in a key", GOOD + "\"a\\u0007b\": 1\n", "h.yaml:13: a\\u0007b: unknown key (expected one of name, model, grid, run, analysis, cases)"),
        Arguments.of("name twice", GOOD + "name: again\n", "h.yaml:13: duplicate key 'name' (first on line 1)"),
        Arguments.of("inner key twice", with("k: 2, p0: 2", "k: 2, k: 3, p0: 2"), "h.yaml:2: duplicate key 'k' (first on line 2)"),
        Arguments.of("name a path", with("name: hostile", "name: a/b"), "h.yaml:1: name: 'a/b' is not a folder name (letters, digits, '_', '.', '-'; at most 100)"),
        Arguments.of("name dot dot", with("name: hostile", "name: '..'"), "h.yaml:1: name: '..' is not a folder name (letters, digits, '_', '.', '-'; at most 100)"),
        Arguments.of("name too long", with("name: hostile", "name: " + "n".repeat(101)), "h.yaml:1: name: 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...' is not a folder name (letters, digits, '_', '.', '-'; at most 100)"),
        Arguments.of("name with a newline", with("name: hostile", "name: \"a\\nb\""), "h.yaml:1: name: 'a\\u000ab' is not a folder name (letters, digits, '_', '.', '-'; at most 100)"),
        Arguments.of("name empty", with("name: hostile", "name: ''"), "h.yaml:1: name: must not be empty"),
        Arguments.of("name a list", with("name: hostile", "name: [a]"), "h.yaml:1: name: must be a text, got a list"),
        Arguments.of("model a list", with("model: {activation: erf, init: random, k: 2, p0: 2, gamma0: 1}", "model: [1]"), "h.yaml:2: model: must be a map"),
        Arguments.of("grid a scalar", with("grid:\n  d: [100, 200]\n  kappa: [0]\n  delta: [0.5]\n  noise: [1.0e-3]\n  seed: {count: 2}", "grid: 3"), "h.yaml:3: grid: must be a map"),
        Arguments.of("d above int", with("d: [100, 200]", "d: [3000000000]"), "h.yaml:4: grid.d: is too large: 3000000000 (at most 2147483647)"),
        Arguments.of("d negative", with("d: [100, 200]", "d: [-5]"), "h.yaml:4: grid.d: must be at least 2, got -5"),
        Arguments.of("d huge weights", with("d: [100, 200]", "d: [2000000000]"), "h.yaml:4: grid.d: (p + k) d = 8000000000 weights exceed the limit of 536870912"),
        Arguments.of("number of 1000 digits", with("d: [100, 200]", "d: [" + "9".repeat(1000) + "]"), "h.yaml:4: grid.d: must be a number of at most 40 characters, got 1000"),
        Arguments.of("exponent beyond double", with("noise: [1.0e-3]", "noise: [1e999]"), "h.yaml:7: grid.noise: must be 0 or of magnitude between 1e-300 and 1e300, got 1e999"),
        Arguments.of("exponent beyond BigDecimal", with("noise: [1.0e-3]", "noise: [1e99999999999]"), "h.yaml:7: grid.noise: must be a number, got '1e99999999999'"),
        Arguments.of("tiny exponent", with("noise: [1.0e-3]", "noise: [1e-999]"), "h.yaml:7: grid.noise: must be 0 or of magnitude between 1e-300 and 1e300, got 1e-999"),
        Arguments.of("geometric range without end", with("d: [100, 200]", "d: {from: 2, to: 1e300, factor: 1.0001}"), "h.yaml:4: grid.d: the range has more than 100000 values"),
        Arguments.of("geometric range of huge factor", with("d: [100, 200]", "d: {from: 1e-300, to: 1e300, factor: 1e300}"), "h.yaml:4: grid.d: is too large: 1E+300 (at most 2147483647)"),
        Arguments.of("arithmetic range too long", with("delta: [0.5]", "delta: {from: 0, to: 1, step: 1e-9}"), "h.yaml:6: grid.delta: the range has more than 100000 values"),
        Arguments.of("range backwards", with("delta: [0.5]", "delta: {from: 1, to: 0, step: 0.1}"), "h.yaml:6: grid.delta.to: must be at least from (1), got 0"),
        Arguments.of("range of an enum", with("model: {activation: erf, ", "model: {").replace("kappa: [0]", "kappa: [0]\n  activation: {from: 1, to: 2, step: 1}"), "h.yaml:6: grid.activation: is not a number: list its values instead of a range"),
        Arguments.of("range with an extra key", with("seed: {count: 2}", "seed: {count: 2, step: 1}"), "h.yaml:8: grid.seed.step: unknown key (expected one of from, count)"),
        Arguments.of("task count overflows 64 bits", with("d: [100, 200]", "d: " + range4).replace("delta: [0.5]", "delta: " + range4).replace("noise: [1.0e-3]", "noise: " + range4).replace("seed: {count: 2}", "seed: " + range4), "h.yaml:3: grid: more than 2^63 tasks; one sweep may have at most 5000000 (split it into several files)"),
        Arguments.of("too many tasks", with("seed: {count: 2}", "seed: {count: 3000000}"), "h.yaml:3: grid: 6000000 tasks; one sweep may have at most 5000000 (split it into several files)"),
        Arguments.of("too many seeds", with("seed: {count: 2}", "seed: {count: 5000001}"), "h.yaml:8: grid.seed.count: must be at most 5000000, got 5000001"),
        Arguments.of("seed not whole", with("seed: {count: 2}", "seed: [1.5]"), "h.yaml:8: grid.seed: must be a whole number, got 1.5"),
        Arguments.of("delta a boolean", with("delta: [0.5]", "delta: [true]"), "h.yaml:6: grid.delta: must be a number, got true"),
        Arguments.of("delta null", with("delta: [0.5]", "delta: [~]"), "h.yaml:6: grid.delta: must be a number, got nothing"),
        Arguments.of("noise negative", with("noise: [1.0e-3]", "noise: [-1]"), "h.yaml:7: grid.noise: must be a finite number >= 0, got -1.0"),
        Arguments.of("noise infinite", with("noise: [1.0e-3]", "noise: [.inf]"), "h.yaml:7: grid.noise: must be a finite number, got .inf"),
        Arguments.of("k zero", with("k: 2,", "k: 0,"), "h.yaml:2: model.k: must be at least 1, got 0"),
        Arguments.of("gamma0 zero", with("gamma0: 1", "gamma0: 0"), "h.yaml:2: model.gamma0: must be a finite number > 0, got 0.0"),
        Arguments.of("p0 huge", with("p0: 2", "p0: 1e300"), "h.yaml:5: grid.kappa: gives p = p0 d^kappa = 1.0E300 hidden units, too many"),
        Arguments.of("orthogonal teacher wider than d", with("init: random, k: 2", "init: orthogonal, k: 300"), "h.yaml:2: model.k: an orthogonal teacher needs k <= d, got k = 300, d = 100"),
        Arguments.of("unknown init", with("init: random", "init: zeros"), "h.yaml:2: model.init: unknown value 'zeros' (expected one of random, orthogonal)"),
        Arguments.of("t_max beyond the step limit", with("t_max: 10", "t_max: 1e300"), "h.yaml:11: run.t_max: needs 1.0E303 SGD steps at this d, kappa, delta; the limit is 1.0E15"),
        Arguments.of("checkpoints zero", with("t_max: 10", "t_max: 10\n  checkpoints_per_decade: 0"), "h.yaml:12: run.checkpoints_per_decade: must be between 1 and 1000, got 0"),
        Arguments.of("checkpoints too many", with("t_max: 10", "t_max: 10\n  checkpoints_per_decade: 1001"), "h.yaml:12: run.checkpoints_per_decade: must be between 1 and 1000, got 1001"),
        Arguments.of("divergence bound 1", with("t_max: 10", "t_max: 10\n  divergence_bound: 1"), "h.yaml:12: run.divergence_bound: must be a finite number > 1, got 1.0"),
        Arguments.of("rtol 1e-300", with("rtol: 1.0e-8", "rtol: 1.0e-300"), "h.yaml:12: run.ode.rtol: must be between 1e-13 (what double precision can meet) and 0.1, got 1.0E-300"),
        Arguments.of("rtol nan", with("rtol: 1.0e-8", "rtol: .nan"), "h.yaml:12: run.ode.rtol: must be a finite number, got .nan"),
        Arguments.of("atol zero", with("rtol: 1.0e-8", "rtol: 1.0e-8, atol: 0"), "h.yaml:12: run.ode.atol: must be between 1e-30 and 1, got 0.0"),
        Arguments.of("unknown ode mode", with("rtol: 1.0e-8", "mode: fast"), "h.yaml:12: run.ode.mode: unknown value 'fast' (expected one of finite, limit)"),
        Arguments.of("ode a list", with("ode: {rtol: 1.0e-8}", "ode: [1]"), "h.yaml:12: run.ode: must be a map"),
        Arguments.of("kernel twice", with("kernels: [sgd, ode]", "kernels: [sgd, sgd]"), "h.yaml:10: run.kernels: sgd appears twice"),
        Arguments.of("kernels a map", with("kernels: [sgd, ode]", "kernels: {a: 1}"), "h.yaml:10: run.kernels: must be a text, got a map"),
        Arguments.of("unknown kernel with control characters", with("kernels: [sgd, ode]", "kernels: [\"x\\ty\"]"), "h.yaml:10: run.kernels: unknown value 'x\\u0009y' (expected one of sgd, sgd_overlaps, ode, ode_limit, mean_map)"),
        Arguments.of("bootstrap too many", GOOD + "analysis: {bootstrap_resamples: 10000000}\n", "h.yaml:13: analysis.bootstrap_resamples: must be between 100 and 1000000, got 10000000"),
        Arguments.of("alias bomb", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            + "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
            + "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n", "h.yaml:1: a: unknown key (expected one of name, model, grid, run, analysis, cases)"),
        Arguments.of("nesting 5000 deep", "name: " + "[".repeat(5000) + "]".repeat(5000) + "\n", "h.yaml:1: not valid YAML: Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)"),
        Arguments.of("java tag", "name: !!javax.script.ScriptEngineManager [x]\n", "h.yaml:1: name: must be a text, got a list"),
        Arguments.of("tab indentation", "name: hostile\nmodel:\n\tk: 2\n", "h.yaml:2: not valid YAML: while scanning for the next token"));
  }

  static Stream<Arguments> commandLines() {
    String smoke = Path.of("..", "sweeps", "smoke.yaml").toString();
    String results = "--out: empty; give a folder (results, /data/results) or a URI (file:///data/results, hdfs://HOST/results)";
    return Stream.of(
        Arguments.of(new String[] {"run", smoke, "--out", ""}, "run: " + results),
        Arguments.of(new String[] {"run", smoke, "--out", "  "}, "run: " + results),
        Arguments.of(new String[] {"run", smoke, "--out", "file:"}, "run: --out: 'file:' is not a path or URI (Expected scheme-specific part at index 5: file:)"),
        Arguments.of(new String[] {"run", smoke, "--out", "foo://host/x"}, "run: --out: 'foo://host/x': no filesystem for the scheme 'foo' (file, hdfs, and those whose connector is on the class path, e.g. s3a with hadoop-aws)"),
        Arguments.of(new String[] {"run", smoke, "--out", "hdfs:/x"}, "run: --out: 'hdfs:/x' has no host, and the default filesystem (file:///) gives none: write hdfs://HOST/..."),
        Arguments.of(new String[] {"run", smoke, "--out", "a\u0007b"}, "run: --out: contains a control character"),
        Arguments.of(new String[] {"run", smoke, "--progress-seconds", "0"}, "run: --progress-seconds: must be between 0.1 and 86400, got 0.0"),
        Arguments.of(new String[] {"run", smoke, "--progress-seconds", "-1"}, "run: --progress-seconds: must be between 0.1 and 86400, got -1.0"),
        Arguments.of(new String[] {"run", smoke, "--progress-seconds", "NaN"}, "run: --progress-seconds: must be between 0.1 and 86400, got NaN"),
        Arguments.of(new String[] {"run", smoke, "--max-core-hours", "NaN"}, "run: --max-core-hours: must be a finite number >= 0, got NaN"),
        Arguments.of(new String[] {"run", smoke, "--max-core-hours", "-1"}, "run: --max-core-hours: must be a finite number >= 0, got -1.0"),
        Arguments.of(new String[] {"plan", "/dev/zero"}, "plan: /dev/zero: larger than 1024 KiB: not a sweep file (a grid of any size takes a few lines)"),
        Arguments.of(new String[] {"plan", "no-such.yaml"}, "plan: no-such.yaml: no such file"),
        Arguments.of(new String[] {"plan", "../sweeps/quickstart.yml"},
            "plan: ../sweeps/quickstart.yml: no such file (did you mean ../sweeps/quickstart.yaml?)"),
        Arguments.of(new String[] {"plan", "../sweeps/QuickStart"},
            "plan: ../sweeps/QuickStart: no such file (did you mean ../sweeps/quickstart.yaml?)"),
        Arguments.of(new String[] {"plan", ".."}, "plan: ..: is a folder, not a sweep file"),
        Arguments.of(new String[] {"report", ""}, "report: RESULTS_DIR: empty; give a folder (results, /data/results) or a URI (file:///data/results, hdfs://HOST/results)"),
        Arguments.of(new String[] {"sql", "nope://x/y", "SELECT 1"}, "sql: RESULTS_DIR: 'nope://x/y': no filesystem for the scheme 'nope' (file, hdfs, and those whose connector is on the class path, e.g. s3a with hadoop-aws)"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("commandLines")
  void badOptionsAreOneExactLineAndExit2(String[] args, String message) {
    Outcome o = Cli.run(args);
    assertEquals(2, o.exit(), o.err());
    assertEquals(message, o.err().strip());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void refusedWithOneExactLineAndNothingWritten(String what, String text, String message, @TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("h.yaml");
    Files.write(file, what.equals("not UTF-8") ? new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xff, (byte) 0xfe, 0, 1}
        : text.getBytes(StandardCharsets.UTF_8));
    Path out = dir.resolve("out");
    Outcome o = Cli.run("run", file.toString(), "--out", out.toString());
    String err = o.err().strip();
    assertEquals(2, o.exit(), what + ": " + err);
    assertEquals("run: " + message, err.replace(file.toString(), "h.yaml"), what);
    assertFalse(Files.exists(out), what + ": nothing is written");
  }
}
