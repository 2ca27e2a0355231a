package phasesweep.driver.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** Reads the {@code runs} Parquet files with parquet-hadoop: no Spark job, on the driver. */
public final class RunsFiles {
  private RunsFiles() {}

  /** A visitor of rows. */
  public interface RowVisitor {
    void visit(Group row) throws IOException;
  }

  /** The Parquet files of a folder (none if it does not exist); hidden and marker files are skipped. */
  public static List<Path> list(Path dir, Configuration conf) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    List<Path> files = new ArrayList<>();
    if (fs.exists(dir)) {
      for (FileStatus s : fs.listStatus(dir)) {
        String name = s.getPath().getName();
        if (s.isFile() && name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
          files.add(s.getPath());
        }
      }
    }
    files.sort(null);
    return files;
  }

  /** A file that is not a readable part of the runs table, and why. */
  public record Unreadable(Path file, String reason) {}

  /**
   * The Parquet files of a folder, split into those whose footer reads (in name order, with the
   * rows the footer gives) and those that do not.
   */
  public record Listing(java.util.Map<Path, Long> rows, List<Unreadable> unreadable) {
    public static final Listing EMPTY = new Listing(java.util.Map.of(), List.of());

    public List<Path> files() {
      return List.copyOf(rows.keySet());
    }
  }

  /**
   * The Parquet files of a folder, each verified cheaply: its footer is read (a truncated file or
   * garbage has none), it holds at least one row and the columns {@code task_id} and
   * {@code kernel}.
   */
  public static Listing verified(Path dir, Configuration conf) throws IOException {
    java.util.LinkedHashMap<Path, Long> good = new java.util.LinkedHashMap<>();
    List<Unreadable> bad = new ArrayList<>();
    for (Path p : list(dir, conf)) {
      String reason = null;
      long rows = 0;
      try (ParquetFileReader r = open(p, conf)) {
        rows = r.getRecordCount();
        MessageType schema = r.getFooter().getFileMetaData().getSchema();
        if (r.getRecordCount() < 1) {
          reason = "it holds no rows";
        } else if (!schema.containsField("task_id") || !schema.containsField("kernel")) {
          reason = "it is not a part of a runs table (no task_id or kernel column)";
        }
      } catch (IOException | RuntimeException e) {
        reason = reason(e);
      }
      if (reason == null) {
        good.put(p, rows);
      } else {
        bad.add(new Unreadable(p, reason));
      }
    }
    return new Listing(good, bad);
  }

  /** Why a Parquet file could not be read, in one line. */
  public static String reason(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c && (c.getMessage() == null || c.getMessage().isBlank())) {
      c = c.getCause();
    }
    String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().strip().lines().findFirst().orElse("");
    return "not a readable Parquet file (" + (m.length() > 200 ? m.substring(0, 200) + "..." : m) + ")";
  }

  /**
   * Visits every row of {@code file}, all columns, or only those of {@code projection} if given.
   * Reads through {@link #open}.
   */
  public static void read(Path file, Configuration conf, String projection, RowVisitor visitor) throws IOException {
    try (ParquetFileReader reader = open(file, conf)) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      if (projection != null) {
        schema = MessageTypeParser.parseMessageType(projection);
        reader.setRequestedSchema(schema);
      }
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
      for (PageReadStore pages = reader.readNextRowGroup(); pages != null; pages = reader.readNextRowGroup()) {
        RecordReader<Group> rows = io.getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          visitor.visit(rows.read());
        }
      }
    }
  }

  /**
   * A reader on {@code conf} as it is. ParquetReader's builder, and ParquetFileReader's default
   * options, start from a fresh Hadoop configuration, whose default resources are parsed again
   * for every file: 12 ms a file, two minutes to compact 10^4 parts (measured).
   */
  static ParquetFileReader open(Path file, Configuration conf) throws IOException {
    // page checksums (written by default) are verified, so a flipped byte in a page is an error, not a value
    return ParquetFileReader.open(HadoopInputFile.fromPath(file, conf),
        HadoopReadOptions.builder(conf, file).usePageChecksumVerification(true).build());
  }

  /** Rows in the files, from their footers. */
  public static long count(List<Path> files, Configuration conf) throws IOException {
    long n = 0;
    for (Path p : files) {
      try (ParquetFileReader r = open(p, conf)) {
        n += r.getRecordCount();
      }
    }
    return n;
  }
}
