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
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
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

  /** Visits every row of {@code file}, all columns, or only those of {@code projection} if given. */
  public static void read(Path file, Configuration conf, String projection, RowVisitor visitor) throws IOException {
    Configuration c = conf;
    if (projection != null) {
      c = new Configuration(conf);
      c.set(ReadSupport.PARQUET_READ_SCHEMA, projection);
    }
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(c).build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        visitor.visit(g);
      }
    }
  }

  /** Rows in the files, from their footers. */
  public static long count(List<Path> files, Configuration conf) throws IOException {
    long n = 0;
    for (Path p : files) {
      try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(p, conf))) {
        n += r.getRecordCount();
      }
    }
    return n;
  }
}
