package phasesweep.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import phasesweep.driver.analysis.Analysis;
import phasesweep.driver.sweep.SweepFile;
import phasesweep.driver.sweep.SweepPlan;
import phasesweep.driver.sweep.Task;
import phasesweep.driver.table.AnalysisTable;
import phasesweep.driver.table.RunsSchema;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.model.Activation;
import picocli.CommandLine;

/**
 * The parameters' one description and what derives from it: stable task ids, the runs table, the
 * CLI, the physics page, and the driver's package boundaries.
 */
class ParameterRegistryTest {
  /**
   * The quickstart's task ids as version 0.1 wrote them: a results folder of it must resume. That
   * quickstart (the line {@code kappa = 0}) is kept as it was in {@code quickstart-0.1.yaml}.
   */
  static final Set<String> QUICKSTART_IDS = Set.of(
      "03838c62b20a0430", "0e8743ed588937eb", "101de8d9fb4884e6", "14a3196e04c00d94",
      "1671caa2dcfaa7d1", "19993eaae586d5ea", "20b2744f7cf6e282", "2d5c633d1c0e5b04",
      "2e13040185361020", "3352656c98d6fb24", "3612eaad8509a5f4", "38a417a850cbe8d5",
      "3b1cf688ba6e1865", "3bf9de8112e4695b", "3d4ea0296403735a", "419ed6f755f4d939",
      "4a12860d1ebfe074", "5567ef8fabd951da", "5aefe9405d9af119", "628ecdb694739aa7",
      "691ede902766d0a4", "735af4390827ca0c", "73b2eafbb25f1639", "81be7fe68f5312d7",
      "941944f07a8744e7", "9eb1ef433ab20ae2", "9fe0f9597cccbfd1", "a47ccb2b7e4858c7",
      "a4de16dc528b8b39", "a5c7e1a312e0b0ab", "a613c90f46bdf95b", "b0e9b91443400683",
      "b8f3fb8cf5988973", "c5fa9daceee2e823", "cc2f177f1960a4da", "ccd31526ece8e4c1",
      "d0fdb17075804e24", "d2060f4eac3da10c", "e43f0a412dea9ab6", "ecc5e6d11108e4f7",
      "f01a84eb03d14ac6", "f1a83d8a63438d50", "f63b2e3b53d55424", "f9f7aab387065353",
      "fbece3a5ebd0c6f4");

  @Test
  void quickstartTaskIdsAreThoseOfVersion01() {
    Set<String> ids = new TreeSet<>();
    for (Task t : SweepPlan.of(SweepFile.read(Path.of("src", "test", "resources", "quickstart-0.1.yaml"))).tasks()) {
      ids.add(t.taskId());
    }
    assertEquals(new TreeSet<>(QUICKSTART_IDS), ids);
  }

  /**
   * {@code teacher_activation} defaults to the student's activation: set equal to it, it is the
   * default (the same task, the same id); set apart, it enters the id; a copy whose student
   * changes keeps a teacher that follows it.
   */
  @Test
  void aTeacherActivationEqualToTheStudentsIsTheDefault() {
    TaskParams relu = TaskParams.builder().activation(Activation.RELU).build();
    TaskParams same = relu.toBuilder().teacherActivation(Activation.RELU).build();
    TaskParams other = relu.toBuilder().teacherActivation(Activation.HE2).build();
    assertEquals(Activation.RELU, relu.teacherActivation());
    assertEquals(relu, same);
    assertEquals(SweepPlan.taskId(relu), SweepPlan.taskId(same));
    assertFalse(SweepPlan.canonical(relu).contains("teacher_activation"), SweepPlan.canonical(relu));
    assertTrue(SweepPlan.canonical(other).contains("teacher_activation=he2"), SweepPlan.canonical(other));
    assertNotEquals(SweepPlan.taskId(relu), SweepPlan.taskId(other));
    assertEquals(Activation.LINEAR, relu.toBuilder().activation(Activation.LINEAR).build().teacherActivation());
    assertEquals(Activation.HE2, other.toBuilder().activation(Activation.LINEAR).build().teacherActivation());
  }

  @Test
  void theRunsTableHasOneColumnPerParameterInVersion01Order() {
    List<String> columns = RunsSchema.taskColumns();
    assertEquals(List.of("task_id", "sweep", "kernel", "activation", "init", "d", "p", "k", "kappa", "delta", "gamma0",
        "p0", "gamma", "noise", "seed", "region", "time_scale", "t_max", "checkpoints_per_decade", "divergence_bound",
        "ode_mode", "rtol", "atol", "teacher_activation", "b0", "beta", "batch", "loss", "constraint", "m0",
        "information_exponent", "steps0", "steps_exponent"), columns);
    for (Parameter p : Parameter.ALL) {
      assertTrue(RunsSchema.SCHEMA.containsField(p.column()), p.column());
    }
    assertEquals(List.of("sweep", "kernel", "activation", "teacher_activation", "init", "k", "p0", "gamma0", "kappa", "delta", "noise",
        "b0", "beta", "loss", "constraint", "m0", "region", "t_max", "checkpoints_per_decade", "divergence_bound", "ode_mode", "rtol",
        "atol", "steps0", "steps_exponent"), AnalysisTable.GROUP);
  }

