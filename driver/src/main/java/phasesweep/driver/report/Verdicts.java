package phasesweep.driver.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import phasesweep.driver.analysis.Table;
import phasesweep.driver.analysis.Verdict;

/**
 * The {@code phases} table's verdicts counted: what the run's summary line and the report say,
 * e.g. "30 agree, 0 disagree, 4 undetermined (too few d), 2 no theory".
 *
 * @param undetermined how many, by the short reason ({@code because})
 */
public record Verdicts(long agree, long disagree, Map<String, Long> undetermined, long noTheory) {

  public static Verdicts of(Table phases) {
    long agree = 0;
    long disagree = 0;
    long noTheory = 0;
    Map<String, Long> undetermined = new TreeMap<>();
    for (Row r : phases.rows()) {
      Verdict.Outcome o = Verdict.Outcome.of(r.getAs("verdict"));
      switch (o) {
        case AGREE -> agree++;
        case DISAGREE -> disagree++;
        case NO_THEORY -> noTheory++;
        default -> undetermined.merge(r.getAs("because"), 1L, Long::sum);
      }
    }
    return new Verdicts(agree, disagree, undetermined, noTheory);
  }

  public long undeterminedTotal() {
    return undetermined.values().stream().mapToLong(Long::longValue).sum();
  }

  /** "30 agree, 0 disagree, 4 undetermined (3 too few d, 1 interval too wide), 2 no theory". */
  public String line() {
    StringBuilder b = new StringBuilder(String.format("%d agree, %d disagree, %d undetermined", agree, disagree,
        undeterminedTotal()));
    if (!undetermined.isEmpty()) {
      List<String> parts = new ArrayList<>();
      undetermined.forEach((why, n) -> parts.add(undetermined.size() == 1 ? why : n + " " + why));
      b.append(" (").append(String.join(", ", parts)).append(')');
    }
    return b.append(String.format(", %d no theory", noTheory)).toString();
  }
}
