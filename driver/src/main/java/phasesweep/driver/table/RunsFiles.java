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
    return ParquetFileReader.open(HadoopInputFile.fromPath(file, conf), HadoopReadOptions.builder(conf, file).build());
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
