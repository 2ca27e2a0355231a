package phasesweep.driver.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import scala.collection.Seq;

/** Query results as an aligned text table or as CSV. */
final class TextTable {
  private TextTable() {}

  static void print(String[] columns, List<Row> rows, PrintWriter out) {
    List<String[]> cells = new ArrayList<>();
    int[] width = new int[columns.length];
    for (int c = 0; c < columns.length; c++) {
      width[c] = columns[c].length();
    }
    for (Row r : rows) {
      String[] line = new String[columns.length];
      for (int c = 0; c < columns.length; c++) {
        line[c] = text(r.get(c));
        width[c] = Math.min(60, Math.max(width[c], line[c].length()));
      }
      cells.add(line);
    }
    StringBuilder header = new StringBuilder();
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < columns.length; c++) {
      header.append(c == 0 ? "" : " | ").append(pad(columns[c], width[c]));
      rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
    }
    out.println(header);
    out.println(rule);
    for (String[] line : cells) {
      StringBuilder b = new StringBuilder();
      for (int c = 0; c < columns.length; c++) {
        String v = line[c].length() > width[c] ? line[c].substring(0, width[c] - 3) + "..." : line[c];
        b.append(c == 0 ? "" : " | ").append(pad(v, width[c]));
      }
      out.println(b);
    }
    out.printf("(%d rows)%n", rows.size());
  }

  static void csv(String[] columns, List<Row> rows, PrintWriter out) {
    out.println(String.join(",", columns));
    for (Row r : rows) {
      StringBuilder b = new StringBuilder();
      for (int c = 0; c < columns.length; c++) {
        String v = text(r.get(c));
        if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
          v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        b.append(c == 0 ? "" : ",").append(v);
      }
      out.println(b);
    }
  }

  /** Arrays as {@code [a;b;c]}, nulls as empty. */
  static String text(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Seq<?> seq) {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < seq.length(); i++) {
        b.append(i == 0 ? "" : ";").append(text(seq.apply(i)));
      }
      return b.append("]").toString();
    }
    return v.toString();
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }
}
