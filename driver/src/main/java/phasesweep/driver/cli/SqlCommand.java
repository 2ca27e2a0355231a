package phasesweep.driver.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import phasesweep.driver.job.Sessions;
import phasesweep.driver.analysis.FirstCrossing;
import phasesweep.driver.table.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Runs a Spark SQL query on a sweep's results and prints the result.",
        "Views: runs (one row per task and kernel; docs/usage.md lists the columns), curves (one row per "
            + "checkpoint: task_id, kernel, checkpoint, t, risk and the task's parameters), and the analysis tables "
            + "fits, phases, sample_complexity, finite_size once 'run' or 'report' wrote them. "
            + "Function: first_crossing(curve_t, curve_risk, threshold).",
        "Queries only (SELECT, WITH, VALUES, TABLE, FROM, SHOW, DESCRIBE, EXPLAIN): anything that writes or sets "
            + "is refused before Spark sees it. Exit codes: 0 done, 2 a query that is refused or does not resolve "
            + "(the line names the column or table), 3 no results yet, 4 the folder cannot be read.",
        "Example: sql results/quickstart \"SELECT delta, d, avg(risk_tail) FROM runs WHERE kernel = 'ode' "
            + "GROUP BY delta, d ORDER BY delta, d\""})
public final class SqlCommand implements Callable<Integer> {
  enum Format { table, csv, json }

  @Parameters(index = "0", paramLabel = "RESULTS_DIR", description = "A sweep's results folder (OUT/NAME).")
  String results;

  @Parameters(index = "1", paramLabel = "QUERY", arity = "0..1",
      description = "A Spark SQL query; none with --stdin, and none for the interactive shell (history, statements "
          + "over several lines up to a ';', .tables, .schema VIEW, .quit).")
  String query;

  @Option(names = "--stdin", description = "Answer many queries with one JVM and one Spark session (notebooks): "
      + "read them from standard input, each a JSON string on one line, and answer each with one JSON line on "
      + "standard output, {\"result\": TEXT} in the --format, or {\"error\": LINE, \"exit\": CODE} (the code "
      + "the query alone would exit with). Every line gets one answer: a blank line, null, or a string followed "
      + "by anything is answered with an error (exit 2); lines end at LF (a CR before it is dropped, one "
      + "elsewhere is part of the line). The views are those of the folder when it started. Ends at the end "
      + "of the input.")
  boolean stdin;

  @Option(names = "--format", defaultValue = "table", description = "table, csv or json (one object per line). Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--limit", defaultValue = "-1", description = "At most this many rows (default: all; 100 for table).")
  int limit;

