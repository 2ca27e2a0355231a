package phasesweep.driver.job;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import phasesweep.driver.failure.UserInputException;
import phasesweep.driver.sweep.Sweep;
import phasesweep.driver.table.ResultsLayout;
import phasesweep.driver.table.RunsFiles;
import phasesweep.driver.table.Swap;

/**
 * Claims a sweep's results folder before anything runs: a new folder gets the sweep file; a
 * folder of the same sweep is resumed; anything else is refused and left as it is. Lists what is
 * committed there, setting aside any file that cannot be read.
 */
final class ResultsFolder {
  /** The sweep file while a claim writes it, renamed to {@code sweep.yaml} once whole. */
  static final String CLAIM_TMP = ".sweep.yaml.tmp";
  /** What a folder being claimed may hold before its sweep file: the lock, the claim, their checksums. */
  private static final Set<String> CLAIM_FILES = Set.of(ResultsLock.NAME, CLAIM_TMP,
      "." + ResultsLock.NAME + ".crc", "." + CLAIM_TMP + ".crc");

  private ResultsFolder() {}

  /**
   * Refuses a folder this sweep cannot use, writing nothing.
   *
   * @return whether the folder already holds this sweep (a resume)
   */
  static boolean check(ResultsLayout layout, Sweep sweep, Configuration conf) throws IOException {
    Path dir = layout.dir();
    FileSystem fs = dir.getFileSystem(conf);
    if (fs instanceof org.apache.hadoop.fs.LocalFileSystem) {
      refuseLinkLoops(dir);
    }
    for (Path p = dir.getParent(); p != null; p = p.getParent()) {
      if (fs.exists(p)) {
        if (!fs.getFileStatus(p).isDirectory()) {
          throw new UserInputException("--out: " + p + " is a file, not a folder; nothing was written");
        }
        break;
      }
    }
    if (!fs.exists(dir)) {
      return false;
    }
    if (!fs.getFileStatus(dir).isDirectory()) {
      throw new UserInputException("--out: " + dir + " is a file, not a folder; nothing was written");
    }
    // One listing decides: a run claiming the folder (it holds the lock) renames its sweep file in
    // while this looks, and asking "is sweep.yaml there?" then "what else is?" could see neither
    // state whole and call the folder foreign.
    FileStatus[] entries = fs.listStatus(dir);
    String sweepName = layout.sweepFile().getName();
    for (FileStatus s : entries) {
      if (s.getPath().getName().equals(sweepName)) {
        String existing = layout.sweepText(conf);
        // the same document, comments and layout aside: an edited comment leaves the results valid
        if (!sweep.sameDocument(existing)) {
          throw new UserInputException("--out: " + dir + " holds the results of a different sweep file named '"
              + sweep.name() + "' (its sweep.yaml says other things than " + sweep.file() + ", comments and layout aside); nothing was written. "
              + "Choose another --out, or rename the sweep");
        }
        return true;
      }
    }
    for (FileStatus s : entries) {
      // a run claiming it holds the lock and writes its sweep file under a temporary name first:
      // that folder is being claimed (the lock then says by whom), or a crash stopped its claim
      if (!CLAIM_FILES.contains(s.getPath().getName())) {
        throw new UserInputException("--out: " + dir + " exists and is not a phasesweep results folder "
            + "(no sweep.yaml); nothing was written");
      }
    }
    return false;
  }

