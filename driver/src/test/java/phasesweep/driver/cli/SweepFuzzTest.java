package phasesweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phasesweep.driver.Cli;
import phasesweep.driver.Cli.Outcome;

/**
 * Random mutations of the shipped sweep files, through {@code plan} as typed: every one either
 * plans (exit 0) or is refused in one line (exit 2); never a stack trace, an internal error or
 * another exit code. Seeded, so a failure replays.
 */
class SweepFuzzTest {
  static final int MUTATIONS = 3000;
  private static final String CHARS = "{}[]:,-#&*!|>'\"%@` \n\t0123456789.eE+_~abcdkpz\u00e9\u0000";
  private static final String[] EXTREMES = {"0", "-1", "1e300", "1e-300", "99999999999", "-0", ".nan", ".inf",
      "1e999", "0.1", "2147483648", "~", "[]", "{}", "''", "\"\\u0000\""};

  @Test
  void mutatedSweepFilesPlanOrAreRefusedInOneLine(@TempDir Path dir) throws IOException {
    List<String> shipped = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("..", "sweeps"))) {
      for (Path p : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        shipped.add(Files.readString(p));
      }
    }
    Random random = new Random(20261201);
    int planned = 0;
    Path file = dir.resolve("fuzz.yaml");
    for (int i = 0; i < MUTATIONS; i++) {
      String text = shipped.get(random.nextInt(shipped.size()));
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        text = mutate(text, random);
      }
      Files.writeString(file, text);
      Outcome o = Cli.run("plan", file.toString());
      String replay = "mutation " + i + ":\n" + text + "\n-> exit " + o.exit() + ": " + o.err();
      assertTrue(o.exit() == 0 || o.exit() == 2, replay);
      assertFalse(o.err().contains("internal error") || o.err().contains("\tat "), replay);
      if (o.exit() == 2) {
        assertEquals(1, o.err().strip().lines().count(), replay);
        assertTrue(o.err().startsWith("plan: " + file + ":"), replay);
      } else {
        planned++;
      }
    }
    // the mutations must reach past the parser, or this tests only YAML's syntax errors
    assertTrue(planned > MUTATIONS / 20, planned + " of " + MUTATIONS + " mutations planned");
    assertTrue(planned < MUTATIONS - MUTATIONS / 5, planned + " of " + MUTATIONS + " mutations planned");
  }

  static String mutate(String text, Random random) {
    if (text.isEmpty()) {
      return "x";
    }
    int at = random.nextInt(text.length());
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    int line = random.nextInt(lines.size());
    switch (random.nextInt(8)) {
      case 0 -> {
        return text.substring(0, at) + text.substring(at + 1);
      }
      case 1 -> {
        return text.substring(0, at) + CHARS.charAt(random.nextInt(CHARS.length())) + text.substring(at);
      }
      case 2 -> {
        return text.substring(0, at) + CHARS.charAt(random.nextInt(CHARS.length())) + text.substring(at + 1);
      }
      case 3 -> {
        lines.add(line, lines.get(line));
      }
      case 4 -> {
        lines.remove(line);
      }
      case 5 -> {
        java.util.Collections.swap(lines, line, random.nextInt(lines.size()));
      }
      case 6 -> {
        // a number of the file replaced by an extreme
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-?[0-9][0-9.eE+-]*").matcher(text);
        List<int[]> numbers = new ArrayList<>();
        while (m.find()) {
          numbers.add(new int[] {m.start(), m.end()});
        }
        if (numbers.isEmpty()) {
          return text;
        }
        int[] n = numbers.get(random.nextInt(numbers.size()));
        return text.substring(0, n[0]) + EXTREMES[random.nextInt(EXTREMES.length)] + text.substring(n[1]);
      }
      default -> {
        return text.substring(0, at);
      }
    }
    return String.join("\n", lines);
  }
}
