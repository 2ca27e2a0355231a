package phasesweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phasesweep.driver.Cli;
import phasesweep.driver.LocalSpark;

/**
 * {@code docs} (issue #31, item 7): the numbers of a page are what their commands give now; a
 * stale one fails {@code --check} with exit 6 and its line, and the same command without
 * {@code --check} writes it again; the shipped pages parse and their plan figures are current.
 */
class DocsCommandTest {
  @BeforeAll
  static void start() {
    LocalSpark.start("DocsCommandTest");
  }

  private static final String STALE = """
      # Smoke

      Runs: <!-- sql smoke: SELECT count(*) FROM runs WHERE status = 'ok' -->17<!-- end --> in all.

      <!-- sql smoke:
      SELECT status, count(*) AS n FROM runs WHERE status = 'ok' GROUP BY status
      -->

      | status | n |
      |---|---|
      | ok | 17 |

      <!-- end -->

      Not run here: <!-- sql nothere: SELECT 1 -->0.5<!-- end -->. The plan: <!-- plan smoke.yaml -->1 core-hours<!-- end -->.
      The run took <!-- measured wall -->10 s<!-- end -->.
      """;

  @Test
  void aStaleNumberFailsTheCheckWithItsLineAndTheCommandWritesItAgain(@TempDir Path out) throws Exception {
    SqlStdinTest.smokeRun(out);
    Files.copy(Path.of("..", "sweeps", "smoke.yaml"), out.resolve("smoke.yaml"));
    Path page = out.resolve("page.md");
    Files.writeString(page, STALE);

    Cli.Outcome check = Cli.run("docs", "--check", "--root", out.toString(), "--measured", "wall=19", page.toString());
    assertEquals(DocsCommand.EXIT_DRIFT, check.exit(), check.err());
    assertTrue(check.err().contains(page + ":3 sql smoke: SELECT count(*) FROM runs WHERE status = 'ok': differs: '17' in the page, '18' now"),
        check.err());
    assertTrue(check.err().contains(page + ":5 sql smoke: SELECT status, count(*) AS n FROM runs WHERE status = 'ok' G...: "
        + "differs: '| ok | 17 |' in the page, '| ok | 18 |' now"), check.err());
    assertTrue(check.err().contains(page + ":15 sql nothere: SELECT 1: not checked (nothere not here: run its sweep)"),
        check.err());
    assertTrue(check.err().contains(page + ":15 plan smoke.yaml: differs: '1 core-hours' in the page"), check.err());
    assertTrue(check.err().contains("docs: 1 parts as their commands give them, 3 differ, 1 not checked"), check.err());
    assertEquals(STALE, Files.readString(page), "--check writes nothing");

    Cli.Outcome write = Cli.run("docs", "--root", out.toString(), "--measured", "wall=21", page.toString());
    assertEquals(0, write.exit(), write.err());
    String written = Files.readString(page);
    assertTrue(written.contains("Runs: <!-- sql smoke: SELECT count(*) FROM runs WHERE status = 'ok' -->18<!-- end --> in all."), written);
    assertTrue(written.contains("-->\n\n| status | n |\n|---|---|\n| ok | 18 |\n\n<!-- end -->"), written);
    assertTrue(written.contains("<!-- sql nothere: SELECT 1 -->0.5<!-- end -->"), "a part not checked is kept: " + written);
    assertTrue(written.contains("<!-- measured wall -->21 s<!-- end -->"), "21 s is more than 2 times 10 s: " + written);
    assertTrue(written.matches("(?s).*<!-- plan smoke.yaml -->[0-9.e-]+ core-hours<!-- end -->.*"), written);

    Cli.Outcome again = Cli.run("docs", "--check", "--root", out.toString(), "--measured", "wall=11", page.toString());
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.err().contains("docs: 4 parts as their commands give them, 0 differ, 1 not checked"), again.err());
  }

  @Test
  void aPartThatWritesOrDoesNotPairIsBadInputNamingItsLine(@TempDir Path out) throws Exception {
    SqlStdinTest.smokeRun(out);
    Path page = out.resolve("page.md");
    Files.writeString(page, "a\n\n<!-- sql smoke: DROP VIEW runs -->x<!-- end -->\n");
    Cli.Outcome drop = Cli.run("docs", "--root", out.toString(), page.toString());
    assertEquals(2, drop.exit(), drop.err());
    assertTrue(drop.err().startsWith("docs: " + page + ":3 sql smoke: DROP VIEW runs: "), drop.err());
    Files.writeString(page, "a\n<!-- sql smoke: SELECT 1 -->x\n");
    Cli.Outcome unpaired = Cli.run("docs", "--root", out.toString(), page.toString());
    assertEquals(2, unpaired.exit(), unpaired.err());
    assertTrue(unpaired.err().contains(page + ":2: generated block 'sql' has no '<!-- end -->'"), unpaired.err());
    assertEquals("a\n<!-- sql smoke: SELECT 1 -->x\n", Files.readString(page));
  }

  /**
   * The shipped pages: every part pairs and is of a known kind, and each plan figure is the one
   * the plan gives now (the results folders are not here, so their parts are left unchecked:
   * CI checks those after running the quick sweeps).
   */
  @Test
  void theShippedPagesParseAndTheirPlanFiguresAreCurrent(@TempDir Path root) throws Exception {
    Path repo = Path.of("..");
    Files.createDirectories(root.resolve("sweeps"));
    try (Stream<Path> sweeps = Files.list(repo.resolve("sweeps"))) {
      for (Path s : sweeps.toList()) {
        Files.copy(s, root.resolve("sweeps").resolve(s.getFileName()));
      }
    }
    List<String> args = new ArrayList<>(List.of("docs", "--check", "--root", root.toString()));
    args.add(repo.resolve("README.md").toString());
    args.add(repo.resolve("deploy/CLUSTER.md").toString());
    try (Stream<Path> docs = Files.list(repo.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(p -> args.add(p.toString()));
    }
    Cli.Outcome check = Cli.run(args.toArray(String[]::new));
    assertEquals(0, check.exit(), check.err());
    assertTrue(check.err().matches("(?s).*docs: [1-9][0-9]* parts as their commands give them, 0 differ, [1-9][0-9]* not checked.*"),
        check.err());
  }
}