  /**
   * Refuses a local folder reached through a loop of symbolic links (issue #33, item 20): bad input,
   * found before anything is written, not a failure of the run that tries to write there.
   */
  private static void refuseLinkLoops(Path dir) {
    java.nio.file.Path local;
    try {
      local = java.nio.file.Path.of(dir.toUri().getPath());
    } catch (RuntimeException e) {
      return;
    }
    for (java.nio.file.Path q = local; q != null; q = q.getParent()) {
      if (java.nio.file.Files.isSymbolicLink(q) || java.nio.file.Files.exists(q, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        try {
          q.toRealPath();
        } catch (java.nio.file.FileSystemException e) {
          if (String.valueOf(e.getReason()).contains("symbolic links")) {
            throw new UserInputException("--out: " + q + " is a loop of symbolic links; nothing was written");
          }
        } catch (IOException e) {
          return; // any other trouble is the run's to report as it writes
        }
        return;
      }
    }
  }

  /**
   * Claims the folder (its lock held): writes the sweep file into a new one, or finishes what a
   * crash interrupted in an old one.
   *
   * @return whether the folder already held this sweep (a resume)
   */
  static boolean claim(ResultsLayout layout, Sweep sweep, Configuration conf) throws IOException {
    FileSystem fs = layout.dir().getFileSystem(conf);
    if (check(layout, sweep, conf)) {
      recover(layout, fs);
      return true;
    }
    fs.mkdirs(layout.dir());
    Path tmp = new Path(layout.dir(), CLAIM_TMP);
    if (fs.exists(tmp)) {
      fs.delete(tmp, false); // a claim a crash interrupted
    }
    Swap.writeFile(fs, tmp, sweep.text().getBytes(StandardCharsets.UTF_8));
    if (!fs.rename(tmp, layout.sweepFile())) {
      throw new IOException("could not write " + layout.sweepFile());
    }
    return false;
  }

  /** Finishes a compaction a crash interrupted (see {@link Compaction}). */
  static void recover(ResultsLayout layout, FileSystem fs) throws IOException {
    Swap.recover(fs, layout.dir());
    for (FileStatus s : fs.listStatus(layout.dir())) {
      if (s.getPath().getName().startsWith(Compaction.NEW_PREFIX)) {
        fs.delete(s.getPath(), true);
      }
    }
  }

  /**
   * The committed rows of each task: in the table (its task_id column only) and as part files.
   * A file that cannot be read is set aside (see {@link #setAside}) and said on {@code console}:
   * its tasks are then not committed, and run again.
   */
  static Map<String, Integer> committedRows(ResultsLayout layout, Configuration conf, PrintStream console)
      throws IOException {
    Map<String, Integer> rows = new HashMap<>();
    RunsFiles.Listing parts = RunsFiles.verified(layout.parts(), conf);
    RunsFiles.Listing table = RunsFiles.verified(layout.runs(), conf);
    for (RunsFiles.Unreadable u : parts.unreadable()) {
      setAside(layout, conf, u, console);
    }
    for (RunsFiles.Unreadable u : table.unreadable()) {
      setAside(layout, conf, u, console);
    }
    for (Path p : table.files()) {
      Map<String, Integer> inFile = new HashMap<>();
      try {
        RunsFiles.read(p, conf, "message runs { required binary task_id (STRING); }",
            g -> inFile.merge(g.getString("task_id", 0), 1, Integer::sum));
      } catch (IOException | RuntimeException e) {
        setAside(layout, conf, new RunsFiles.Unreadable(p, RunsFiles.reason(e)), console);
        continue;
      }
      inFile.forEach((id, n) -> rows.merge(id, n, Integer::sum));
    }
    for (Map.Entry<Path, Long> part : parts.rows().entrySet()) {
      String name = part.getKey().getName();
      String id = name.substring(0, name.length() - ".parquet".length());
      // a part holds all of its task's rows (counted from the footer the listing read): the table's
      // (compacted from an earlier copy) are the same rows
      rows.put(id, Math.max(rows.getOrDefault(id, 0), part.getValue().intValue()));
    }
    return rows;
  }

  /**
   * Moves an unreadable file to {@code corrupt/} under a name that says where it was (never
   * deleted: it may be worth a look), and says so.
   */
  static void setAside(ResultsLayout layout, Configuration conf, RunsFiles.Unreadable u, PrintStream console)
      throws IOException {
    FileSystem fs = layout.dir().getFileSystem(conf);
    fs.mkdirs(layout.corrupt());
    String base = u.file().getParent().getName() + "-" + u.file().getName();
    Path target = new Path(layout.corrupt(), base);
    for (int i = 2; fs.exists(target); i++) {
      target = new Path(layout.corrupt(), base + "." + i);
    }
    if (!fs.rename(u.file(), target)) {
      throw new IOException("could not move the unreadable " + u.file() + " to " + target);
    }
    console.printf("phasesweep: %s/%s is %s: moved to %s; its rows are computed again%n",
        u.file().getParent().getName(), u.file().getName(), u.reason(), target);
  }
}
