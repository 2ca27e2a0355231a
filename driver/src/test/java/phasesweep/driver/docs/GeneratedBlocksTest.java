package phasesweep.driver.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated parts of a page: found, replaced in place, and nothing else of the page touched. */
class GeneratedBlocksTest {
  private static final String PAGE = "# Title\n\nThe exponent is <!-- sql r/x: SELECT 1 -->0.98<!-- end -->, see below.\n\n"
      + "<!-- sql r/x:\nSELECT a, b\nFROM t\n-->\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<!-- end -->\n\nAfter: <!-- plan s.yaml -->1 core-hours<!-- end -->.\n";

  @Test
  void findsInlineAndLinePartsWithTheirSourcesAndLines() {
    List<GeneratedBlocks.Block> blocks = GeneratedBlocks.parse(PAGE, "p.md");
    assertEquals(3, blocks.size());
    assertEquals("sql", blocks.get(0).kind());
    assertEquals("r/x: SELECT 1", blocks.get(0).argument());
    assertTrue(blocks.get(0).inline());
    assertEquals("0.98", blocks.get(0).contents(PAGE));
    assertEquals(3, blocks.get(0).line());
    assertFalse(blocks.get(1).inline());
    assertEquals("r/x:\nSELECT a, b\nFROM t", blocks.get(1).argument());
    assertEquals(5, blocks.get(1).line());
    assertTrue(blocks.get(1).contents(PAGE).contains("| 1 | 2 |"));
    assertEquals("plan", blocks.get(2).kind());
    assertEquals("s.yaml", blocks.get(2).argument());
    assertEquals("sql r/x: SELECT a, b FROM t", blocks.get(1).source());
  }

  @Test
  void aCommentInACodeExampleIsNotAPart() {
    String page = "Example:\n\n```\n<!-- sql r: SELECT 1 -->0.9<!-- end -->\n<!-- sql r: SELECT 2 -->\n```\n\nReal: "
        + "<!-- plan s.yaml -->1 core-hours<!-- end -->\n";
    List<GeneratedBlocks.Block> blocks = GeneratedBlocks.parse(page, "p.md");
    assertEquals(1, blocks.size());
    assertEquals("plan", blocks.get(0).kind());
  }

  @Test
  void replacingChangesTheContentsOnlyAndKeepsPartsThatAreNotGiven() {
    List<GeneratedBlocks.Block> blocks = GeneratedBlocks.parse(PAGE, "p.md");
    String out = GeneratedBlocks.replace(PAGE, blocks, Arrays.asList("1.01", GeneratedBlocks.lines("| a |\n|---|\n| 7 |"), null));
    assertEquals(PAGE.replace("0.98", "1.01").replace("| a | b |\n|---|---|\n| 1 | 2 |", "| a |\n|---|\n| 7 |"), out);
    // the result parses into the same parts, so a second rewrite finds them again
    List<GeneratedBlocks.Block> again = GeneratedBlocks.parse(out, "p.md");
    assertEquals(3, again.size());
    assertEquals("1.01", again.get(0).contents(out));
    assertEquals("1 core-hours", again.get(2).contents(out));
    assertEquals(PAGE, GeneratedBlocks.replace(PAGE, blocks, Arrays.asList(null, null, null)));
  }

  @Test
  void aPartWithoutItsEndIsRefusedWithItsLineNotSwallowingThePage() {
    IllegalArgumentException open = assertThrows(IllegalArgumentException.class,
        () -> GeneratedBlocks.parse("a\n<!-- sql r: SELECT 1 -->0.9\n\n<!-- sql r: SELECT 2 -->1<!-- end -->\n", "p.md"));
    assertEquals("p.md:2: generated block 'sql' has no '<!-- end -->' before the next block or the end of the page",
        open.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GeneratedBlocks.parse("x <!-- sql r: SELECT 1 -->0.9\n", "p.md"));
    IllegalArgumentException stray = assertThrows(IllegalArgumentException.class,
        () -> GeneratedBlocks.parse("a\nb <!-- end -->\n", "p.md"));
    assertTrue(stray.getMessage().startsWith("p.md:2: "), stray.getMessage());
  }

  @Test
  void transcriptsOfTwoRunsOfOneSweepAreTheSameOnceTheirDurationsAreMasked() {
    String one = "phasesweep: 108 tasks: 108 run now\nphasesweep: wall 46.2 s (compaction 1.6 s), task time 78.5 s on 2 cores: "
        + "sweep efficiency 0.85\nphasesweep: Spark and I/O overhead 9.74 s over 108 tasks (12.4% of task time, 90 ms a task)\n"
        + "phasesweep: table phases: 36 rows\nphasesweep: report r/report.html (3.1 s)";
    String two = one.replace("46.2 s", "54.5 s").replace("0.85", "0.89").replace("12.4%", "8.1%").replace("90 ms", "73 ms")
        .replace("(3.1 s)", "(13.5 s)").replace("on 2 cores", "on 8 cores");
    assertNotEquals(one, two);
    assertEquals(GeneratedBlocks.maskDurations(one), GeneratedBlocks.maskDurations(two));
    assertNull(GeneratedBlocks.firstDifference(GeneratedBlocks.maskDurations(one), GeneratedBlocks.maskDurations(two)));
    // counts are not durations: a different table or task count is a difference
    String rows = one.replace("36 rows", "35 rows");
    assertEquals("'phasesweep: table phases: 36 rows' in the page, 'phasesweep: table phases: 35 rows' now",
        GeneratedBlocks.firstDifference(GeneratedBlocks.maskDurations(one), GeneratedBlocks.maskDurations(rows)));
    assertNotEquals(GeneratedBlocks.maskDurations(one), GeneratedBlocks.maskDurations(one.replace("108 run now", "107 run now")));
  }
}
