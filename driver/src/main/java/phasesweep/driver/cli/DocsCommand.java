package phasesweep.driver.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import phasesweep.driver.analysis.FirstCrossing;
import phasesweep.driver.docs.GeneratedBlocks;
import phasesweep.driver.docs.GeneratedBlocks.Block;
import phasesweep.driver.failure.BusyException;
import phasesweep.driver.failure.UserInputException;
import phasesweep.driver.job.ResultsLock;
import phasesweep.driver.job.Sessions;
import phasesweep.driver.sweep.SweepFile;
import phasesweep.driver.sweep.SweepPlan;
import phasesweep.driver.table.ResultsLayout;
import phasesweep.driver.table.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "docs", mixinStandardHelpOptions = true,
    description = {"Writes the generated parts of Markdown pages from the commands they name, or with --check says "
        + "which differ: every measured number in the docs is what its command gives now (docs/development.md, "
        + "\"Numbers in the docs\").",
        "A part is '<!-- KIND ARG -->' ... '<!-- end -->'. Kinds: 'sql DIR: QUERY' (a Markdown table, or one value "
            + "inline, from the results folder DIR), 'plan SWEEP[: FIELD]' (the plan's core-hours, or tasks, largest "
            + "task, useful cores), "
            + "'transcript NAME' (the file --transcript NAME=FILE, durations not compared), 'measured NAME' (a "
            + "duration, --measured NAME=SECONDS, compared within a factor 2). A part whose source is not here "
            + "(a results folder not run yet) is left as it is and counted as not checked.",
        "Exit codes: 0 done (with --check: every part checked is as its command gives it), 2 bad input (a page "
            + "whose parts do not pair, a query that fails: the line says where), 6 with --check: a part differs "
            + "(each one named, with its first differing line)."})
public final class DocsCommand implements Callable<Integer> {
  /** The exit of {@code --check} when a generated part differs from what its command gives now. */
  public static final int EXIT_DRIFT = 6;

  /**
   * How far a measured duration may be from the page's before the page is stale. Not closer: CI's
   * {@code mvn -B verify} took 7 min 55 s and 8 min 25 s one morning and 5 min 22 s that afternoon
   * on another machine of the same kind (2026-12-07, the chain's tests somewhat faster in
   * between): at 1.5 the check failed on a machine, not on a stale page.
   */
  static final double DURATION_FACTOR = 2;

  @Parameters(paramLabel = "PAGE", arity = "1..*", description = "Markdown pages (README.md docs/*.md).")
  List<Path> pages;

  @Option(names = "--check", description = "Write nothing; exit 6 if a part differs from what its command gives now.")
  boolean check;

  @Option(names = "--transcript", paramLabel = "NAME=FILE", description = "A command's output for 'transcript NAME'.")
  Map<String, Path> transcripts = new LinkedHashMap<>();

  @Option(names = "--measured", paramLabel = "NAME=SECONDS", description = "A measured duration for 'measured NAME'.")
  Map<String, Double> measured = new LinkedHashMap<>();

  @Option(names = "--root", paramLabel = "DIR", defaultValue = ".",
      description = "The folder the parts' paths (results folders, sweep files) are relative to. Default: the current one.")
  Path root;

  @Spec
  CommandSpec spec;

