package phasesweep.driver.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import phasesweep.driver.Cli;
import phasesweep.driver.Cli.Outcome;
import phasesweep.driver.LocalSpark;
import phasesweep.driver.Main;
import phasesweep.driver.report.ReportTest;
import phasesweep.driver.table.Views;

/** The sweep service end to end on a real Spark ({@code local[2]}), real Parquet and real Spark SQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SweepJobTest {
  static final Path SMOKE = Path.of("..", "sweeps", "smoke.yaml");
  /** The columns of the runs table: a contract with SQL users, the notebooks and the analysis. */
  static final List<String> COLUMNS = List.of("task_id", "sweep", "kernel", "activation", "init", "d", "p", "k",
      "kappa", "delta", "gamma0", "p0", "gamma", "noise", "seed", "region", "time_scale", "t_max",
      "checkpoints_per_decade", "divergence_bound", "ode_mode", "rtol", "atol", "teacher_activation", "b0", "beta", "batch", "loss", "constraint", "m0", "information_exponent", "steps0", "steps_exponent", "status", "message", "risk_init",
      "risk_final", "risk_tail", "t_diverged", "steps", "curve_t", "curve_risk", "curve_q", "curve_m", "q_final", "m_final",
      "wall_seconds", "executor", "version", "finished_at");
  /** What must be identical between two runs of the same sweep (not where or when they ran). */
  static final String RESULTS = "task_id, kernel, status, message, risk_init, risk_final, risk_tail, t_diverged, "
      + "steps, curve_t, curve_risk, curve_q, curve_m, q_final, m_final";

  SparkSession spark;

  @BeforeAll
  void start() {
    spark = LocalSpark.start("phasesweep-test");
  }

  @AfterAll
  void stop() {
    spark.stop();
  }

  static Outcome cli(String... args) {
    return Cli.run(args);
  }

  List<Row> results(Path sweepDir) {
    return spark.read().parquet(sweepDir.resolve("runs").toString()).selectExpr(RESULTS.split(", "))
        .orderBy("task_id", "kernel").collectAsList();
  }

  @Test
  void smokeSweepEndToEndThroughSparkSql(@TempDir Path out) throws IOException {
    Outcome run = cli("run", SMOKE.toString(), "--out", out.toString(), "--progress-seconds", "1");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("12 tasks: 12 run now, 0 already there; the table has 24 rows"), run.out());
    assertTrue(run.out().contains("table " + out.resolve("smoke").resolve("runs")), run.out());

    Views.register(spark, out.resolve("smoke").toString());
    StructType schema = spark.table("runs").schema();
    assertEquals(COLUMNS, List.of(schema.fieldNames()));
    assertEquals(DataTypes.IntegerType, schema.apply("d").dataType());
    assertEquals(DataTypes.LongType, schema.apply("seed").dataType());
    assertEquals(DataTypes.TimestampType, schema.apply("finished_at").dataType());
    for (String array : List.of("curve_t", "curve_risk", "curve_q", "curve_m", "q_final", "m_final")) {
      assertEquals(DataTypes.DoubleType, ((ArrayType) schema.apply(array).dataType()).elementType(), array);
    }

    assertEquals(24, count("SELECT * FROM runs"));
    assertEquals(24, count("SELECT DISTINCT task_id, kernel FROM runs"), "one row per task and kernel");
    // red: the ODE refuses; SGD diverges at d = 200 (at d = 100, max Q_jj stays under the bound by t = 20)
    assertEquals(4, count("SELECT * FROM runs WHERE region = 'red' AND kernel = 'ode' AND status = 'no_ode'"));
    assertEquals(2, count("SELECT * FROM runs WHERE region = 'red' AND kernel = 'sgd' AND status = 'diverged' AND d = 200"));
    assertEquals(0, count("SELECT * FROM runs WHERE status = 'diverged' AND (t_diverged IS NULL OR t_diverged >= t_max "
        + "OR risk_final IS NOT NULL)"));
    // blue and green learn: finite risks, falling by more than 10x, for both kernels
    assertEquals(16, count("SELECT * FROM runs WHERE region IN ('blue', 'green') AND status = 'ok' "
        + "AND isnotnull(risk_final) AND NOT isnan(risk_final) AND risk_final < risk_init / 10 "
        + "AND risk_tail < risk_init / 10"));
    // the curves view: one row per checkpoint, from t = 0 to t_max
    assertEquals(count("SELECT * FROM curves"), spark.sql("SELECT sum(size(curve_t)) FROM runs").first().getLong(0));
    // (the last checkpoint is a whole number of SGD steps: within dt/2 of t_max)
    assertEquals(0, count("SELECT * FROM (SELECT task_id, kernel, time_scale, min(t) t0, max(t) t1 FROM curves "
        + "WHERE status = 'ok' GROUP BY task_id, kernel, time_scale) WHERE t0 <> 0 OR abs(t1 - 20) > time_scale / 2"));
    // SGD and ODE of a task share their checkpoints
    assertEquals(0, count("SELECT * FROM runs s JOIN runs o ON s.task_id = o.task_id AND s.kernel = 'sgd' "
        + "AND o.kernel = 'ode' WHERE s.status = 'ok' AND o.status = 'ok' AND s.curve_t <> o.curve_t"));

    // the analysis at the end of run: the finite-size gap, recomputed here from the curves
    assertTrue(run.out().contains("phasesweep: report " + out.resolve("smoke").resolve("report.html")), run.out());
    Views.register(spark, out.resolve("smoke").toString());
    List<Row> pairs = spark.sql("SELECT s.task_id, s.curve_risk, o.curve_risk, f.gap FROM runs s JOIN runs o "
        + "ON s.task_id = o.task_id AND s.kernel = 'sgd' AND o.kernel = 'ode' JOIN finite_size f ON f.task_id = s.task_id "
        + "WHERE s.status = 'ok' AND o.status = 'ok'").collectAsList();
    assertEquals(count("SELECT * FROM runs s JOIN runs o ON s.task_id = o.task_id AND s.kernel = 'sgd' "
        + "AND o.kernel = 'ode' WHERE s.status = 'ok' AND o.status = 'ok'"), pairs.size());
    assertEquals(pairs.size(), count("SELECT * FROM finite_size"));
    for (Row r : pairs) {
      List<Double> sgd = r.getList(1);
      List<Double> ode = r.getList(2);
      double gap = 0;
      for (int i = 0; i < sgd.size(); i++) {
        gap = Math.max(gap, Math.abs(sgd.get(i) - ode.get(i)));
      }
      assertEquals(gap, r.getDouble(3), 1e-15, r.getString(0));
    }
    // sample complexity: before t_reached every checkpoint is above the threshold, and the first at or below
    // it is at or after t_reached; a run that never reached it has none below
    assertTrue(count("SELECT * FROM sample_complexity WHERE t_reached IS NOT NULL") > 0);
    assertEquals(0, count("SELECT * FROM curves c JOIN sample_complexity s ON c.task_id = s.task_id AND c.kernel = s.kernel "
        + "WHERE c.risk <= s.risk_threshold AND (s.t_reached IS NULL OR c.t < s.t_reached * (1 - 1e-12))"));
    assertEquals(0, count("SELECT * FROM sample_complexity s JOIN runs r ON s.task_id = r.task_id AND s.kernel = r.kernel "
        + "WHERE s.t_reached IS NOT NULL AND abs(s.samples * r.time_scale - s.t_reached) > 1e-12 * s.t_reached"));
    ReportTest.assertDrawn(out.resolve("smoke").resolve("figures").resolve("finite_size.png"), 2);
    // the learning curves the figures draw (the mean_curves table, computed on the driver) are Spark SQL's mean,
    // min and max over seeds
    List<phasesweep.driver.analysis.Analysis.MeanCurve> curves = phasesweep.driver.analysis.Analysis.curves(
        phasesweep.driver.analysis.Table.of(spark.read().parquet(out.resolve("smoke").resolve("mean_curves").toString())));
    List<Row> means = spark.sql("SELECT kernel, delta, d, checkpoint, count(*), avg(t), avg(risk), min(risk), max(risk) "
        + "FROM curves WHERE status = 'ok' AND t > 0 GROUP BY kernel, delta, d, checkpoint "
        + "ORDER BY delta, d, kernel, checkpoint").collectAsList();
    int at = 0;
    for (phasesweep.driver.analysis.Analysis.MeanCurve c : curves) {
      for (int i = 0; i < c.t().length; i++, at++) {
        Row r = means.get(at);
        assertEquals(List.of(r.get(0), r.get(1), r.get(2)), List.of(c.get("kernel"), c.get("delta"), c.d()));
        assertEquals(r.getLong(4), c.runs()[i]);
        assertTrue(r.getLong(4) <= c.seeds());
        double[] expected = {r.getDouble(5), r.getDouble(6), r.getDouble(7), r.getDouble(8)};
        double[] got = {c.t()[i], c.mean()[i], c.low()[i], c.high()[i]};
        for (int j = 0; j < 4; j++) {
          assertEquals(expected[j], got[j], 1e-13 * Math.abs(expected[j]), c.get("kernel") + " d = " + c.d());
        }
      }
    }
    assertEquals(means.size(), at);
    // a folder a person browses: checksum files only inside the Parquet tables' folders
    List<String> tables = new ArrayList<>(Views.ANALYSIS_TABLES);
    tables.addAll(List.of("runs", "parts"));
    try (Stream<Path> all = Files.walk(out.resolve("smoke"))) {
      List<Path> stray = all.filter(f -> f.getFileName().toString().endsWith(".crc"))
          .filter(f -> !tables.contains(f.getParent().getFileName().toString())).toList();
      assertEquals(List.of(), stray);
    }

    // the same command again runs nothing and leaves the table as it was
    List<Row> before = results(out.resolve("smoke"));
    Outcome again = cli("run", SMOKE.toString(), "--no-report", "--out", out.toString());
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.out().contains("12 tasks: 0 run now, 12 already there; the table has 24 rows"), again.out());
    assertEquals(before, results(out.resolve("smoke")));

    // the sql command prints what Spark SQL computes
    Outcome sql = cli("sql", out.resolve("smoke").toString(),
        "SELECT kernel, count(*) AS n, round(avg(risk_tail), 12) AS tail FROM runs WHERE status = 'ok' "
            + "GROUP BY kernel ORDER BY kernel", "--format", "csv");
    assertEquals(0, sql.exit(), sql.err());
    List<Row> expected = spark.sql("SELECT kernel, count(*) AS n, round(avg(risk_tail), 12) AS tail FROM runs "
        + "WHERE status = 'ok' GROUP BY kernel ORDER BY kernel").collectAsList();
    String csv = "kernel,n,tail\n" + expected.stream().map(r -> r.get(0) + "," + r.get(1) + "," + r.get(2))
        .collect(Collectors.joining("\n")) + "\n";
    assertEquals(csv, sql.out());
    Outcome json = cli("sql", out.resolve("smoke").toString(), "SELECT count(*) AS n FROM curves", "--format", "json");
    assertEquals("{\"n\":" + count("SELECT * FROM curves") + "}", json.out().strip());
    // one JVM for many queries (the notebooks): one JSON line each, an error answered and the next served
    String query = "SELECT kernel, count(*) AS n, round(avg(risk_tail), 12) AS tail FROM runs WHERE status = 'ok' "
        + "GROUP BY kernel ORDER BY kernel";
    java.io.InputStream stdin = System.in;
    Outcome served;
    try {
      System.setIn(new java.io.ByteArrayInputStream(String.join("\n", "\"" + query + "\"",
          "\"DROP TABLE runs\"", "SELECT 1", "", "\"SELECT nope FROM fits\"", "\"SELECT count(*) AS n\\nFROM curves\"")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      served = cli("sql", out.resolve("smoke").toString(), "--stdin", "--format", "csv");
    } finally {
      System.setIn(stdin);
    }
    assertEquals(0, served.exit(), served.err());
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    List<com.fasterxml.jackson.databind.JsonNode> replies = new ArrayList<>();
    for (String line : served.out().strip().split("\n")) {
      replies.add(mapper.readTree(line));
    }
    assertEquals(6, replies.size(), "one answer a line, the empty one too: " + served.out());
    assertEquals(csv, replies.get(0).get("result").asText());
    assertEquals(2, replies.get(1).get("exit").asInt());
    assertTrue(replies.get(1).get("error").asText().startsWith("sql: QUERY: refused"), replies.get(1).toString());
    assertTrue(replies.get(2).get("error").asText().startsWith("sql: QUERY: not a JSON string"), replies.get(2).toString());
    assertTrue(replies.get(3).get("error").asText().startsWith("sql: QUERY: an empty line"), replies.get(3).toString());
    assertEquals(2, replies.get(4).get("exit").asInt());
    assertTrue(replies.get(4).get("error").asText().contains("nope"), replies.get(4).toString());
    assertEquals("n\n" + count("SELECT * FROM curves") + "\n", replies.get(5).get("result").asText());
    Outcome bad = cli("sql", out.toString(), "SELECT 1");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("not a phasesweep results folder"), bad.err());
  }

  /**
   * The distance to the limit ODE (docs/physics.md §5) from the overlaps the runs table keeps at
   * its checkpoints: recomputed here in Spark SQL from {@code curve_q} and {@code curve_m}, it is
   * the {@code finite_size} table's; its fit carries the orange theory exponent.
   */
  @Test
  void theDistanceToTheLimitOdeIsThatOfTheStoredOverlaps(@TempDir Path out) {
    Outcome run = cli("run", Path.of("src", "test", "resources", "limit-distance.yaml").toString(), "--out",
        out.toString());
    assertEquals(0, run.exit(), run.err());
    Views.register(spark, out.resolve("limit-distance").toString());
    assertEquals(36, count("SELECT * FROM runs WHERE status = 'ok' AND size(curve_q) = size(curve_t) * p * p "
        + "AND size(curve_m) = size(curve_t) * p * k"));
    List<Row> pairs = spark.sql("SELECT f.limit_distance, array_max(zip_with(concat(s.curve_q, s.curve_m), "
        + "concat(o.curve_q, o.curve_m), (a, b) -> abs(a - b))), f.gap FROM runs s JOIN runs o ON s.task_id = o.task_id "
        + "AND s.kernel = 'sgd_overlaps' AND o.kernel = 'ode_limit' JOIN finite_size f ON f.task_id = s.task_id")
        .collectAsList();
    assertEquals(18, pairs.size());
    for (Row r : pairs) {
      assertTrue(r.getDouble(0) > 0);
      assertEquals(r.getDouble(1), r.getDouble(0), 0.0);
      assertTrue(r.isNullAt(2), "no ode kernel, no risk gap");
    }
    List<Row> fits = spark.sql("SELECT delta, theory_exponent, exponent FROM fits WHERE quantity = 'limit_distance' "
        + "ORDER BY delta").collectAsList();
    assertEquals(2, fits.size());
    assertEquals(-0.25, fits.get(0).getDouble(1));
    assertTrue(fits.get(1).isNullAt(1), "a law is stated for orange only");
    assertTrue(Files.exists(out.resolve("limit-distance").resolve("figures").resolve("limit_distance.png")));
  }

  long count(String sql) {
    return spark.sql(sql).count();
  }

  @Test
  void aFolderResumesUnderItsSweepFileWithOtherCommentsAndLayout(@TempDir Path out) throws IOException {
    assertEquals(0, cli("run", SMOKE.toString(), "--no-report", "--out", out.toString()).exit());
    String kept = Files.readString(out.resolve("smoke").resolve("sweep.yaml"));
    Path edited = out.resolveSibling(out.getFileName() + "-edited.yaml");
    // an edited comment, a flow mapping written as a block, the run section before the grid
    String text = Files.readString(SMOKE);
    int grid = text.indexOf("grid:");
    int run = text.indexOf("run:");
    Files.writeString(edited, "# see docs/results.md, not the README\n" + text.substring(0, grid)
        + text.substring(run) + text.substring(grid, run).replace("seed: {count: 2}", "seed:\n    count: 2"));
    try {
      Outcome o = cli("run", edited.toString(), "--no-report", "--out", out.toString());
      assertEquals(0, o.exit(), o.err());
      assertTrue(o.out().contains("0 run now"), o.out());
      assertEquals(kept, Files.readString(out.resolve("smoke").resolve("sweep.yaml")), "the folder's sweep file kept");
      // a value written as a string is another document
      Files.writeString(edited, text.replace("t_max: 20", "t_max: '20'"));
      Outcome typed = cli("run", edited.toString(), "--no-report", "--out", out.toString());
      assertEquals(2, typed.exit(), typed.err());
      assertTrue(typed.err().contains("holds the results of a different sweep file named 'smoke'"), typed.err());
    } finally {
      Files.delete(edited);
    }
  }

  @Test
  void aFolderHoldingAnotherSweepIsRefusedAndLeftAsItIs(@TempDir Path out) throws IOException {
    assertEquals(0, cli("run", SMOKE.toString(), "--no-report", "--out", out.toString()).exit());
    Map<String, Long> before = listing(out);
    Path other = out.resolveSibling(out.getFileName() + "-other.yaml");
    Files.writeString(other, Files.readString(SMOKE).replace("seed: {count: 2}", "seed: {count: 3}"));
    try {
      Outcome o = cli("run", other.toString(), "--out", out.toString());
      assertEquals(2, o.exit());
      assertTrue(o.err().contains("holds the results of a different sweep file named 'smoke'"), o.err());
      assertEquals(before, listing(out), "nothing written");
    } finally {
      Files.delete(other);
    }
    Path file = out.resolve("a-file");
    Files.writeString(file, "x");
    Outcome o = cli("run", SMOKE.toString(), "--out", file.toString());
    assertEquals(2, o.exit());
    assertTrue(o.err().contains("is a file, not a folder"), o.err());
    Outcome resume = cli("run", SMOKE.toString(), "--out", out.resolve("empty").toString(), "--resume");
    assertEquals(2, resume.exit());
    assertTrue(resume.err().contains("holds no sweep to resume"), resume.err());
  }

  /**
   * A folder a run is claiming holds only its lock and its sweep file under the temporary name:
   * a second run is refused as busy by the lock, never as "not a results folder"; and when a crash
   * stopped the claim there, the next run takes the folder.
   */
  @Test
  void aFolderWhoseClaimWasInterruptedIsTakenNotRefused(@TempDir Path out) throws IOException {
    Path smoke = Files.createDirectories(out.resolve("smoke"));
    Files.writeString(smoke.resolve(ResultsLock.NAME), "");
    Files.writeString(smoke.resolve(ResultsFolder.CLAIM_TMP), "half a sweep file");
    Outcome o = cli("run", SMOKE.toString(), "--no-report", "--out", out.toString());
    assertEquals(0, o.exit(), o.err());
    assertTrue(o.out().contains("12 tasks: 12 run now"), o.out());
    assertEquals(Files.readString(SMOKE), Files.readString(smoke.resolve("sweep.yaml")));
    assertFalse(Files.exists(smoke.resolve(ResultsFolder.CLAIM_TMP)));
  }

  /**
   * A second run checks the folder while the first, holding the lock, renames its sweep file in:
   * it must see a folder being claimed or this sweep's folder, never a foreign one (CI saw
   * "exists and is not a phasesweep results folder" where the lock's "in use" was due).
   */
  @Test
  void aFolderCheckedWhileAnotherRunClaimsItIsNeverCalledForeign(@TempDir Path out) throws Exception {
    phasesweep.driver.sweep.Sweep sweep = phasesweep.driver.sweep.SweepFile.read(SMOKE);
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    for (int i = 0; i < 200; i++) {
      Path dir = Files.createDirectories(out.resolve("f" + i));
      Files.writeString(dir.resolve(ResultsLock.NAME), "held");
      phasesweep.driver.table.ResultsLayout layout = phasesweep.driver.table.ResultsLayout.ofDir(dir.toString());
      Thread claimer = new Thread(() -> {
        try {
          ResultsFolder.claim(layout, sweep, conf);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      claimer.start();
      do {
        ResultsFolder.check(layout, sweep, conf); // throws if the folder is called foreign
      } while (claimer.isAlive());
      claimer.join();
      assertTrue(ResultsFolder.check(layout, sweep, conf));
    }
  }

  @Test
  void aCostAboveTheLimitIsRefusedUnlessToldToGoOn(@TempDir Path out) {
    Outcome o = cli("run", Path.of("..", "sweeps", "paper-scaling.yaml").toString(), "--out", out.toString());
    assertEquals(2, o.exit());
    assertTrue(o.err().contains("above --max-core-hours 4;"), o.err());
    assertFalse(Files.exists(out.resolve("paper-scaling")), "nothing written");
  }

  static Map<String, Long> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).collect(Collectors.toMap(p -> dir.relativize(p).toString(),
          p -> p.toFile().length() * 31 + p.toFile().lastModified()));
    }
  }

  /** A driver in another JVM: {@code phasesweep run} with the given master. */
  static Process driver(String master, Path sweep, Path out) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "@" + Path.of("..", "deploy", "jvm.options").toAbsolutePath().normalize(),
        "-Dspark.master=" + master, "-Dspark.ui.enabled=false", "-Xmx1g",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "run", sweep.toString(), "--out", out.toString(), "--progress-seconds", "1"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  /** Runs {@code report} and returns how many SGD runs its fit of the risk counted. */
  long reportedRuns(Path results) {
    Outcome report = cli("report", results.toString());
    assertEquals(0, report.exit(), report.err());
    return spark.read().parquet(results.resolve("fits").toString())
        .where("kernel = 'sgd' AND quantity = 'risk_tail'").first().<Integer>getAs("runs");
  }

  @Test
  void aDriverKilledMidSweepResumesToTheSameTableExactlyOnce(@TempDir Path dir) throws Exception {
    Path sweep = dir.resolve("slow.yaml");
    Files.writeString(sweep, """
        name: slow
        model: {k: 2, p0: 2, gamma0: 1}
        grid: {d: [400], kappa: [0], delta: [0], noise: [1.0e-3], seed: {count: 8}}
        run: {t_max: 1000, checkpoints_per_decade: 5}
        """);
    Path killedOut = dir.resolve("killed");
    Process p = driver("local[1]", sweep, killedOut);
    Path parts = killedOut.resolve("slow").resolve("parts");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    int committed = 0;
    while (System.nanoTime() < deadline && p.isAlive() && committed < 2) {
      Thread.sleep(50);
      committed = parquetFiles(parts);
    }
    assertTrue(p.isAlive(), "the driver finished before it could be killed: make the test sweep slower");
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    int atKill = parquetFiles(parts);
    assertTrue(atKill >= 2 && atKill < 8, "killed with " + atKill + " of 8 tasks committed");
    assertFalse(Files.exists(killedOut.resolve("slow").resolve("runs")), "killed before compaction");
    // a report on the stopped sweep reads its committed parts
    assertEquals(atKill, reportedRuns(killedOut.resolve("slow")));

    Outcome resumed = cli("run", sweep.toString(), "--no-report", "--out", killedOut.toString());
    assertEquals(0, resumed.exit(), resumed.err());
    assertTrue(resumed.out().contains("8 tasks: " + (8 - atKill) + " run now, " + atKill + " already there"),
        resumed.out());
    // and again on the table the resumed run grew
    assertEquals(8, reportedRuns(killedOut.resolve("slow")));

    Path fullOut = dir.resolve("full");
    assertEquals(0, cli("run", sweep.toString(), "--no-report", "--out", fullOut.toString()).exit());
    List<Row> resumedRows = results(killedOut.resolve("slow"));
    assertEquals(16, resumedRows.size());
    assertEquals(16, spark.read().parquet(killedOut.resolve("slow").resolve("runs").toString())
        .select("task_id", "kernel").distinct().count(), "each row exactly once");
    assertEquals(results(fullOut.resolve("slow")), resumedRows, "same table as an uninterrupted run");
  }

  @Test
  void localOneAndLocalTwoGiveIdenticalResults(@TempDir Path dir) throws Exception {
    Process p = driver("local[1]", SMOKE, dir.resolve("one"));
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "local[1] run did not finish");
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("one.log")));
    assertEquals(0, cli("run", SMOKE.toString(), "--no-report", "--out", dir.resolve("two").toString()).exit());
    List<Row> one = results(dir.resolve("one").resolve("smoke"));
    assertEquals(24, one.size());
    assertEquals(one, results(dir.resolve("two").resolve("smoke")));
    Row executor = spark.read().parquet(dir.resolve("one").resolve("smoke").resolve("runs").toString())
        .select("executor", "version", "finished_at").first();
    assertNotNull(executor.get(0));
    assertEquals(0, spark.read().parquet(dir.resolve("one").resolve("smoke").resolve("runs").toString())
        .where("isnan(risk_init) OR isnan(risk_final) OR isnan(risk_tail) OR isnan(t_diverged)").count(),
        "no NaN in the table: what does not exist is null");
  }

  @Test
  void aKernelThatThrowsBecomesAFailedRowNotAFailedJob(@TempDir Path dir) throws Exception {
    phasesweep.driver.sweep.SweepPlan plan = phasesweep.driver.sweep.SweepPlan.of(
        phasesweep.driver.sweep.SweepFile.read(SMOKE));
    phasesweep.driver.sweep.Task task = plan.tasks().get(0);
    phasesweep.driver.table.ResultsLayout layout = phasesweep.driver.table.ResultsLayout.of(dir.toString(), "smoke");
    Files.createDirectories(dir.resolve("smoke"));
    Files.copy(SMOKE, dir.resolve("smoke").resolve("sweep.yaml"));
    java.time.Instant now = java.time.Instant.now();
    List<phasesweep.driver.table.RunRow> rows = List.of(
        phasesweep.driver.table.RunRow.of(task.taskId(), task.sweep(), task.params(),
            phasesweep.kernels.sgd.SgdKernel.run(task.params()), "e", "v", now),
        phasesweep.driver.table.RunRow.failed(task.taskId(), task.sweep(), task.params(), phasesweep.kernels.Kernel.ODE,
            new IllegalStateException("boom"), 0.5, "e", "v", now));
    assertTrue(phasesweep.driver.table.PartWriter.commit(layout, task.taskId(), rows,
        spark.sparkContext().hadoopConfiguration()));
    assertFalse(phasesweep.driver.table.PartWriter.commit(layout, task.taskId(), rows,
        spark.sparkContext().hadoopConfiguration()), "a second attempt of the same task keeps the first part");
    Views.register(spark, dir.resolve("smoke").toString());
    Row failed = spark.sql("SELECT status, message, risk_final, size(curve_t), finished_at FROM runs WHERE kernel = 'ode'")
        .first();
    assertEquals("failed", failed.getString(0));
    assertEquals("IllegalStateException: boom", failed.getString(1));
    assertTrue(failed.isNullAt(2));
    assertEquals(0, failed.getInt(3));
    assertEquals(now.truncatedTo(java.time.temporal.ChronoUnit.MICROS), failed.getTimestamp(4).toInstant());
    assertEquals("ok", spark.sql("SELECT status FROM runs WHERE kernel = 'sgd'").first().getString(0));
  }

  /**
   * A results folder named {@code r[1]} next to one named {@code r1} holding the same task (issue #33,
   * item 2b): Spark globs the paths it is given, so {@code r[1]}'s files matched {@code r1}'s; each
   * folder must read its own row.
   */
  @Test
  void aFolderWithGlobCharactersInItsNameReadsItsOwnRows(@TempDir Path dir) throws Exception {
    phasesweep.driver.sweep.Task task = phasesweep.driver.sweep.SweepPlan.of(
        phasesweep.driver.sweep.SweepFile.read(SMOKE)).tasks().get(0);
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    phasesweep.kernels.KernelResult result = phasesweep.kernels.ode.OdeKernel.run(task.params());
    for (String name : List.of("r1", "r[1]", "q?", "p%c#d:e")) {
      phasesweep.driver.table.ResultsLayout layout = phasesweep.driver.table.ResultsLayout.of(
          dir.resolve(name).toString(), "smoke");
      Files.createDirectories(dir.resolve(name).resolve("smoke"));
      Files.copy(SMOKE, dir.resolve(name).resolve("smoke").resolve("sweep.yaml"));
      assertTrue(phasesweep.driver.table.PartWriter.commit(layout, task.taskId(), List.of(phasesweep.driver.table.RunRow.of(
          task.taskId(), task.sweep(), task.params(), result, "executor of " + name, "v", java.time.Instant.now())), conf));
    }
    for (String name : List.of("r1", "r[1]", "q?", "p%c#d:e")) {
      Path folder = dir.resolve(name).resolve("smoke");
      // an analysis table too, read from its folder (the report writes it)
      spark.sql("SELECT '" + name + "' AS folder").write().parquet(folder.resolve("fits").toString());
      Views.register(spark, folder.toString());
      List<Row> rows = spark.sql("SELECT executor FROM runs").collectAsList();
      assertEquals(List.of("executor of " + name), rows.stream().map(r -> r.getString(0)).toList(), name);
      assertEquals(List.of(name), spark.sql("SELECT folder FROM fits").collectAsList().stream().map(r -> r.getString(0))
          .toList());
    }
  }

  /**
   * A relative folder whose first name holds a colon (issue #33, item 20) is a folder of the
   * working directory, not a URI whose scheme is what precedes the colon; a URI stays one.
   */
  /** A loop of symbolic links as --out is bad input, refused before anything is written (issue #33, item 20). */
  @Test
  void aLoopOfSymbolicLinksAsOutIsRefused(@TempDir Path dir) throws Exception {
    Files.createSymbolicLink(dir.resolve("b"), dir.resolve("a"));
    Files.createSymbolicLink(dir.resolve("a"), dir.resolve("b"));
    Outcome o = cli("run", SMOKE.toString(), "--no-report", "--out", dir.resolve("a").toString());
    assertEquals(2, o.exit(), o.err());
    assertEquals("run: --out: " + dir.resolve("a") + " is a loop of symbolic links; nothing was "
        + "written", o.err().strip().lines().reduce((x, y) -> y).orElse(""));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(2, left.count(), "only the two links");
    }
  }

  @Test
  void aRelativeFolderWithAColonIsALocalFolder() {
    for (String name : List.of("p%c#d:e/smoke", "run:2/smoke")) {
      assertEquals(Path.of(name).toAbsolutePath().toString(),
          phasesweep.driver.table.ResultsLayout.ofDir(name).dir().toUri().getPath(), name);
    }
    assertEquals("hdfs", phasesweep.driver.table.ResultsLayout.ofDir("hdfs://host/r/smoke").dir().toUri().getScheme());
    Outcome file = cli("sql", "file:", "SELECT 1");
    assertEquals(2, file.exit(), file.err());
  }

  @Test
  void partsOfAnOlderSchemaAreReadAndCompactedWithTheMissingColumnsDefaults(@TempDir Path dir) throws Exception {
    // A part as a version without the atol and teacher_activation columns would have written it,
    // of an he2 student: teacher_activation must read as the student's activation, not as a constant, and
    // information_exponent as that teacher's (2).
    phasesweep.driver.sweep.Task smoke = phasesweep.driver.sweep.SweepPlan.of(
        phasesweep.driver.sweep.SweepFile.read(SMOKE)).tasks().get(0);
    phasesweep.driver.sweep.Task task = new phasesweep.driver.sweep.Task(smoke.taskId(), smoke.sweep(),
        smoke.params().toBuilder().activation(phasesweep.kernels.model.Activation.HE2).build(), smoke.kernels(),
        smoke.estimatedNanos());
    phasesweep.driver.table.ResultsLayout layout = phasesweep.driver.table.ResultsLayout.of(dir.toString(), "smoke");
    Files.createDirectories(dir.resolve("smoke").resolve("parts"));
    Files.copy(SMOKE, dir.resolve("smoke").resolve("sweep.yaml"));
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    phasesweep.driver.table.RunRow row = phasesweep.driver.table.RunRow.of(task.taskId(), task.sweep(), task.params(),
        phasesweep.kernels.sgd.SgdKernel.run(task.params()), "e", "v", java.time.Instant.now());
    Path fresh = dir.resolve("fresh");
    assertTrue(phasesweep.driver.table.PartWriter.commit(phasesweep.driver.table.ResultsLayout.of(fresh.toString(), "smoke"),
        task.taskId(), List.of(row), conf));
    org.apache.parquet.schema.MessageType full = phasesweep.driver.table.RunsSchema.SCHEMA;
    org.apache.parquet.schema.MessageType older = new org.apache.parquet.schema.MessageType("runs",
        full.getFields().stream().filter(f -> !Set.of("atol", "teacher_activation", "b0", "beta", "batch", "curve_q", "curve_m",
            "information_exponent", "loss", "constraint", "m0").contains(f.getName())).toList());
    List<org.apache.parquet.example.data.Group> rows = new ArrayList<>();
    phasesweep.driver.table.RunsFiles.read(new org.apache.hadoop.fs.Path(fresh.resolve("smoke/parts/" + task.taskId()
        + ".parquet").toUri()), conf, older.toString(), rows::add);
    try (var w = org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(
        dir.resolve("smoke/parts/" + task.taskId() + ".parquet").toUri())).withConf(conf).withType(older).build()) {
      for (var g : rows) {
        w.write(g);
      }
    }
    Views.register(spark, dir.resolve("smoke").toString());
    Row before = spark.sql("SELECT count(*), min(atol), max(atol), first(teacher_activation), first(b0), first(beta), "
        + "first(batch), first(information_exponent), first(loss), first(constraint), first(m0) FROM runs").first();
    assertEquals("he2", before.getString(3), "the older part's teacher is its student's activation");
    assertEquals(List.of(2, "square", "none", 0.0), List.of(before.get(7), before.get(8), before.get(9), before.get(10)),
        "the teacher's information exponent; the square loss, free norms, the random start");
    assertEquals(List.of(1.0, 0.0, 1), List.of(before.get(4), before.get(5), before.get(6)), "one sample a step");
    assertEquals(1, before.getLong(0));
    assertEquals(task.params().atol(), before.getDouble(1), "the older part reads with atol's default");
    assertEquals(task.params().atol(), before.getDouble(2));
    // and the analysis reads it on the driver with the same defaults
    phasesweep.driver.analysis.Runs.Run analysed = phasesweep.driver.analysis.Runs.read(layout, conf, "risk_tail")
        .rows().get(0);
    assertEquals(List.of("he2", 1.0, 0.0), List.of(analysed.get("teacher_activation"), analysed.get("b0"),
        analysed.get("beta")));
    assertEquals(List.of(1, row.riskTail()), List.of(analysed.batch(), analysed.fitted()));
    assertEquals(List.of(0, 0), List.of(analysed.curveQ().length, analysed.curveM().length), "no overlaps kept then");
    assertEquals(List.of(0, 0), List.of(spark.sql("SELECT size(curve_q) FROM runs").first().getInt(0),
        spark.sql("SELECT size(curve_m) FROM runs").first().getInt(0)));
    assertEquals(1, Compaction.compact(layout, conf, System.err).rows());
    Views.register(spark, dir.resolve("smoke").toString());
    Row after = spark.sql("SELECT count(*), min(atol), first(risk_final), first(task_id), first(teacher_activation), "
        + "first(b0), first(beta), first(batch), first(information_exponent) FROM runs").first();
    assertEquals(2, after.getInt(8), "compacted with the teacher's information exponent");
    assertEquals(List.of(1.0, 0.0, 1), List.of(after.get(5), after.get(6), after.get(7)), "compacted with one sample a step");
    assertEquals("he2", after.getString(4), "compacted with the student's activation as the teacher's");
    assertEquals(1, after.getLong(0));
    assertEquals(task.params().atol(), after.getDouble(1), "compacted into the current schema with atol's default");
    assertEquals(row.riskFinal(), after.getDouble(2), 0.0);
    assertEquals(task.taskId(), after.getString(3));
  }

  @Test
  void outTakesAHadoopUri(@TempDir Path dir) {
    Outcome o = cli("run", SMOKE.toString(), "--no-report", "--out", "file://" + dir.toAbsolutePath());
    assertEquals(0, o.exit(), o.err());
    assertEquals(24, spark.read().parquet(dir.resolve("smoke").resolve("runs").toString()).count());
  }

  static int parquetFiles(Path dir) {
    File[] files = dir.toFile().listFiles((d, n) -> n.endsWith(".parquet"));
    return files == null ? 0 : files.length;
  }
}
