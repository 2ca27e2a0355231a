package phasesweep.driver.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generated parts of a Markdown page: each is written by the command its opening comment
 * names, so a number in the docs is what that command gives now, never a typed copy (issue #31,
 * item 7; docs/development.md, "Numbers in the docs"). In the page's source:
 *
 * <pre>
 * &lt;!-- sql results/quickstart: SELECT kernel, count(*) AS runs FROM runs GROUP BY kernel --&gt;
 * (the result, a Markdown table)
 * &lt;!-- end --&gt;
 * </pre>
 *
 * A block whose opening comment ends its line holds lines (a table, a fenced transcript); one
 * followed on its line by text is inline ({@code b = <!-- sql DIR: SELECT ... -->1.04<!-- end -->}).
 * The comments do not show when the page is rendered; one inside a fenced code block is an
 * example, not a part. Sources are an open set: this class only
 * finds the blocks and puts new contents in; {@code DocsCommand} computes them.
 */
public final class GeneratedBlocks {
  /** The opening comment: its kind (a word) and its argument (up to the comment's end). */
  private static final Pattern OPEN = Pattern.compile("<!-- ([a-z]+) (.*?) ?-->", Pattern.DOTALL);
  private static final String END = "<!-- end -->";

  private GeneratedBlocks() {}

  /**
   * One generated part of {@code page}: its source ({@code kind argument}), where its contents are
   * ({@code [from, to)} of the page, the text between the opening comment and {@code <!-- end -->}),
   * and the line of its opening comment (1-based), for messages.
   */
  public record Block(String kind, String argument, int line, int from, int to, boolean inline) {
    /** The contents in {@code page}. */
    public String contents(String page) {
      return page.substring(from, to);
    }

    /** The source as the page writes it, {@code kind argument}, on one line. */
    public String source() {
      String arg = argument.replaceAll("\\s+", " ").strip();
      return kind + " " + (arg.length() > 70 ? arg.substring(0, 67) + "..." : arg);
    }
  }

  /**
   * The blocks of {@code page}, in order. A page whose comments do not pair (an opening comment
   * without its end, an end without an opening) is refused with the line: a rewrite must never
   * swallow the text after an unclosed block.
   *
   * @param name the page's name, for messages
   */
  public static List<Block> parse(String page, String name) {
    List<Block> blocks = new ArrayList<>();
    Matcher open = OPEN.matcher(page);
    int at = 0;
    List<int[]> fences = fences(page);
    while (open.find(at)) {
      int[] fence = fenceAround(fences, open.start());
      if (fence != null) {
        at = fence[1]; // a comment shown in a code example is text, not a part
        continue;
      }
      if (open.group(1).equals("end")) {
        throw new IllegalArgumentException(name + ":" + line(page, open.start()) + ": '" + END
            + "' without a generated block before it");
      }
      int end = page.indexOf(END, open.end());
      Matcher next = OPEN.matcher(page);
      if (end < 0 || next.find(open.end()) && next.start() < end && !next.group(1).equals("end")) {
        throw new IllegalArgumentException(name + ":" + line(page, open.start()) + ": generated block '"
            + open.group(1) + "' has no '" + END + "' before the next block or the end of the page");
      }
      boolean inline = open.end() >= page.length() || page.charAt(open.end()) != '\n';
      blocks.add(new Block(open.group(1), open.group(2).strip(), line(page, open.start()), open.end(), end, inline));
      at = end + END.length();
    }
    return blocks;
  }

  /**
   * {@code page} with each block's contents replaced by {@code contents.get(i)} (null: left as it
   * is). Not modified: {@code page}, {@code blocks}.
   */
  public static String replace(String page, List<Block> blocks, List<String> contents) {
    StringBuilder out = new StringBuilder(page.length());
    int at = 0;
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      out.append(page, at, b.from());
      out.append(contents.get(i) != null ? contents.get(i) : b.contents(page));
      at = b.to();
    }
    return out.append(page, at, page.length()).toString();
  }

  /**
   * The contents of a lines block: a blank line, the text, a blank line (so that a Markdown table
   * between the two comments is a table, and the end comment is not taken for a row).
   */
  public static String lines(String text) {
    return "\n\n" + text.strip() + "\n\n";
  }

  /**
   * {@code text} with what changes from run to run masked: durations ({@code 46.2 s}, {@code 90 ms},
   * {@code 3 min}), percentages, the sweep efficiency and the cores, each number a {@code #}. Two transcripts
   * of the same sweep are the same after it.
   */
  public static String maskDurations(String text) {
    return text.replaceAll("\\d+(\\.\\d+)?( ?(ms|s|min|h)\\b|%)", "#$2")
        .replaceAll("efficiency \\d+(\\.\\d+)?", "efficiency #").replaceAll("\\d+ cores", "# cores");
  }

  /** The first line where {@code a} and {@code b} differ, as "'x' here, 'y' now", or null if none does. */
  public static String firstDifference(String a, String b) {
    String[] x = a.strip().split("\n", -1);
    String[] y = b.strip().split("\n", -1);
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      String u = i < x.length ? x[i].strip() : "(nothing)";
      String v = i < y.length ? y[i].strip() : "(nothing)";
      if (!u.equals(v)) {
        return "'" + u + "' in the page, '" + v + "' now";
      }
    }
    return null;
  }

  /** The fenced code blocks of {@code page} ({@code ```} lines), as {@code [from, to)} offsets. */
  private static List<int[]> fences(String page) {
    List<int[]> fences = new ArrayList<>();
    int start = -1;
    int offset = 0;
    for (String line : page.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        if (start < 0) {
          start = offset;
        } else {
          fences.add(new int[] {start, offset + line.length()});
          start = -1;
        }
      }
      offset += line.length() + 1;
    }
    return fences;
  }

  private static int[] fenceAround(List<int[]> fences, int offset) {
    for (int[] f : fences) {
      if (offset >= f[0] && offset < f[1]) {
        return f;
      }
    }
    return null;
  }

  private static int line(String page, int offset) {
    int n = 1;
    for (int i = 0; i < offset; i++) {
      if (page.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }
}