  private Sessions session;
  /** The session that answers the parts' queries: sealed as {@code sql}'s is, with views of its own. */
  private SparkSession spark;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Map<Path, String> text = new LinkedHashMap<>();
    Map<Path, List<Block>> blocks = new LinkedHashMap<>();
    for (Path page : pages) {
      String t;
      try {
        t = Files.readString(page, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UserInputException(page + ": cannot be read (" + e.getClass().getSimpleName() + ")");
      }
      text.put(page, t);
      try {
        blocks.put(page, GeneratedBlocks.parse(t, page.toString()));
      } catch (IllegalArgumentException e) {
        throw new UserInputException(e.getMessage());
      }
    }
    for (Map.Entry<String, Path> e : transcripts.entrySet()) {
      if (!Files.isRegularFile(e.getValue())) {
        throw new UserInputException("--transcript " + e.getKey() + ": no such file " + e.getValue());
      }
    }
    int same = 0;
    int differ = 0;
    int unchecked = 0;
    Map<Path, String> rewritten = new LinkedHashMap<>();
    try {
      for (Path page : pages) {
        String t = text.get(page);
        List<String> contents = new ArrayList<>();
        for (Block b : blocks.get(page)) {
          String where = page + ":" + b.line() + " " + b.source();
          Source now = generate(b, where);
          if (now.text() == null) {
            unchecked++;
            err.println("docs: " + where + ": not checked (" + now.why() + ")");
            contents.add(null);
            continue;
          }
          String difference = difference(b, b.contents(t), now.text());
          if (difference == null) {
            same++;
            contents.add(null);
          } else {
            differ++;
            err.println("docs: " + where + ": " + (check ? "differs: " : "rewritten: ") + difference);
            contents.add(now.text());
          }
        }
        String updated = GeneratedBlocks.replace(t, blocks.get(page), contents);
        if (!updated.equals(t)) {
          rewritten.put(page, updated);
        }
      }
    } finally {
      if (session != null) {
        session.close();
      }
    }
    if (!check) {
      for (Map.Entry<Path, String> e : rewritten.entrySet()) {
        write(e.getKey(), e.getValue());
      }
    }
    err.printf("docs: %d parts as their commands give them, %d %s, %d not checked%n", same, differ,
        check ? "differ" : "rewritten", unchecked);
    err.flush();
    return check && differ > 0 ? EXIT_DRIFT : 0;
  }

  /** A part's contents as its source gives them now, or null and why it cannot. */
  record Source(String text, String why) {}

  private Source generate(Block b, String where) {
    switch (b.kind()) {
      case "sql" -> {
        int colon = b.argument().indexOf(':');
        if (colon < 0) {
          throw new UserInputException(where + ": 'sql DIR: QUERY' has no ':' after the folder");
        }
        String dir = root.resolve(b.argument().substring(0, colon).strip()).toString();
        String query = b.argument().substring(colon + 1).strip();
        if (!Files.isRegularFile(Path.of(dir, "sweep.yaml"))) {
          return new Source(null, b.argument().substring(0, colon).strip() + " not here: run its sweep");
        }
        return sql(dir, query, b, where);
      }
      case "plan" -> {
        String[] arg = b.argument().split(":", 2);
        SweepPlan plan = SweepPlan.of(SweepFile.read(root.resolve(arg[0].strip())));
        double hours = plan.estimatedCoreHours();
        double largest = plan.tasks().get(0).estimatedNanos() * 1e-9;
        String field = arg.length > 1 ? arg[1].strip() : "core-hours";
        String value = switch (field) {
          case "core-hours" -> String.format("%.3g core-hours", hours);
          case "tasks" -> Integer.toString(plan.tasks().size());
          case "largest task" -> PlanCommand.duration(largest);
          case "useful cores" -> Long.toString(Math.max(1, Math.round(hours * 3600 / largest)));
          default -> throw new UserInputException(where + ": 'plan SWEEP: FIELD' knows core-hours, tasks, "
              + "largest task, useful cores; not '" + field + "'");
        };
        return new Source(inline(b, where, value), null);
      }
      case "transcript" -> {
        Path file = transcripts.get(b.argument().strip());
        if (file == null) {
          return new Source(null, "no --transcript " + b.argument().strip() + "=FILE");
        }
        try {
          String t = Files.readString(file, StandardCharsets.UTF_8);
          return new Source("\n\n```\n" + t.strip() + "\n```\n\n", null);
        } catch (IOException e) {
          throw new UserInputException("--transcript " + b.argument().strip() + ": cannot read " + file);
        }
      }
      case "measured" -> {
        Double seconds = measured.get(b.argument().strip());
        if (seconds == null) {
          return new Source(null, "no --measured " + b.argument().strip() + "=SECONDS");
        }
        return new Source(inline(b, where, PlanCommand.duration(seconds)), null);
      }
      default -> throw new UserInputException(where + ": unknown kind '" + b.kind()
          + "' (sql, plan, transcript, measured)");
    }
  }

