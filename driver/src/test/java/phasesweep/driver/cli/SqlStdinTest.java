package phasesweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phasesweep.driver.table.Views;
import phasesweep.driver.LocalSpark;

/**
 * The {@code sql --stdin} protocol (issue #33, items 3 to 6): one line in, one JSON line out,
 * whatever the line: blank, {@code null}, a string with more after it, a bare CR inside.
 */
class SqlStdinTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("SqlStdinTest").newSession();
    ReadOnlyQuery.seal(spark);
  }

  static List<JsonNode> serve(String input) throws Exception {
    return serve(input, 64);
  }

  /** The smoke sweep run into {@code out}: its results folder. */
  static Path smokeRun(Path out) {
    phasesweep.driver.Cli.Outcome run = phasesweep.driver.Cli.run("run", Path.of("..", "sweeps", "smoke.yaml").toString(),
        "--out", out.toString(), "--no-report");
    assertEquals(0, run.exit(), run.err());
    return out.resolve("smoke");
  }

  /** A sql command as its defaults set it, in {@code format}, on {@code results}' views (null: none). */
  static SqlCommand command(SqlCommand.Format format, Path results) {
    SqlCommand sql = new SqlCommand();
    sql.format = format;
    sql.limit = -1;
    sql.maxMib = 64;
    if (results != null) {
      sql.results = results.toString();
      Views.register(spark, sql.results);
    }
    return sql;
  }

  static List<JsonNode> serve(String input, int maxMib) throws Exception {
    SqlCommand sql = command(SqlCommand.Format.csv, null);
    sql.maxMib = maxMib;
    StringWriter out = new StringWriter();
    sql.serve(spark, new StringReader(input), new PrintWriter(out));
    List<JsonNode> replies = new ArrayList<>();
    for (String line : out.toString().split("\n", -1)) {
      if (!line.isEmpty()) {
        replies.add(new ObjectMapper().readTree(line));
      }
    }
    return replies;
  }

  static void assertRefused(JsonNode reply, String message) {
    assertEquals(2, reply.path("exit").asInt(), reply.toString());
    assertTrue(reply.path("error").asText().startsWith("sql: QUERY: " + message), reply.toString());
  }

  /**
   * A result larger than {@code --max-mib} is refused in one line before it is all read, and the
   * session answers the next query (issue #33, item 7: a 3 GB result ended the JVM out of memory).
   * Here 1 MiB: 30 rows of 100,000 characters pass it at row 11; 30 of 1,000 are answered whole.
   */
  @Test
  void aResultAboveTheBoundIsRefusedAndTheSessionGoesOn() throws Exception {
    List<JsonNode> replies = serve(String.join("\n",
        "\"SELECT repeat('x', 100000) AS r FROM range(30)\"",
        "\"SELECT count(*) AS n FROM (SELECT repeat('x', 100000) AS r FROM range(30))\"",
        "\"SELECT repeat('x', 1000) AS r FROM range(30)\""), 1);
    assertEquals(3, replies.size(), replies.toString());
    assertEquals(2, replies.get(0).path("exit").asInt(), replies.get(0).toString());
    assertEquals("sql: the result is larger than --max-mib 1 MiB of text (passed it at row 11); select fewer columns "
        + "or rows (LIMIT), or raise --max-mib", replies.get(0).path("error").asText());
    assertEquals("n\n30\n", replies.get(1).path("result").asText());
    assertEquals(31, replies.get(2).path("result").asText().split("\n").length);
  }

  @Test
  void everyLineGetsExactlyOneAnswer() throws Exception {
    List<JsonNode> replies = serve(String.join("\n",
        "\"SELECT 1 AS one\"",
        "null",
        "\"SELECT 1 AS one\" \"DROP TABLE runs\"",
        "\"SELECT 1 AS one\"\r\"SELECT 2 AS two\"",
        "",
        "   \t",
        "\"SELECT 3 AS three\"\r",
        "\"SELECT 4 AS four\""));
    assertEquals(8, replies.size(), "one answer a line: " + replies);
    assertEquals("one\n1\n", replies.get(0).path("result").asText());
    assertRefused(replies.get(1), "null is not a query");
    assertRefused(replies.get(2), "not a JSON string on one line");
    assertRefused(replies.get(3), "not a JSON string on one line");
    assertRefused(replies.get(4), "an empty line");
    assertRefused(replies.get(5), "an empty line");
    assertEquals("three\n3\n", replies.get(6).path("result").asText(), "CRLF ends a line");
    assertEquals("four\n4\n", replies.get(7).path("result").asText(), "the last line needs no LF");
  }

  @Test
  void linesEndAtLineFeedOnly() throws Exception {
    StringReader in = new StringReader("a\r\nb\rc\n\nd");
    assertEquals("a", SqlCommand.nextLine(in));
    assertEquals("b\rc", SqlCommand.nextLine(in));
    assertEquals("", SqlCommand.nextLine(in));
    assertEquals("d", SqlCommand.nextLine(in));
    assertEquals(null, SqlCommand.nextLine(in));
  }

  /**
   * A session whose views were listed before a run compacted the folder (issue #33, item 2): the
   * files it listed are gone, yet every query is answered from the folder as it is now, the whole
   * table. The compaction is the real one's last step: a new table under a private name swapped in
   * ({@link phasesweep.driver.table.Swap#replace}), the old files deleted.
   */
  @Test
  void aSessionListedBeforeACompactionAnswersFromTheFolderAsItIsNow(@TempDir Path out) throws Exception {
    Path dir = smokeRun(out);
    SqlCommand sql = command(SqlCommand.Format.csv, dir);
    String query = "\"SELECT count(*) AS n, count(DISTINCT task_id, kernel) AS once FROM runs\"\n";
    java.io.Reader in = new java.io.Reader() {
      private final StringReader before = new StringReader(query);
      private StringReader after;

      @Override
      public int read(char[] buf, int off, int len) throws java.io.IOException {
        int n = before.read(buf, off, len);
        if (n > 0) {
          return n;
        }
        if (after == null) { // between the two queries: a writer compacts the folder
          compactAgain(dir);
          after = new StringReader(query);
        }
        return after.read(buf, off, len);
      }

      @Override
      public void close() {}
    };
    StringWriter answers = new StringWriter();
    sql.serve(spark, in, new PrintWriter(answers));
    List<String> lines = answers.toString().lines().toList();
    assertEquals(2, lines.size(), answers.toString());
    for (String line : lines) {
      assertEquals("n,once\n24,24\n", new ObjectMapper().readTree(line).path("result").asText(), line);
    }
  }

  /**
   * A reader while a writer compacts the folder, 20 times, the compaction a random 0 to 150 ms
   * (seeded) after the query starts, where a query takes about as long: every answer is the whole
   * table, none an error (issue #33, "what must hold").
   */
  @Test
  void aReaderDuringACompactionAtARandomMomentGetsTheWholeTableTwentyTimes(@TempDir Path out) throws Exception {
    Path dir = smokeRun(out);
    SqlCommand sql = command(SqlCommand.Format.csv, dir);
    String query = "\"SELECT count(*) AS n, count(DISTINCT task_id, kernel) AS once FROM runs\"\n";
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 20; i++) {
      int delay = random.nextInt(150);
      java.util.concurrent.atomic.AtomicReference<Exception> writerFailed = new java.util.concurrent.atomic.AtomicReference<>();
      Thread writer = new Thread(() -> {
        try {
          Thread.sleep(delay);
          compactAgain(dir);
        } catch (Exception e) {
          writerFailed.set(e);
        }
      });
      writer.start();
      StringWriter answer = new StringWriter();
      sql.serve(spark, new StringReader(query), new PrintWriter(answer));
      writer.join();
      assertEquals(null, writerFailed.get());
      String line = answer.toString().strip();
      assertEquals("n,once\n24,24\n", new ObjectMapper().readTree(line).path("result").asText(),
          "compaction " + i + " after " + delay + " ms: " + line);
    }
  }

  /**
   * The interactive shell (issue #31, item 6): statements over several lines up to a ';', the
   * views listed, a refused query answered with its one line and the shell going on, a view's
   * columns, and .quit; on a terminal of the given streams (a dumb one, as a pipe gets).
   */
  @Test
  void theShellAnswersStatementsOverSeveralLinesAndGoesOnAfterAnError(@TempDir Path out) throws Exception {
    SqlCommand sql = command(SqlCommand.Format.table, smokeRun(out));
    String input = String.join("\n", ".tables", "SELECT count(*) AS n", "  FROM runs;",
        "SELECT `reflect`('java.lang.System', 'exit', 7);", ".schema kernels", ".nothing", "SELECT 2 AS two;", ".quit",
        "SELECT 3 AS never;", "");
    java.io.ByteArrayOutputStream screen = new java.io.ByteArrayOutputStream();
    try (org.jline.terminal.Terminal terminal = new org.jline.terminal.impl.DumbTerminal(
        new java.io.ByteArrayInputStream(input.getBytes(java.nio.charset.StandardCharsets.UTF_8)), screen)) {
      sql.shell(spark, terminal, null);
    }
    String text = screen.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(text.contains("\nkernels\n") && text.contains("\nruns\n"), text);
    assertTrue(text.matches("(?s).*n\\s*\n-+\\s*\n24\\s*\n\\(1 rows\\).*"), text);
    assertTrue(text.contains("error: QUERY: refused, it calls Java"), text);
    assertTrue(text.contains("dashes array<double>"), text);
    assertTrue(text.contains("error: unknown command .nothing"), text);
    assertTrue(text.matches("(?s).*two\\s*\n-+\\s*\n2\\s*\n.*"), text);
    assertTrue(!text.contains("never"), "nothing after .quit: " + text);
  }

  /** The runs table written again under other file names and swapped in: what the listed files were is gone. */
  private static void compactAgain(Path dir) throws java.io.IOException {
    org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
    Path runs = dir.resolve("runs");
    Path fresh = dir.resolve(".runs-fresh");
    java.nio.file.Files.createDirectories(fresh);
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(runs)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".parquet")) {
          java.nio.file.Files.copy(f, fresh.resolve("again-" + name));
        }
      }
    }
    phasesweep.driver.table.Swap.replace(fs, new org.apache.hadoop.fs.Path(fresh.toString()),
        new org.apache.hadoop.fs.Path(runs.toString()));
  }
}
