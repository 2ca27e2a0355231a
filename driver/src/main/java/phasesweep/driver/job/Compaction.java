package phasesweep.driver.job;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import phasesweep.driver.table.ResultsLayout;

/**
 * Folds the part files into the {@code runs} table: the old table and the parts, one row per
 * {@code (task_id, kernel)}, written as a new table and swapped in by renames. The parts are
 * deleted only once the new table is in place, so a crash at any point loses nothing: the next
 * run finds either the old table and the parts, or the new one (see
 * {@link ResultsFolder#recover}).
 */
final class Compaction {
  static final String NEW_PREFIX = "runs.compacting-";
  static final String OLD_PREFIX = "runs.old-";
  /** Rows per Parquet file of the table (a row with a 60-point curve is about 1.5 KB). */
  static final long ROWS_PER_FILE = 500_000;

  private Compaction() {}

  /** @return the rows in the table */
  static long compact(SparkSession spark, ResultsLayout layout) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    FileSystem fs = layout.dir().getFileSystem(conf);
    List<Path> parts = new ArrayList<>();
    if (fs.exists(layout.parts())) {
      for (FileStatus s : fs.listStatus(layout.parts())) {
        if (s.getPath().getName().endsWith(".parquet")) {
          parts.add(s.getPath());
        }
      }
    }
    boolean hasTable = fs.exists(layout.runs());
    if (parts.isEmpty()) {
      return hasTable ? spark.read().parquet(layout.runs().toString()).count() : 0;
    }
    List<String> inputs = new ArrayList<>();
    for (Path p : parts) {
      inputs.add(p.toString());
    }
    Dataset<Row> rows = spark.read().parquet(inputs.toArray(new String[0]));
    if (hasTable) {
      rows = spark.read().parquet(layout.runs().toString()).unionByName(rows);
    }
    rows = rows.dropDuplicates("task_id", "kernel");
    long count = rows.count();
    int files = (int) Math.max(1, (count + ROWS_PER_FILE - 1) / ROWS_PER_FILE);
    Path fresh = new Path(layout.dir(), NEW_PREFIX + UUID.randomUUID());
    rows.repartition(files).sortWithinPartitions("task_id", "kernel")
        .write().mode(SaveMode.ErrorIfExists).parquet(fresh.toString());
    Path old = new Path(layout.dir(), OLD_PREFIX + UUID.randomUUID());
    if (hasTable && !fs.rename(layout.runs(), old)) {
      throw new IOException("could not move " + layout.runs() + " aside");
    }
    if (!fs.rename(fresh, layout.runs())) {
      throw new IOException("could not move " + fresh + " to " + layout.runs());
    }
    fs.delete(old, true);
    for (Path p : parts) {
      fs.delete(p, false);
    }
    fs.delete(layout.staging(), true);
    return count;
  }
}
