package phasesweep.driver.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import phasesweep.driver.sweep.AnalysisSettings;

/** {@code report.html}: the figures and the tables of a sweep in one page that needs no network. */
public final class ReportPage {
  /** Rows shown of a per-task table (the Parquet table has them all). */
  static final int MAX_ROWS = 500;

  /** A table to show: a title, a sentence on what it is, its columns and rows. */
  public record Table(String name, String about, List<String> columns, List<Row> rows, boolean open) {}

  /** A figure file as drawn: name, caption, pixel size, panels shown of groups. */
  public record FigureFile(String name, String caption, int width, int height, int panels, int groups) {}

  private ReportPage() {}

  public static String html(String sweep, String summary, AnalysisSettings settings, List<FigureFile> figures,
      List<Table> tables) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>phasesweep: ")
        .append(escape(sweep)).append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1600px;color:#222}\n")
        .append("table{border-collapse:collapse;font-size:13px;margin:0.5em 0 1.5em}\n")
        .append("th,td{border:1px solid #ccc;padding:3px 7px;text-align:right}th{background:#f3f3f3}\n")
        .append("td.s{text-align:left}.green{background:#d9f2d9}.blue{background:#d6e6f5}.orange{background:#ffe4cc}")
        .append(".red{background:#f7d4d4}.no{font-weight:bold;color:#b00}\n")
        .append("figure{margin:1em 0 2em}figcaption{max-width:1100px;color:#444}img{max-width:100%;height:auto}\n")
        // a wide table scrolls inside its own box, never the page; cells keep one line (issue #31, item 5)
        .append(".scroll{overflow-x:auto;max-width:100%;max-height:70vh;overflow-y:auto}td,th{white-space:nowrap}\n")
        .append("</style></head><body>\n");
    b.append("<h1>Sweep <code>").append(escape(sweep)).append("</code></h1>\n<p>").append(escape(summary))
        .append("</p>\n<p>Analysis settings: fitted column <code>").append(settings.fitColumn())
        .append("</code>; bootstrap interval ").append(Math.round(settings.confidence() * 100)).append("% over seeds (")
        .append(settings.resamples()).append(" resamples, seeded); consistent with theory when the theory exponent is inside "
            + "the interval or within ").append(settings.tolerance()).append(" of the fit; sample complexity at R &le; ")
        .append(settings.riskThreshold()).append(". Written ").append(Instant.now()).append(". The tables are Parquet "
            + "folders next to this file; query them with <code>phasesweep sql</code>. What each number means, "
            + "every formula and every column: <code>docs/physics.md</code> in the phasesweep project.</p>\n");
    b.append("<h2>Contents</h2><ul>");
    for (FigureFile f : figures) {
      b.append("<li><a href=\"#").append(f.name()).append("\">").append(f.name().replace('_', ' ')).append("</a></li>");
    }
    for (Table t : tables) {
      b.append("<li><a href=\"#table-").append(t.name()).append("\">table ").append(t.name()).append("</a></li>");
    }
    b.append("</ul>\n");
    // the figures first (the contents list them first), then every table below, collapsible and scrollable
    for (FigureFile f : figures) {
      b.append("<figure id=\"").append(f.name()).append("\"><h2>").append(f.name().replace('_', ' ')).append("</h2>\n")
          .append("<img src=\"figures/").append(f.name()).append(".png\" width=\"").append(f.width())
          .append("\" height=\"").append(f.height()).append("\" alt=\"").append(escape(f.caption())).append("\">\n")
          .append("<figcaption>").append(escape(f.caption()));
      if (f.panels() < f.groups()) {
        b.append(" Showing the first ").append(f.panels()).append(" of ").append(f.groups()).append(" groups.");
      }
      b.append(" <a href=\"figures/").append(f.name()).append(".svg\">SVG</a></figcaption></figure>\n");
    }
    for (Table t : tables) {
      table(b, t);
    }
    b.append("</body></html>\n");
    return b.toString();
  }

  private static void table(StringBuilder b, Table t) {
    b.append("<section id=\"table-").append(t.name()).append("\"><h2>Table <code>").append(t.name())
        .append("</code></h2>\n<p>").append(escape(t.about())).append("</p>\n");
    b.append(t.open() ? "<details open>" : "<details>").append("<summary>").append(t.rows().size())
        .append(" rows</summary>\n<div class=\"scroll\"><table><tr>");
    for (String c : t.columns()) {
      b.append("<th>").append(escape(c)).append("</th>");
    }
    b.append("</tr>\n");
    for (Row r : t.rows().subList(0, Math.min(MAX_ROWS, t.rows().size()))) {
      b.append("<tr>");
      for (String c : t.columns()) {
        Object v = r.get(r.fieldIndex(c));
        List<String> classes = new ArrayList<>();
        if (v instanceof String) {
          classes.add("s");
          if (c.endsWith("region")) {
            classes.add(((String) v).toLowerCase(Locale.ROOT));
          }
        }
        if (Boolean.FALSE.equals(v) && (c.equals("agree") || c.equals("consistent"))) {
          classes.add("no");
        }
        b.append(classes.isEmpty() ? "<td>" : "<td class=\"" + String.join(" ", classes) + "\">")
            .append(escape(format(v))).append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</table></div>");
    if (t.rows().size() > MAX_ROWS) {
      b.append("<p>First ").append(MAX_ROWS).append(" rows of ").append(t.rows().size()).append(".</p>");
    }
    b.append("</details></section>\n");
  }

  static String format(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double d) {
      return Double.isNaN(d) ? "NaN" : String.format(Locale.ROOT, "%.4g", d);
    }
    return v.toString();
  }

  static String escape(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
