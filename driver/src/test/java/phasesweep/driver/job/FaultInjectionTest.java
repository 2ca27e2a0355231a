package phasesweep.driver.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import phasesweep.driver.Cli;
import phasesweep.driver.Cli.Outcome;
import phasesweep.driver.failure.BusyException;
import phasesweep.driver.failure.Failure;
import phasesweep.driver.failure.UserInputException;
import phasesweep.driver.table.ResultsLayout;
import phasesweep.driver.table.RunsFiles;
import phasesweep.driver.LocalSpark;

/**
 * Faults a run meets, on a real Spark ({@code local[2]}) and real Parquet: a JVM killed at named
 * moments (a child process halted as {@code kill -9} would, and one killed by SIGKILL itself),
 * corrupted files, a folder left between the two renames of a swap, two writers, a full disk
 * and a read-only folder ({@link FaultyFileSystem}). Each ends with the table equal, row for row,
 * to an undisturbed run's, or with a one-line refusal and nothing lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionTest {
  static final Path SMOKE = SweepJobTest.SMOKE.toAbsolutePath().normalize();
  SparkSession spark;
  Path referenceDir;
  List<Row> reference;
  /** A run killed after its fifth task's commit: the parts of at least 5 tasks, no table. */
  Path halfDone;

  @BeforeAll
  void start() throws IOException {
    spark = LocalSpark.start("phasesweep-faults");
    referenceDir = Files.createTempDirectory("phasesweep-reference");
    Outcome o = Cli.run("run", SMOKE.toString(), "--out", referenceDir.toString(), "--no-report");
    assertEquals(0, o.exit(), o.err());
    reference = results(referenceDir.resolve("smoke"));
    assertEquals(24, reference.size());
    halfDone = Files.createTempDirectory("phasesweep-half-done");
    try {
      halted("task-committed@5", halfDone);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A copy of {@link #halfDone} in {@code out}. */
  void halfDoneIn(Path out) throws IOException {
    try (Stream<Path> all = Files.walk(halfDone)) {
      for (Path p : all.toList()) {
        Path to = out.resolve(halfDone.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  @AfterAll
  void stop() {
    spark.stop();
    ScratchDirs.delete(referenceDir);
    ScratchDirs.delete(halfDone);
  }

  @AfterEach
  void healTheDisk() {
    FaultyFileSystem.reset();
  }

  List<Row> results(Path sweepDir) {
    return spark.read().parquet(sweepDir.resolve("runs").toString()).selectExpr(SweepJobTest.RESULTS.split(", "))
        .orderBy("task_id", "kernel").collectAsList();
  }

  /**
   * The same command again finishes the sweep (without its report, which SweepJobTest checks):
   * its table is the undisturbed one, and nothing is left over.
   */
  void resumesToTheReference(Path out, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("run", SMOKE.toString(), "--out", out.toString(), "--no-report"));
    args.addAll(List.of(options));
    Outcome o = Cli.run(args.toArray(String[]::new));
    assertEquals(0, o.exit(), o.err());
    Path dir = out.resolve("smoke");
    assertEquals(reference, results(dir));
    try (Stream<Path> left = Files.list(dir)) {
      List<String> names = left.map(p -> p.getFileName().toString()).toList();
      assertFalse(names.stream().anyMatch(n -> n.contains(".old-") || n.startsWith("runs.compacting-")
          || n.startsWith("_staging") || n.startsWith(".report-")), names.toString());
    }
    assertTrue(RunsFiles.list(new org.apache.hadoop.fs.Path(dir.resolve("parts").toUri()), conf()).isEmpty());
  }

  org.apache.hadoop.conf.Configuration conf() {
    return spark.sparkContext().hadoopConfiguration();
  }

  long sqlCount(Path sweepDir) {
    Outcome o = Cli.run("sql", sweepDir.toString(), "SELECT count(*) AS n FROM runs", "--format", "csv");
    assertEquals(0, o.exit(), o.err());
    return Long.parseLong(o.out().strip().split("\n")[1]);
  }

  /** A child JVM running {@code phasesweep ARGS}, halted at {@code fault} if it is not null. */
  /** {@code sql} in its own JVM leaves nothing in its working directory (no spark-warehouse). */
  @Test
  void sqlLeavesNothingInTheWorkingDirectory(@TempDir Path out) throws Exception {
    halfDoneIn(out);
    Path cwd = Files.createDirectories(out.resolve("cwd"));
    Path err = out.resolve("sql.err");
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), "-Xmx1g",
        "-Dlog4j2.configurationFile=" + Path.of("..", "deploy", "log4j2.properties").toAbsolutePath(),
        "phasesweep.driver.Main", "sql", out.resolve("smoke").toAbsolutePath().toString(),
        "SELECT count(*) AS n FROM runs"));
    ProcessBuilder b = new ProcessBuilder(command).directory(cwd.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
    b.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = b.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child ends");
    assertEquals(0, p.exitValue(), Files.readString(err));
    try (Stream<Path> left = Files.list(cwd)) {
      assertEquals(List.of(), left.map(Path::getFileName).map(Path::toString).toList(), "left in the working directory");
    }
  }

  static Process child(String fault, Path stderr, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), "-Xmx1g",
        "-Dlog4j2.configurationFile=" + Path.of("..", "deploy", "log4j2.properties").toAbsolutePath()));
    if (fault != null) {
      command.add("-Dphasesweep.fault=" + fault);
    }
    command.add("phasesweep.driver.Main");
    command.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(false)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile());
    b.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return b.start();
  }

  static void halted(String fault, Path out, String... options) throws Exception {
    Path err = Files.createTempFile(out, "child", ".err");
    List<String> args = new ArrayList<>(List.of("run", SMOKE.toString(), "--out", out.toString()));
    args.addAll(List.of(options));
    Process p = child(fault, err, args.toArray(String[]::new));
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the child ends");
    String said = Files.readString(err);
    assertEquals(137, p.exitValue(), said);
    assertTrue(said.contains("fault injected at " + fault.split("@")[0]), said);
    Files.delete(err);
  }

  /**
   * A task that runs out of memory (an {@link OutOfMemoryError} thrown where its kernel starts, as
   * one the plan under-estimated meets): the run fails with exit 4 and one line naming the task
   * and what to do, where Spark ended the JVM with its own undocumented exit 52 (issue #33, item
   * 9); the lock is released and the same command finishes the sweep.
   */
  @Test
  void aTaskOutOfMemoryFailsTheRunWithItsExitCodeAndTheSameCommandFinishesIt(@TempDir Path out) throws Exception {
    Path err = Files.createTempFile(out, "child", ".err");
    Process p = child("oom:kernel@3", err, "run", SMOKE.toString(), "--out", out.toString(), "--no-report");
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the child ends");
    String said = Files.readString(err).strip();
    assertEquals(Failure.EXIT_FAILED, p.exitValue(), said);
    String last = said.lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.matches("run: failed: out of memory in task [0-9a-f]+ \\(kernel [a-z_]+, p = 2, k = 2, d = [0-9]+: "
        + "Java heap space \\(injected at kernel\\)\\); the finished tasks are kept: .*rerun the same command to resume"),
        said);
    Files.delete(err);
    resumesToTheReference(out);
  }

  @ParameterizedTest(name = "killed at {0}")
  @ValueSource(strings = {"task-committed@4", "compaction-written", "compaction-swapped", "report-tables-swapped"})
  void killedAtAnyMomentTheTableIsWholeAndTheSameCommandFinishesIt(String fault, @TempDir Path out) throws Exception {
    halted(fault, out);
    Path dir = out.resolve("smoke");
    long rows = sqlCount(dir);
    if (fault.startsWith("task-committed")) {
      assertTrue(rows >= 8 && rows < 24 && rows % 2 == 0, "whole tasks only, both kernels each: " + rows);
    } else {
      assertEquals(24, rows, "readers see every row, never a part of the table");
    }
    if (fault.startsWith("report")) {
      Outcome report = Cli.run("report", dir.toString());
      assertEquals(0, report.exit(), report.err());
      assertTrue(report.out().contains("report " + dir.resolve("report.html")), report.out());
    }
    resumesToTheReference(out);
  }

  @Test
  void killedBetweenTheRenamesOfASwapReadersSeeTheWholeTable(@TempDir Path out) throws Exception {
    halfDoneIn(out);
    ResultsLayout layout = ResultsLayout.ofDir(out.resolve("smoke").toString());
    long first = Compaction.compact(layout, conf(), System.err).rows();
    assertTrue(first >= 10 && first < 24, "a table of the first tasks: " + first);
    // the second compaction moves that table aside, then is killed before renaming the new one in
    halted("swap-between-renames@1", out, "--no-report");
    Path dir = out.resolve("smoke");
    try (Stream<Path> names = Files.list(dir)) {
      List<String> left = names.map(p -> p.getFileName().toString()).toList();
      assertFalse(left.contains("runs"), left.toString());
      assertTrue(left.stream().anyMatch(n -> n.startsWith("runs.old-")), left.toString());
      assertTrue(left.stream().anyMatch(n -> n.startsWith("runs.compacting-")), left.toString());
    }
    assertEquals(24, sqlCount(dir), "sql reads the old table and the parts: all of it");
    Outcome report = Cli.run("report", dir.toString());
    assertEquals(0, report.exit(), report.err());
    assertTrue(Files.readString(dir.resolve("report.html")).contains("24 rows (12 tasks) in runs"));
    resumesToTheReference(out);
  }

  /** A child running the smoke sweep, once it has committed {@code parts} tasks (or ended). */
  static Process runningWithParts(Path out, Path err, int parts) throws Exception {
    Process p = child(null, err, "run", SMOKE.toString(), "--out", out.toString());
    Path dir = out.resolve("smoke").resolve("parts");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (p.isAlive() && System.nanoTime() < deadline && count(dir, ".parquet") < parts) {
      Thread.sleep(10);
    }
    return p;
  }

  @Test
  void killedBySigkillMidRunTheSameCommandFinishesIt(@TempDir Path out) throws Exception {
    Path err = out.resolve("child.err");
    Process p = runningWithParts(out, err, 3);
    p.destroyForcibly(); // SIGKILL
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    Files.delete(err);
    // its Spark scratch folder outlives it (nothing runs at a SIGKILL), until the next command
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Path scratch = tmp.resolve("phasesweep-" + p.pid());
    if (p.exitValue() != 0) { // (not a run that finished first)
      assertTrue(Files.isDirectory(scratch), "the killed run's scratch folder " + scratch);
    }
    ScratchDirs.removeOrphans(tmp);
    assertFalse(Files.exists(scratch));
    resumesToTheReference(out);
  }

  @Test
  void stoppedBySigtermItSaysSoInOneLineAndTheSameCommandFinishesIt(@TempDir Path out) throws Exception {
    Path err = out.resolve("child.err");
    Process p = runningWithParts(out, err, 2);
    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String said = Files.readString(err);
    assertFalse(Files.exists(Path.of(System.getProperty("java.io.tmpdir"), "phasesweep-" + p.pid())),
        "a stopped run's Spark scratch folder goes with it");
    if (p.exitValue() != 0) { // (a run that finished first has nothing to say)
      assertEquals(143, p.exitValue(), said);
      assertEquals(1, said.lines().filter(l -> l.startsWith("phasesweep: stopped by SIGTERM; the finished tasks are "
          + "committed in " + out.resolve("smoke") + "; rerun the same command to resume")).count(), said);
      assertFalse(said.contains("Exception") || said.contains("\tat "), said);
    }
    Files.delete(err);
    resumesToTheReference(out);
  }

  @Test
  void aTaskLargerThanTheMemoryIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("big.yaml");
    Files.writeString(big, Files.readString(SMOKE).replace("d: [100, 200]", "d: [100000000]")
        .replace("delta: [-0.75, 0, 0.5]", "delta: [0.5]"));
    Outcome plan = Cli.run("plan", big.toString());
    assertEquals(0, plan.exit(), plan.err());
    assertTrue(plan.out().contains("memory: largest task 4.5 GiB; ") && plan.out().contains("does NOT fit"), plan.out());
    Outcome run = Cli.run("run", big.toString(), "--out", dir.resolve("out").toString(), "--yes");
    assertEquals(Failure.EXIT_BAD_INPUT, run.exit(), run.err());
    assertTrue(run.err().startsWith("run: " + big + ":10: grid.d: the largest task holds 4.5 GiB; 2 side by side need "
        + "8.9 GiB, above the "), run.err());
    assertFalse(Files.exists(dir.resolve("out")), "nothing is written");
  }

  static long count(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(suffix)).count();
    }
  }

  @Test
  void aSecondWriterIsRefusedAtOnceAndAKilledHolderLeavesNoStaleLock(@TempDir Path out) throws Exception {
    Path slow = out.resolve("slow.yaml");
    Files.writeString(slow, Files.readString(SMOKE).replace("t_max: 20", "t_max: 2000"));
    Path err = out.resolve("child.err");
    Process holder = child(null, err, "run", slow.toString(), "--out", out.toString());
    Path lock = out.resolve("smoke").resolve(ResultsLock.NAME);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (holder.isAlive() && System.nanoTime() < deadline && !(Files.exists(lock) && Files.size(lock) > 0)) {
      Thread.sleep(20);
    }
    assertTrue(holder.isAlive(), Files.readString(err));
    String pid = "pid " + holder.pid();
    Outcome second = Cli.run("run", slow.toString(), "--out", out.toString());
    assertEquals(Failure.EXIT_BUSY, second.exit(), second.err());
    assertTrue(second.err().contains("is in use by run " + slow) && second.err().contains(pid), second.err());
    assertEquals(1, second.err().strip().lines().count(), second.err());
    Outcome report = Cli.run("report", out.resolve("smoke").toString());
    assertEquals(Failure.EXIT_BUSY, report.exit(), report.err());
    while (holder.isAlive() && System.nanoTime() < deadline && !Files.exists(out.resolve("smoke").resolve("sweep.yaml"))) {
      Thread.sleep(20);
    }
    Outcome reader = Cli.run("sql", out.resolve("smoke").toString(), "SELECT count(*) FROM runs");
    assertTrue(reader.exit() == 0 || reader.exit() == Failure.EXIT_NO_RESULT, "readers are not locked out: " + reader.err());

    holder.destroyForcibly();
    assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    ResultsLayout layout = ResultsLayout.ofDir(out.resolve("smoke").toString());
    try (ResultsLock taken = ResultsLock.acquire(layout, conf(), "test")) {
      // another thread of this JVM is refused like another process
      Thread other = new Thread(() -> {
        Outcome o = Cli.run("run", slow.toString(), "--out", out.toString());
        assertEquals(Failure.EXIT_BUSY, o.exit(), o.err());
        assertTrue(o.err().contains("another thread of this process"), o.err());
      });
      other.start();
      other.join();
    }
    Files.delete(err);
  }

  private static void truncate(Path file, long length) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(length);
    }
    Files.deleteIfExists(crc(file));
  }

  private static Path crc(Path file) {
    return file.resolveSibling("." + file.getFileName() + ".crc");
  }

  @Test
  void unreadablePartsAreRefusedByReadersThenSetAsideAndRunAgain(@TempDir Path out) throws Exception {
    halfDoneIn(out);
    Path parts = out.resolve("smoke").resolve("parts");
    List<Path> files;
    try (Stream<Path> s = Files.list(parts)) {
      files = s.filter(f -> f.toString().endsWith(".parquet")).sorted().toList();
    }
    truncate(files.get(0), Files.size(files.get(0)) / 2);
    Files.write(files.get(1), "not parquet at all".getBytes(StandardCharsets.UTF_8));
    Files.deleteIfExists(crc(files.get(1)));

    Path dir = out.resolve("smoke");
    Outcome sql = Cli.run("sql", dir.toString(), "SELECT count(*) FROM runs");
    assertEquals(Failure.EXIT_FAILED, sql.exit(), sql.err());
    assertTrue(sql.err().contains("parts/" + files.get(0).getFileName() + " is not a readable Parquet file"), sql.err());
    assertTrue(sql.err().contains("run the sweep again"), sql.err());
    assertEquals(1, sql.err().strip().lines().count(), sql.err());
    Outcome report = Cli.run("report", dir.toString());
    assertEquals(Failure.EXIT_FAILED, report.exit(), report.err());

    resumesToTheReference(out);
    for (Path f : files.subList(0, 2)) {
      assertTrue(Files.exists(dir.resolve("corrupt").resolve("parts-" + f.getFileName())), "kept aside: " + f);
    }
  }

  /** Whether every row of {@code file} decodes, with or without Parquet's page checksums verified. */
  static boolean decodes(Path file, boolean verifyPages) {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(file.toUri());
    try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
        org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(p, conf),
        org.apache.parquet.HadoopReadOptions.builder(conf, p).usePageChecksumVerification(verifyPages).build())) {
      org.apache.parquet.schema.MessageType schema = r.getFooter().getFileMetaData().getSchema();
      org.apache.parquet.io.MessageColumnIO io = new org.apache.parquet.io.ColumnIOFactory().getColumnIO(schema);
      for (var pages = r.readNextRowGroup(); pages != null; pages = r.readNextRowGroup()) {
        var rows = io.getRecordReader(pages, new org.apache.parquet.example.data.simple.convert.GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          rows.read();
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Test
  void aPageCorruptedUnderAnIntactFooterIsCaughtByItsChecksum(@TempDir Path out) throws Exception {
    halfDoneIn(out);
    Path part;
    try (Stream<Path> s = Files.list(out.resolve("smoke").resolve("parts"))) {
      part = s.filter(f -> f.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
    }
    Files.deleteIfExists(crc(part));
    // the first bit whose flip still decodes, into other values, unless the pages' checksums are verified
    byte[] good = Files.readAllBytes(part);
    Path probe = out.resolve("probe.parquet");
    boolean found = false;
    for (int at = 4; at < good.length - 8 && !found; at++) {
      byte[] bad = good.clone();
      bad[at] ^= 0x04;
      Files.write(probe, bad);
      found = decodes(probe, false) && !decodes(probe, true);
      if (found) {
        Files.write(part, bad);
      }
    }
    Files.delete(probe);
    assertTrue(found, "some flipped bit decodes silently without the checksums");
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(part.getParent().toUri());
    assertTrue(RunsFiles.verified(dir, conf()).unreadable().isEmpty(), "the footer still reads");
    resumesToTheReference(out);
    assertTrue(Files.exists(out.resolve("smoke").resolve("corrupt").resolve("parts-" + part.getFileName())));
  }

  @Test
  void anUnreadableTableFileIsSetAsideAndItsTasksRunAgain(@TempDir Path out) throws Exception {
    Outcome o = Cli.run("run", SMOKE.toString(), "--out", out.toString(), "--no-report");
    assertEquals(0, o.exit(), o.err());
    Path table = out.resolve("smoke").resolve("runs").resolve("part-00000.parquet");
    truncate(table, Files.size(table) - 10);
    Outcome sql = Cli.run("sql", out.resolve("smoke").toString(), "SELECT count(*) FROM runs");
    assertEquals(Failure.EXIT_FAILED, sql.exit(), sql.err());
    resumesToTheReference(out);
    assertTrue(Files.exists(out.resolve("smoke").resolve("corrupt").resolve("runs-part-00000.parquet")));
  }

  /** The lease of a shared filesystem (faulty:// is not file://); real HDFS in deploy/cluster/test-yarn.sh. */
  @Test
  void aLeaseIsRefusedWhileFreshTakenOverWhenStaleAndNeverReleasedForAnotherHolder(@TempDir Path out) throws Exception {
    ResultsLayout layout = ResultsLayout.ofDir("faulty://local" + out.toAbsolutePath() + "/smoke");
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(conf());
    for (String bad : List.of("0", "-3", "abc", "604801")) {
      conf.set(ResultsLock.LEASE_SECONDS, bad);
      UserInputException e = assertThrows(UserInputException.class, () -> ResultsLock.acquire(layout, conf, "test"));
      assertTrue(e.getMessage().startsWith("phasesweep.lease.seconds: '" + bad + "' is not a whole number"), e.getMessage());
    }
    conf.set(ResultsLock.LEASE_SECONDS, "30");
    Path lock = out.resolve("smoke").resolve(ResultsLock.NAME);
    Files.createDirectories(lock.getParent());
    Files.writeString(lock, "run other.yaml (pid 1 on elsewhere)\n");
    Files.setLastModifiedTime(lock, FileTime.fromMillis(System.currentTimeMillis() - 25_000));
    BusyException busy = assertThrows(BusyException.class, () -> ResultsLock.acquire(layout, conf, "test"));
    assertTrue(busy.getMessage().contains("in use by run other.yaml (pid 1 on elsewhere)"), busy.getMessage());
    Files.setLastModifiedTime(lock, FileTime.fromMillis(System.currentTimeMillis() - 35_000));
    try (ResultsLock taken = ResultsLock.acquire(layout, conf, "test")) {
      assertTrue(Files.readString(lock).startsWith("test (pid " + ProcessHandle.current().pid() + " "), Files.readString(lock));
    }
    assertFalse(Files.exists(lock), "released");
    try (ResultsLock taken = ResultsLock.acquire(layout, conf, "test")) {
      Files.writeString(lock, "run other.yaml (pid 2 on elsewhere)\n"); // taken over while this holder was paused
    }
    assertEquals("run other.yaml (pid 2 on elsewhere)\n", Files.readString(lock), "a release never removes another's lease");
  }

  @Test
  void aFullDiskFailsTheRunInOneLineAndTheSameCommandResumesOnceThereIsSpace(@TempDir Path out) throws Exception {
    String uri = "faulty://local" + out.toAbsolutePath();
    FaultyFileSystem.bytesLeft.set(60_000);
    Outcome full = Cli.run("run", SMOKE.toString(), "--out", uri, "--no-report");
    assertEquals(Failure.EXIT_FAILED, full.exit(), full.err());
    assertEquals(1, full.err().strip().lines().count(), full.err());
    assertTrue(full.err().contains("No space left on device") && full.err().contains("rerun the same command to resume"),
        full.err());
    org.apache.hadoop.fs.Path parts = new org.apache.hadoop.fs.Path(out.resolve("smoke").resolve("parts").toUri());
    assertTrue(RunsFiles.verified(parts, conf()).unreadable().isEmpty(), "nothing half-written is visible");
    FaultyFileSystem.reset();
    Outcome resumed = Cli.run("run", SMOKE.toString(), "--out", uri, "--no-report");
    assertEquals(0, resumed.exit(), resumed.err());
    assertEquals(reference, results(out.resolve("smoke")));
  }

  @Test
  void aReadOnlyFolderIsRefusedInOneLineAndStillReads(@TempDir Path out) throws Exception {
    String uri = "faulty://local" + out.toAbsolutePath();
    Outcome o = Cli.run("run", SMOKE.toString(), "--out", uri, "--no-report");
    assertEquals(0, o.exit(), o.err());
    FaultyFileSystem.readOnly = true;
    for (String[] args : List.of(new String[] {"run", SMOKE.toString(), "--out", uri},
        new String[] {"report", uri + "/smoke"})) {
      Outcome refused = Cli.run(args);
      assertEquals(Failure.EXIT_FAILED, refused.exit(), refused.err());
      assertEquals(1, refused.err().strip().lines().count(), refused.err());
      assertTrue(refused.err().contains("permission denied"), refused.err());
    }
    Outcome sql = Cli.run("sql", uri + "/smoke", "SELECT count(*) AS n FROM runs", "--format", "csv");
    assertEquals(0, sql.exit(), sql.err());
    assertEquals("n\n24", sql.out().strip());
    FaultyFileSystem.reset();
    assertEquals(reference, results(out.resolve("smoke")));
  }

  @ParameterizedTest(name = "refused: {0}")
  @ValueSource(strings = {
      "INSERT OVERWRITE DIRECTORY '%s/runs' USING parquet SELECT * FROM runs LIMIT 1",
      "WITH one AS (SELECT * FROM runs LIMIT 1) INSERT OVERWRITE DIRECTORY '%s/runs' USING parquet SELECT * FROM one",
      "CREATE TABLE copy USING parquet LOCATION '%s/runs' AS SELECT * FROM runs LIMIT 1",
      "DROP VIEW runs", "CACHE TABLE runs", "SET spark.sql.ansi.enabled = false", "ADD JAR '%s/x.jar'",
      "SELECT reflect('java.lang.System', 'exit', '0')", "/* a comment */ INSERT INTO runs SELECT * FROM runs",
      "(INSERT INTO runs SELECT * FROM runs)", "",
      // issue #33: quoted names of the Java-calling functions, and scripts
      "SELECT `java_method`('java.lang.System', 'exit', 7) AS r", "SELECT `reflect`('java.lang.System', 'exit', '7')",
      "SELECT `try_reflect`('java.lang.System', 'exit', '7')",
      "SELECT TRANSFORM(d) USING 'touch %s/runs/evil' AS (x) FROM runs"})
  void sqlRunsQueriesOnly(String query) {
    Path dir = referenceDir.resolve("smoke");
    Outcome o = Cli.run("sql", dir.toString(), query.replace("%s", dir.toString()));
    assertEquals(Failure.EXIT_BAD_INPUT, o.exit(), o.err());
    assertTrue(o.err().startsWith("sql: QUERY: refused, "), o.err());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertEquals(reference, results(dir), "the table is as it was");
  }

  @Test
  void sqlErrorsAreOneLineNamingTheColumnOrTable() {
    String dir = referenceDir.resolve("smoke").toString();
    String[][] cases = {
        {"SELECT nosuch FROM runs", "sql: QUERY: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function "
            + "parameter with name `nosuch` cannot be resolved."},
        {"SELECT * FROM nosuch", "sql: QUERY: [TABLE_OR_VIEW_NOT_FOUND] The table or view `nosuch` cannot be found."},
        {"SELECT * FROM runs WHERE d >", "sql: QUERY: [PARSE_SYNTAX_ERROR] Syntax error at or near end of input"},
        {"SELECT 1 / 0", "sql: QUERY: [DIVIDE_BY_ZERO] Division by zero."},
        {"SELECT first_crossing(curve_t) FROM runs", "sql: QUERY: [WRONG_NUM_ARGS"}};
    for (String[] c : cases) {
      Outcome o = Cli.run("sql", dir, c[0]);
      assertEquals(Failure.EXIT_BAD_INPUT, o.exit(), c[0] + ": " + o.err());
      assertTrue(o.err().startsWith(c[1]), c[0] + ": " + o.err());
      assertEquals(1, o.err().strip().lines().count(), o.err());
    }
    Outcome debug = Cli.run("sql", "--debug", dir, "SELECT nosuch FROM runs");
    assertEquals(Failure.EXIT_BAD_INPUT, debug.exit());
    assertTrue(debug.err().lines().filter(l -> l.startsWith("\tat ")).count() > 5, "--debug adds the trace: " + debug.err());
    Outcome limit = Cli.run("sql", dir, "SELECT 1", "--limit", "-5");
    assertEquals(Failure.EXIT_BAD_INPUT, limit.exit());
    assertEquals("sql: --limit: must be at least 0, got -5", limit.err().strip());
  }
}
