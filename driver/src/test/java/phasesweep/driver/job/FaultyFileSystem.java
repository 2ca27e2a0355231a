package phasesweep.driver.job;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local disk as a Hadoop filesystem that fails on demand ({@code faulty://any/PATH} is the
 * local {@code /PATH}): a disk that fills up after a budget of bytes ("No space left on device",
 * as the kernel says it), or a read-only one (every create, mkdirs, rename and delete is denied).
 * A test sets the state; Spark's executors in {@code local[2]} share it. Found by Hadoop through
 * META-INF/services, as hdfs and s3a are.
 */
public class FaultyFileSystem extends RawLocalFileSystem {
  static final AtomicLong bytesLeft = new AtomicLong(Long.MAX_VALUE);
  static volatile boolean readOnly;

  private URI uri = URI.create("faulty://local/"); // RawLocalFileSystem's constructor asks for it

  static void reset() {
    bytesLeft.set(Long.MAX_VALUE);
    readOnly = false;
  }

  @Override
  public String getScheme() {
    return "faulty";
  }

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    uri = URI.create("faulty://" + (name.getAuthority() == null ? "local" : name.getAuthority()) + "/");
  }

  @Override
  public URI getUri() {
    return uri == null ? URI.create("faulty://local/") : uri;
  }

  private static void writable(Path p) throws IOException {
    if (readOnly) {
      throw new AccessDeniedException(p.toUri().getPath(), null, "Read-only file system");
    }
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize, short replication,
      long blockSize, Progressable progress) throws IOException {
    writable(f);
    return limited(super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    writable(f);
    return limited(super.create(f, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    writable(f);
    return limited(super.createNonRecursive(f, permission, overwrite, bufferSize, replication, blockSize, progress));
  }

  private FSDataOutputStream limited(FSDataOutputStream out) {
    OutputStream counting = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        take(1);
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        take(len);
        out.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
    return new FSDataOutputStream(counting, null);
  }

  private static void take(long n) throws IOException {
    if (bytesLeft.addAndGet(-n) < 0) {
      bytesLeft.set(-1);
      throw new IOException("No space left on device");
    }
  }

  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    if (!exists(f)) {
      writable(f);
    }
    return super.mkdirs(f, permission);
  }

  @Override
  public boolean mkdirs(Path f) throws IOException {
    if (!exists(f)) {
      writable(f);
    }
    return super.mkdirs(f);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    writable(src);
    return super.rename(src, dst);
  }

  @Override
  public boolean delete(Path p, boolean recursive) throws IOException {
    writable(p);
    return super.delete(p, recursive);
  }

  @Override
  public void setTimes(Path p, long mtime, long atime) throws IOException {
    writable(p);
    super.setTimes(p, mtime, atime);
  }
}
