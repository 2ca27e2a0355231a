package phasesweep.driver.table;

import java.io.Serializable;
import org.apache.hadoop.fs.Path;

/**
 * Where a sweep's results live, under any Hadoop-compatible URI:
 * <pre>
 * OUT/NAME/sweep.yaml         the sweep file as run
 * OUT/NAME/runs/              the compacted table (Parquet, one row per task and kernel)
 * OUT/NAME/parts/ID.parquet   rows of tasks finished since the last compaction
 * OUT/NAME/_staging/          parts being written (never read)
 * </pre>
 */
public record ResultsLayout(String root) implements Serializable {
  private static final long serialVersionUID = 1L;

  public static ResultsLayout of(String out, String sweepName) {
    String base = out.endsWith("/") ? out.substring(0, out.length() - 1) : out;
    return new ResultsLayout(base + "/" + sweepName);
  }

  public Path dir() {
    return new Path(root);
  }

  public Path sweepFile() {
    return new Path(root, "sweep.yaml");
  }

  public Path runs() {
    return new Path(root, "runs");
  }

  public Path parts() {
    return new Path(root, "parts");
  }

  public Path part(String taskId) {
    return new Path(parts(), taskId + ".parquet");
  }

  public Path staging() {
    return new Path(root, "_staging");
  }
}