  @Test
  void everySettingIsAnOptionOfTheCommandsThatTakeIt() {
    CommandLine cli = Main.commandLine();
    for (Parameter p : Parameter.SETTINGS) {
      boolean sgd = p.section() != Parameter.Section.ODE;
      assertEquals(sgd, cli.getSubcommands().get("sgd").getCommandSpec().findOption(p.option()) != null, "sgd " + p);
      assertNotNull(cli.getSubcommands().get("ode").getCommandSpec().findOption(p.option()), "ode " + p);
    }
  }

  @Test
  void everyColumnIsDocumentedOnThePhysicsPage() throws IOException {
    String page = Files.readString(Path.of("..", "docs", "physics.md"));
    String table = page.substring(page.indexOf("## 6. The runs table"), page.indexOf("## 7."));
    for (org.apache.parquet.schema.Type field : RunsSchema.SCHEMA.getFields()) {
      assertTrue(table.contains("`" + field.getName() + "`"), field.getName() + " is not in docs/physics.md §6");
    }
  }

  @Test
  void packagesDependOneWay() throws IOException {
    Path root = Path.of("src", "main", "java", "phasesweep", "driver");
    assertImportsNone(root.resolve("sweep"), "phasesweep.driver.analysis", "phasesweep.driver.table",
        "phasesweep.driver.job", "phasesweep.driver.report", "phasesweep.driver.cli");
    assertImportsNone(root.resolve("table"), "phasesweep.driver.analysis", "phasesweep.driver.sweep",
        "phasesweep.driver.job", "phasesweep.driver.report", "phasesweep.driver.cli");
    assertImportsNone(Path.of("..", "kernels", "src", "main", "java"), "org.apache.spark", "org.apache.hadoop",
        "picocli", "java.nio.file", "java.io.File", "phasesweep.driver");
    // the failures are one place that every package may throw: it depends on none of them
    assertImportsNone(root.resolve("failure"), "phasesweep.driver.analysis", "phasesweep.driver.table",
        "phasesweep.driver.job", "phasesweep.driver.report", "phasesweep.driver.cli", "phasesweep.driver.sweep",
        "org.apache.spark");
    // the kernels' packages by role (docs/physics.md names each part): the dense linear algebra
    // knows no physics; the model (activations, overlaps, weights) no averages or kernels; the
    // averages no kernels; the two SGD kernels and the ODE kernels (and mean map) not each other, only the
    // one stepping loop; the theories
    // read settings, never the kernels' runs or numerics
    Path kernels = Path.of("..", "kernels", "src", "main", "java", "phasesweep", "kernels");
    assertImportsNone(kernels.resolve("linalg"), "phasesweep");
    assertImportsNone(kernels.resolve("model"), "phasesweep.kernels.averages", "phasesweep.kernels.sgd",
        "phasesweep.kernels.ode", "phasesweep.kernels.theory");
    assertImportsNone(kernels.resolve("averages"), "phasesweep.kernels.sgd", "phasesweep.kernels.ode",
        "phasesweep.kernels.theory");
    assertImportsNone(kernels.resolve("stepping"), "phasesweep.kernels.sgd", "phasesweep.kernels.ode",
        "phasesweep.kernels.theory");
    assertImportsNone(kernels.resolve("sgd"), "phasesweep.kernels.ode", "phasesweep.kernels.theory");
    assertImportsNone(kernels.resolve("ode"), "phasesweep.kernels.sgd", "phasesweep.kernels.theory");
    assertImportsNone(kernels.resolve("theory"), "phasesweep.kernels.sgd", "phasesweep.kernels.ode",
        "phasesweep.kernels.averages", "phasesweep.kernels.linalg", "org.hipparchus", "org.apache.commons.rng");
    // the driver holds no physics: its sweeps, tables, jobs, analysis and report reach the kernels
    // through the task API, the model's names and the theories, never the numerics (only the
    // benchmarks time those)
    for (String stage : new String[] {"sweep", "table", "job", "analysis", "report", "failure"}) {
      assertImportsNone(root.resolve(stage), "phasesweep.kernels.averages", "phasesweep.kernels.linalg");
    }
  }

  private static void assertImportsNone(Path dir, String... packages) throws IOException {
    Pattern imp = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = imp.matcher(Files.readString(f));
        while (m.find()) {
          for (String p : packages) {
            assertTrue(!m.group(2).startsWith(p), f + " imports " + m.group(2));
          }
        }
      }
    }
  }
}