  @Option(names = "--max-mib", defaultValue = "64", paramLabel = "MIB",
      description = "Refuse a result larger than this many MiB of text (1 to 4096), before it is all read: a query's "
          + "answer is held in memory before it is printed. Default: ${DEFAULT-VALUE}.")
  int maxMib;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    phasesweep.driver.table.ResultsLayout layout = phasesweep.driver.table.ResultsLayout.ofDir(results);
    layout.requireSweepFileIfLocal(); // a mistyped folder fails before Spark starts (issue #31, item 6)
    if (limit < -1) {
      throw new phasesweep.driver.failure.UserInputException("--limit: must be at least 0, got " + limit);
    }
    if (maxMib < 1 || maxMib > 4096) {
      throw new phasesweep.driver.failure.UserInputException("--max-mib: must be between 1 and 4096, got " + maxMib);
    }
    if (query != null && stdin) {
      throw new phasesweep.driver.failure.UserInputException("QUERY: none with --stdin (the queries come from it)");
    }
    try (Sessions session = Sessions.open("phasesweep sql")) {
      SparkSession spark = session.spark();
      ReadOnlyQuery.seal(spark);
      if (query == null && !stdin) {
        register(spark);
        FirstCrossing.register(spark);
        try (org.jline.terminal.Terminal terminal = org.jline.terminal.TerminalBuilder.builder().system(true)
            .dumb(true).build()) {
          shell(spark, terminal, historyFile());
        }
        return 0;
      }
      if (stdin) {
        register(spark);
        FirstCrossing.register(spark);
        serve(spark, new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
            java.nio.charset.StandardCharsets.UTF_8)), out);
        return 0;
      }
      ReadOnlyQuery.check(spark, query);
      register(spark);
      FirstCrossing.register(spark);
      answer(spark, query, out);
    }
    out.flush();
    return 0;
  }

  /**
   * One checked query's result, printed in the format; a query that does not resolve is the
   * user's error (exit 2). The views list the folder's files when registered; a run that
   * compacts the folder since (its parts into a new table, the old files deleted) leaves them
   * pointing at files gone: the folder is then listed again and the query answered from what is
   * there now, a whole table (the parts before, the new table after), never an error (issue #33,
   * item 2). Nothing is printed before the rows are all read.
   */
  private void answer(SparkSession spark, String sql, PrintWriter out) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        if (attempt > 1) {
          // listing again reads the footers it finds, which a compaction can remove meanwhile too
          Views.register(spark, results);
        }
        print(spark, sql, out);
        return;
      } catch (Exception e) { // Spark's AnalysisException is checked, though Java cannot see it thrown
        if (attempt < READ_ATTEMPTS && vanished(e)) {
          continue;
        }
        throw ReadOnlyQuery.userError(e);
      }
    }
  }

  /** The views of the folder as it is now, listed again if a compaction removes what was listed. */
  private void register(SparkSession spark) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        Views.register(spark, results);
        return;
      } catch (Exception e) { // Spark's AnalysisException (PATH_NOT_FOUND) is checked, though Java cannot see it thrown
        if (attempt >= READ_ATTEMPTS || !vanished(e)) {
          throw e;
        }
      }
    }
  }

  /**
   * Whether a read failed because files it listed are gone: not found, or (the views read only
   * files whose footers were just verified) a schema Spark could not infer from what was left.
   */
  private static boolean vanished(Exception e) {
    return phasesweep.driver.failure.Failure.notFound(e)
        || phasesweep.driver.failure.Failure.hasCondition(e, "UNABLE_TO_INFER_SCHEMA");
  }

  /**
   * The interactive shell ({@code sql DIR} without a query, issue #31 item 6): one session for
   * every statement, line editing and a history kept across sessions ({@code history}, null: none),
   * statements over several lines up to a {@code ;}, the same read-only guard and answers as
   * {@code sql DIR QUERY}, an error as its one line without leaving. {@code .tables} lists the
   * views, {@code .schema VIEW} a view's columns, {@code .quit} or end of input leaves; Ctrl-C
   * drops the statement being typed.
   */
  void shell(SparkSession spark, org.jline.terminal.Terminal terminal, java.nio.file.Path history) {
    org.jline.reader.LineReaderBuilder builder = org.jline.reader.LineReaderBuilder.builder().terminal(terminal)
        .appName("phasesweep sql").option(org.jline.reader.LineReader.Option.DISABLE_EVENT_EXPANSION, true);
    if (history != null) {
      builder.variable(org.jline.reader.LineReader.HISTORY_FILE, history);
    }
    org.jline.reader.LineReader reader = builder.build();
    PrintWriter out = terminal.writer();
    // the first query compiles Spark's plans: paid here, not by the user's first statement
    spark.sql("SELECT kernel, count(*) FROM runs GROUP BY kernel").collectAsList();
    out.println("phasesweep sql on " + results + ": views " + String.join(", ", views(spark)) + ".");
    out.println("End a statement with ';'. .tables lists the views, .schema VIEW its columns, .quit leaves.");
    out.flush();
    StringBuilder statement = new StringBuilder();
    while (true) {
      String line;
      try {
        line = reader.readLine(statement.length() == 0 ? "sql> " : "...> ");
      } catch (org.jline.reader.UserInterruptException e) {
        statement.setLength(0);
        continue;
      } catch (org.jline.reader.EndOfFileException e) {
        break;
      }
      String trimmed = line.strip();
      if (statement.length() == 0 && trimmed.startsWith(".")) {
        if (!dotCommand(spark, trimmed, out)) {
          break;
        }
        continue;
      }
      statement.append(line).append('\n');
      String text = statement.toString().strip();
      if (!text.endsWith(";")) {
        continue;
      }
      statement.setLength(0);
      String sql = text.substring(0, text.length() - 1).strip();
      if (sql.isEmpty()) {
        continue;
      }
      try {
        ReadOnlyQuery.check(spark, sql);
        long start = System.nanoTime();
        answer(spark, sql, out);
        out.printf("(%.2f s)%n", (System.nanoTime() - start) * 1e-9);
      } catch (Exception e) {
        out.println("error: " + phasesweep.driver.failure.Failure.of(e).message());
      }
      out.flush();
    }
    out.flush();
  }

  /** A dot command of the shell; false to leave. */
  private boolean dotCommand(SparkSession spark, String command, PrintWriter out) {
    String[] words = command.split("\\s+");
    switch (words[0]) {
      case ".quit", ".exit" -> {
        return false;
      }
      case ".tables" -> out.println(String.join("\n", views(spark)));
      case ".schema" -> {
        if (words.length != 2 || !views(spark).contains(words[1])) {
          out.println("error: .schema VIEW, one of " + String.join(", ", views(spark)));
        } else {
          for (org.apache.spark.sql.types.StructField f : spark.table(words[1]).schema().fields()) {
            out.println(f.name() + " " + f.dataType().simpleString());
          }
        }
      }
      default -> out.println("error: unknown command " + words[0] + " (.tables, .schema VIEW, .quit)");
    }
    out.flush();
    return true;
  }

  /** The session's views, in name order. */
  private static List<String> views(SparkSession spark) {
    return spark.catalog().listTables().collectAsList().stream().map(org.apache.spark.sql.catalog.Table::name)
        .sorted().toList();
  }

  /** Where the shell keeps its history: ~/.phasesweep_sql_history, none without a home. */
  private static java.nio.file.Path historyFile() {
    String home = System.getProperty("user.home");
    return home == null || home.isEmpty() || home.equals("?") ? null
        : java.nio.file.Path.of(home, ".phasesweep_sql_history");
  }

  /** Listings of the folder a query may try: a compaction changes it once; more is a writer that never stops. */
  static final int READ_ATTEMPTS = 5;

  /**
   * Answers each line of {@code in} (a JSON string: the query) with one JSON line: its result, or
   * the one-line error and exit code {@code sql QUERY} would give. Every line is answered, so a
   * client reading one answer per line stays in step: a blank line, {@code null}, anything that is
   * not exactly one JSON string, is answered with an error (exit 2). Lines end at LF only
   * ({@link #nextLine}). Nothing stops the loop but the end of input.
   */
  void serve(SparkSession spark, java.io.Reader in, PrintWriter out) throws java.io.IOException {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
        .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    for (String line = nextLine(in); line != null; line = nextLine(in)) {
      java.util.Map<String, Object> reply = new java.util.LinkedHashMap<>();
      try {
        String sql;
        if (line.isBlank()) {
          throw new phasesweep.driver.failure.UserInputException("QUERY: an empty line (one JSON string a line; "
              + "every line is answered)");
        }
        try {
          sql = json.readValue(line, String.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new phasesweep.driver.failure.UserInputException("QUERY: not a JSON string on one line ("
              + phasesweep.driver.failure.Failure.firstLine(e.getOriginalMessage()) + ")");
        }
        if (sql == null) {
          throw new phasesweep.driver.failure.UserInputException("QUERY: null is not a query (one JSON string a line)");
        }
        java.io.StringWriter text = new java.io.StringWriter();
        ReadOnlyQuery.check(spark, sql);
        try (PrintWriter w = new PrintWriter(text)) {
          answer(spark, sql, w);
        }
        reply.put("result", text.toString());
      } catch (Exception e) {
        phasesweep.driver.failure.Failure f = phasesweep.driver.failure.Failure.of(e);
        reply.put("error", "sql: " + f.message());
        reply.put("exit", f.exit());
      }
      out.println(json.writeValueAsString(reply));
      out.flush();
    }
  }

  /**
   * The next line of {@code in} without its end, or null at the end of input: a line ends at LF,
   * and a CR just before the LF is dropped (CRLF); a CR anywhere else stays in the line, where it
   * makes the line's JSON invalid rather than a second line.
   */
  static String nextLine(java.io.Reader in) throws java.io.IOException {
    StringBuilder line = new StringBuilder();
    int c = in.read();
    if (c < 0) {
      return null;
    }
    while (c >= 0 && c != '\n') {
      line.append((char) c);
      c = in.read();
    }
    int n = line.length();
    if (n > 0 && line.charAt(n - 1) == '\r') {
      line.setLength(n - 1);
    }
    return line.toString();
  }

  private void print(SparkSession spark, String query, PrintWriter out) {
    Dataset<Row> result = spark.sql(query);
    int max = limit >= 0 ? limit : format == Format.table ? 100 : Integer.MAX_VALUE;
    switch (format) {
      case json -> {
        for (String line : bounded(result.limit(max)).toJSON().collectAsList()) {
          out.println(line);
        }
      }
      case csv -> TextTable.csv(result.columns(), bounded(result.limit(max)).collectAsList(), out);
      default -> {
        List<Row> rows = bounded(result.limit(max == Integer.MAX_VALUE ? max : max + 1)).collectAsList();
        TextTable.print(result.columns(), rows.subList(0, Math.min(max, rows.size())), out);
        if (rows.size() > max) {
          out.println("(more rows: use --limit, or --format csv)");
        }
      }
    }
  }

  /**
   * {@code result} in one partition that stops, with a one-line refusal (exit 2), once its rows'
   * text passes {@code --max-mib}: no more than that and one row is ever held, where a query such
   * as {@code SELECT repeat('x', 100000000) FROM range(30)} (3 GB) ended the JVM out of memory
   * (issue #33, item 7).
   */
  private Dataset<Row> bounded(Dataset<Row> result) {
    return result.coalesce(1).mapPartitions(new SizeGuard(maxMib), result.encoder());
  }

  /** Counts the characters of the rows that pass and refuses the row that takes them over the bound. */
  static final class SizeGuard implements org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row> {
    private final int maxMib;

    SizeGuard(int maxMib) {
      this.maxMib = maxMib;
    }

    @Override
    public java.util.Iterator<Row> call(java.util.Iterator<Row> rows) {
      long bound = (long) maxMib << 20;
      return new java.util.Iterator<>() {
        long chars;
        long count;

        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row row = rows.next();
          chars += size(row);
          count++;
          if (chars > bound) {
            throw new phasesweep.driver.failure.UserInputException("the result is larger than --max-mib " + maxMib
                + " MiB of text (passed it at row " + count + "); select fewer columns or rows (LIMIT), or raise "
                + "--max-mib");
          }
          return row;
        }
      };
    }

    /** About the characters a row prints as: a string's length, anything else's text. */
    static long size(Row row) {
      long n = 0;
      for (int i = 0; i < row.length(); i++) {
        Object v = row.get(i);
        n += 1 + (v instanceof String text ? text.length() : v instanceof Row inner ? size(inner)
            : String.valueOf(v).length());
      }
      return n;
    }
  }
}
