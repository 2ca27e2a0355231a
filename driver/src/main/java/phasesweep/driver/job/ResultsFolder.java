package phasesweep.driver.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import phasesweep.driver.UserInputException;
import phasesweep.driver.sweep.Sweep;
import phasesweep.driver.table.ResultsLayout;
import phasesweep.driver.table.RunsFiles;

/**
 * Claims a sweep's results folder before anything runs: a new folder gets the sweep file; a
 * folder of the same sweep is resumed; anything else is refused and left as it is.
 */
final class ResultsFolder {
  private ResultsFolder() {}

  /** @return whether the folder already held this sweep (a resume) */
  static boolean claim(ResultsLayout layout, Sweep sweep, Configuration conf) throws IOException {
    Path dir = layout.dir();
    FileSystem fs = dir.getFileSystem(conf);
    for (Path p = dir.getParent(); p != null; p = p.getParent()) {
      if (fs.exists(p)) {
        if (!fs.getFileStatus(p).isDirectory()) {
          throw new UserInputException("--out: " + p + " is a file, not a folder; nothing was written");
        }
        break;
      }
    }
    if (fs.exists(dir)) {
      if (!fs.getFileStatus(dir).isDirectory()) {
        throw new UserInputException("--out: " + dir + " is a file, not a folder; nothing was written");
      }
      if (fs.exists(layout.sweepFile())) {
        String existing = layout.sweepText(conf);
        if (!existing.equals(sweep.text())) {
          throw new UserInputException("--out: " + dir + " holds the results of a different sweep file named '"
              + sweep.name() + "' (its sweep.yaml differs from " + sweep.file() + "); nothing was written. "
              + "Choose another --out, or rename the sweep");
        }
        recover(layout, fs);
        return true;
      }
      if (fs.listStatus(dir).length > 0) {
        throw new UserInputException("--out: " + dir + " exists and is not a phasesweep results folder "
            + "(no sweep.yaml); nothing was written");
      }
    }
    fs.mkdirs(dir);
    Path tmp = new Path(dir, ".sweep.yaml.tmp");
    try (FSDataOutputStream out = fs.create(tmp, true)) {
      out.write(sweep.text().getBytes(StandardCharsets.UTF_8));
    }
    if (!fs.rename(tmp, layout.sweepFile())) {
      throw new IOException("could not write " + layout.sweepFile());
    }
    return false;
  }

  /** Finishes a compaction a crash interrupted (see {@link Compaction}). */
  static void recover(ResultsLayout layout, FileSystem fs) throws IOException {
    for (FileStatus s : fs.listStatus(layout.dir())) {
      String name = s.getPath().getName();
      if (name.startsWith(Compaction.OLD_PREFIX) && !fs.exists(layout.runs())) {
        fs.rename(s.getPath(), layout.runs());
      } else if (name.startsWith(Compaction.OLD_PREFIX) || name.startsWith(Compaction.NEW_PREFIX)) {
        fs.delete(s.getPath(), true);
      }
    }
  }

  /** Task ids with committed rows: in the table (its task_id column only) or as part files. */
  static Set<String> committedTasks(ResultsLayout layout, Configuration conf) throws IOException {
    Set<String> ids = new HashSet<>();
    for (Path p : RunsFiles.list(layout.parts(), conf)) {
      String name = p.getName();
      ids.add(name.substring(0, name.length() - ".parquet".length()));
    }
    for (Path p : RunsFiles.list(layout.runs(), conf)) {
      RunsFiles.read(p, conf, "message runs { required binary task_id (STRING); }",
          g -> ids.add(g.getString("task_id", 0)));
    }
    return ids;
  }
}