  /** Whether the page's contents and now's differ, and how; null if they are the same. */
  private static String difference(Block b, String page, String now) {
    return switch (b.kind()) {
      case "transcript" -> GeneratedBlocks.firstDifference(GeneratedBlocks.maskDurations(page),
          GeneratedBlocks.maskDurations(now));
      case "measured" -> {
        double was = seconds(page);
        double is = seconds(now);
        yield Double.isNaN(was) || Math.abs(Math.log(was / is)) > Math.log(DURATION_FACTOR)
            ? "'" + page.strip() + "' in the page, '" + now.strip() + "' now (more than a factor "
                + DURATION_FACTOR + " apart)" : null;
      }
      default -> GeneratedBlocks.firstDifference(page, now);
    };
  }

  /**
   * A part from a query on the results folder {@code dir}, read under the folder's lock: a run or
   * report writing it meanwhile would show half its tables, so a folder in use is not checked.
   */
  private Source sql(String dir, String query, Block b, String where) {
    if (session == null) {
      session = Sessions.open("phasesweep docs");
      spark = session.spark().newSession();
      ReadOnlyQuery.seal(spark);
      FirstCrossing.register(spark);
    }
    ResultsLayout layout = ResultsLayout.ofDir(dir);
    try (ResultsLock lock = ResultsLock.acquire(layout, spark.sparkContext().hadoopConfiguration(), "docs")) {
      ReadOnlyQuery.check(spark, query);
      Views.register(spark, dir);
      Dataset<Row> result = spark.sql(query);
      List<Row> rows = result.limit(1000).collectAsList();
      if (b.inline()) {
        if (rows.size() != 1 || result.columns().length != 1) {
          throw new UserInputException(where + ": an inline part takes one value; the query gives " + rows.size()
              + " rows of " + result.columns().length + " columns");
        }
        return new Source(cell(rows.get(0).get(0)), null);
      }
      StringBuilder t = new StringBuilder();
      t.append("| ").append(String.join(" | ", result.columns())).append(" |\n");
      t.append("|").append("---|".repeat(result.columns().length)).append('\n');
      for (Row r : rows) {
        t.append("|");
        for (int c = 0; c < r.length(); c++) {
          t.append(' ').append(cell(r.get(c))).append(" |");
        }
        t.append('\n');
      }
      return new Source(GeneratedBlocks.lines(t.toString()), null);
    } catch (BusyException e) {
      return new Source(null, "in use: " + e.getMessage());
    } catch (UserInputException e) {
      throw e.getMessage().startsWith(where) ? e : new UserInputException(where + ": " + e.getMessage());
    } catch (Exception e) { // Spark's AnalysisException is checked, though Java cannot see it thrown
      if (phasesweep.driver.failure.Failure.hasCondition(e, "TABLE_OR_VIEW_NOT_FOUND")) {
        return new Source(null, "a table the query reads is not in the folder: 'report' writes the analysis");
      }
      throw new UserInputException(where + ": " + ReadOnlyQuery.userError(e).getMessage());
    }
  }

  /** A value as a table cell: null as '-', no '|' that would end the cell, one line. */
  static String cell(Object v) {
    return v == null ? "-" : TextTable.text(v).replace("|", "\\|").replace('\n', ' ');
  }

  private static String inline(Block b, String where, String value) {
    if (!b.inline()) {
      throw new UserInputException(where + ": this kind is one value: write it inline (text after the comment on its line)");
    }
    return value;
  }

  /** The seconds of a duration as {@link PlanCommand#duration} writes it; NaN if it is not one. */
  static double seconds(String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*([0-9.]+) (s|min|h)\\s*").matcher(text);
    if (!m.matches()) {
      return Double.NaN;
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "min" -> v * 60;
      case "h" -> v * 3600;
      default -> v;
    };
  }

  /** Replaces {@code page} whole: a new file beside it, then one rename; a reader never sees half. */
  private static void write(Path page, String text) throws IOException {
    Path tmp = Files.createTempFile(page.toAbsolutePath().getParent(), "." + page.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, page, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
