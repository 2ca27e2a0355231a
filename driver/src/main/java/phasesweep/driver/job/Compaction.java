package phasesweep.driver.job;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetWriter;
import phasesweep.driver.Faults;
import phasesweep.driver.table.ResultsLayout;
import phasesweep.driver.table.RunsFiles;
import phasesweep.driver.table.RunsSchema;
import phasesweep.driver.table.Swap;

/**
 * Folds the part files into the {@code runs} table on the driver with parquet-hadoop (a Spark
 * job would cost seconds of start-up to merge a few files): the old table, then the parts, the
 * first row of each {@code (task_id, kernel)} kept, written as a new folder and swapped in by
 * renames. The parts are deleted only once the new table is in place, so a crash at any point
 * loses nothing: the next run finds the old table and the parts, or the new table (see
 * {@link ResultsFolder#recover}).
 */
final class Compaction {
  static final String NEW_PREFIX = "runs.compacting-";
  static final String OLD_PREFIX = "runs" + Swap.OLD_INFIX;
  /** Rows per Parquet file of the table (a row with a 60-point curve is about 1.5 KB). */
  static final long ROWS_PER_FILE = 500_000;

  private Compaction() {}

  /**
   * What a compaction did: the rows in the table, and how many files it found unreadable (set
   * aside, their rows to be computed again).
   */
  record Result(long rows, int setAside) {}

  static Result compact(ResultsLayout layout, Configuration conf, PrintStream console) throws IOException {
    FileSystem fs = layout.dir().getFileSystem(conf);
    List<Path> table = RunsFiles.list(layout.runs(), conf);
    List<Path> parts = RunsFiles.list(layout.parts(), conf);
    if (parts.isEmpty()) {
      return new Result(RunsFiles.count(table, conf), 0);
    }
    Path fresh = new Path(layout.dir(), NEW_PREFIX + UUID.randomUUID());
    Set<String> seen = new HashSet<>();
    List<RunsFiles.Unreadable> unreadable = new ArrayList<>();
    try (Output out = new Output(fresh, conf)) {
      for (Path p : table) {
        // a table file is streamed: rows read before a bad page are whole rows, and a task left
        // with fewer rows than kernels runs again (ResultsFolder.committedRows)
        copy(p, conf, g -> keep(g, seen, out), unreadable);
      }
      for (Path p : parts) {
        // a part is one task's rows: all of them or none
        List<Group> rows = new ArrayList<>();
        if (copy(p, conf, rows::add, unreadable)) {
          for (Group g : rows) {
            keep(g, seen, out);
          }
        }
      }
    }
    for (RunsFiles.Unreadable u : unreadable) {
      ResultsFolder.setAside(layout, conf, u, console); // what could be read of it is in the fresh table
    }
    Faults.point("compaction-written");
    Swap.replace(fs, fresh, layout.runs());
    Faults.point("compaction-swapped");
    for (Path p : parts) {
      if (fs.exists(p)) {
        fs.delete(p, false);
      }
    }
    fs.delete(layout.staging(), true);
    return new Result(seen.size(), unreadable.size());
  }

  /** @return whether the whole file was read; if not, it is added to {@code unreadable} */
  private static boolean copy(Path file, Configuration conf, RunsFiles.RowVisitor visitor,
      List<RunsFiles.Unreadable> unreadable) {
    try {
      RunsFiles.read(file, conf, null, visitor);
      return true;
    } catch (IOException | RuntimeException e) {
      unreadable.add(new RunsFiles.Unreadable(file, RunsFiles.reason(e)));
      return false;
    }
  }

  private static void keep(Group row, Set<String> seen, Output out) throws IOException {
    if (seen.add(row.getString("task_id", 0) + "/" + row.getString("kernel", 0))) {
      out.write(RunsSchema.upgrade(row));
    }
  }

  /** Writes rows to {@code part-NNNNN.parquet} files of at most {@link #ROWS_PER_FILE} rows. */
  private static final class Output implements AutoCloseable {
    private final Path dir;
    private final Configuration conf;
    private ParquetWriter<Group> writer;
    private long inFile;
    private int files;

    Output(Path dir, Configuration conf) throws IOException {
      this.dir = dir;
      this.conf = conf;
      dir.getFileSystem(conf).mkdirs(dir);
    }

    void write(Group row) throws IOException {
      if (writer == null || inFile == ROWS_PER_FILE) {
        close();
        writer = RunsSchema.writer(new Path(dir, String.format("part-%05d.parquet", files++)), conf);
        inFile = 0;
      }
      writer.write(row);
      inFile++;
    }

    @Override
    public void close() throws IOException {
      if (writer != null) {
        writer.close();
        writer = null;
      }
    }
  }
}
