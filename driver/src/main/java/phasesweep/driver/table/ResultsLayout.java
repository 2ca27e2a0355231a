package phasesweep.driver.table;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import phasesweep.driver.failure.UserInputException;

/**
 * Where a sweep's results live, under any Hadoop-compatible URI:
 * <pre>
 * OUT/NAME/sweep.yaml         the sweep file as run
 * OUT/NAME/runs/              the compacted table (Parquet, one row per task and kernel)
 * OUT/NAME/parts/ID.parquet   rows of tasks finished since the last compaction
 * OUT/NAME/_staging/          parts and reports being written (never read)
 * OUT/NAME/fits/ phases/ ... (every AnalysisTable, by its name)
 *                             the analysis tables (Parquet), recomputed from runs by each report
 * OUT/NAME/figures/           the figures (PNG and SVG)
 * OUT/NAME/report.html        the figures and tables, readable offline
 * OUT/NAME/corrupt/           files found unreadable, set aside (their tasks run again)
 * OUT/NAME/.lock              who holds the folder (one writer at a time)
 * </pre>
 */
public record ResultsLayout(String root) implements Serializable {
  private static final long serialVersionUID = 1L;

  public static ResultsLayout of(String out, String sweepName) {
    return new ResultsLayout(trimmed(checked("--out", out)) + "/" + sweepName);
  }

  /** A sweep's results folder given as {@code OUT/NAME} (as {@code report} and {@code sql} take it). */
  public static ResultsLayout ofDir(String dir) {
    return new ResultsLayout(trimmed(checked("RESULTS_DIR", dir)));
  }

  /**
   * A folder a user named, refused unless it is a plain path or a URI of a filesystem Hadoop
   * has, with a host where the scheme needs one: {@code --out ""} or {@code file:} would
   * otherwise put results under the filesystem's root.
   */
  static String checked(String option, String path) {
    if (path == null || path.isBlank()) {
      throw new UserInputException(option + ": empty; give a folder (results, /data/results) or a URI "
          + "(file:///data/results, hdfs://HOST/results)");
    }
    if (path.chars().anyMatch(Character::isISOControl)) {
      throw new UserInputException(option + ": contains a control character");
    }
    if (localDespiteColon(path)) {
      // "r:2/x" or "p%c#d:e/x" (issue #33, item 20): a folder of this directory whose name holds a
      // colon, not a URI: Hadoop would read what precedes the colon as a scheme
      return java.nio.file.Path.of(path).toAbsolutePath().toString();
    }
    java.net.URI uri;
    try {
      uri = new Path(path).toUri();
    } catch (IllegalArgumentException e) {
      throw new UserInputException(option + ": '" + path + "' is not a path or URI ("
          + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) + ")");
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      return path;
    }
    if (uri.getPath() == null || uri.getPath().isEmpty()) {
      throw new UserInputException(option + ": '" + path + "' names no folder (write " + scheme + ":///FOLDER or "
          + scheme + "://HOST/FOLDER)");
    }
    Configuration conf = new Configuration();
    try {
      FileSystem.getFileSystemClass(scheme, conf);
    } catch (IOException e) {
      throw new UserInputException(option + ": '" + path + "': no filesystem for the scheme '" + scheme
          + "' (file, hdfs, and those whose connector is on the class path, e.g. s3a with hadoop-aws)");
    }
    java.net.URI defaultFs = FileSystem.getDefaultUri(conf);
    if (!scheme.equals("file") && uri.getAuthority() == null
        && !(scheme.equals(defaultFs.getScheme()) && defaultFs.getAuthority() != null)) {
      // hdfs:///x is the default filesystem's host, where fs.defaultFS is on hdfs (a cluster's core-site.xml)
      throw new UserInputException(option + ": '" + path + "' has no host, and the default filesystem ("
          + defaultFs + ") gives none: write " + scheme + "://HOST/...");
    }
    return path;
  }

  /**
   * Whether a path with a colon in its first segment names a local folder: what precedes the colon
   * is no URI scheme ({@code [A-Za-z][A-Za-z0-9+.-]*}), or it is one without {@code //} after it and
   * Hadoop has no filesystem for it.
   */
  private static boolean localDespiteColon(String path) {
    int colon = path.indexOf(':');
    int slash = path.indexOf('/');
    if (colon <= 0 || (slash >= 0 && slash < colon)) {
      return false;
    }
    String scheme = path.substring(0, colon);
    if (!scheme.matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      return true;
    }
    if (path.startsWith("//", colon + 1)) {
      return false;
    }
    try {
      FileSystem.getFileSystemClass(scheme, new Configuration());
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static String trimmed(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
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

  /** An analysis table ({@code fits}, {@code phases}, ...). */
  public Path table(String name) {
    return new Path(root, name);
  }

  public Path figures() {
    return new Path(root, "figures");
  }

  public Path report() {
    return new Path(root, "report.html");
  }

  /**
   * Whether the folder is on this machine's disk: {@code file:}, or a plain path where the default
   * filesystem is the local one (as {@link #checked} reads it; a cluster's core-site.xml may make
   * it HDFS), so that it can be checked in milliseconds before Spark starts (issue #31, item 6).
   */
  public boolean onLocalDisk() {
    String scheme = dir().toUri().getScheme();
    return "file".equals(scheme != null ? scheme : FileSystem.getDefaultUri(new Configuration()).getScheme());
  }

  /**
   * {@link #requireSweepFile} now for a folder on the local disk, before Spark starts; a folder
   * elsewhere is checked later, with Spark's settings.
   */
  public void requireSweepFileIfLocal() throws IOException {
    if (onLocalDisk()) {
      requireSweepFile(FileSystem.getLocal(new Configuration()));
    }
  }

  /** Refuses a folder that is not a sweep's results folder: it has no {@code sweep.yaml}. */
  public void requireSweepFile(FileSystem fs) throws IOException {
    if (!fs.exists(sweepFile())) {
      throw new UserInputException("RESULTS_DIR: " + dir() + " is not a phasesweep results folder (no sweep.yaml)");
    }
  }

  /** The sweep file as run. */
  public String sweepText(Configuration conf) throws IOException {
    FileSystem fs = sweepFile().getFileSystem(conf);
    requireSweepFile(fs);
    try (InputStream in = fs.open(sweepFile())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Where unreadable files are set aside, never deleted. */
  public Path corrupt() {
    return new Path(root, "corrupt");
  }

  public Path staging() {
    return new Path(root, "_staging");
  }
}
