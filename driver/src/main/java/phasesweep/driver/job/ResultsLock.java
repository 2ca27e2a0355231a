package phasesweep.driver.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import phasesweep.driver.failure.BusyException;
import phasesweep.driver.failure.Failure;
import phasesweep.driver.failure.UserInputException;
import phasesweep.driver.table.ResultsLayout;

/**
 * One writer per results folder ({@code run}, {@code report}): {@code OUT/NAME/.lock} records
 * who holds it. On a local disk it is an operating-system lock, which dies with its process, so
 * a killed run never leaves it stale. On a shared filesystem (HDFS, ...) it is a lease: the file
 * is created exclusively and touched every sixth of the lease ({@link #LEASE_SECONDS}, a Hadoop
 * setting, 60 s unless set); one untouched for a whole lease belongs to a holder that died (or
 * stopped) and is taken over. A holder that finds at a renewal that its lease was taken over (it
 * was paused longer than the lease) halts at once with exit code 5, as a killed run would: two
 * writers never share a folder. The thread that holds a folder's lock may take it again (a run's
 * report inside its run); another thread of the same JVM is refused like another process.
 */
public final class ResultsLock implements AutoCloseable {
  static final String NAME = ".lock";
  /**
   * The Hadoop setting of a lease's length in seconds (as {@code --conf
   * spark.hadoop.phasesweep.lease.seconds=N}, or in core-site.xml): longer than any pause of the
   * holder (a garbage collection, a busy name node), short enough to wait for after a crash.
   */
  public static final String LEASE_SECONDS = "phasesweep.lease.seconds";
  static final long DEFAULT_LEASE_SECONDS = 60;
  private static final long MAX_LEASE_SECONDS = 7 * 24 * 3600;

  private static final Map<String, ResultsLock> HELD = new HashMap<>();

  private final String key;
  private final Release release;
  private final Thread owner = Thread.currentThread();
  private final String holder;
  private int holds = 1;

  private interface Release {
    void release() throws IOException;
  }

  private ResultsLock(String key, Release release, String holder) {
    this.key = key;
    this.release = release;
    this.holder = holder;
  }

  /**
   * Takes the lock of a results folder, creating the folder if it does not exist.
   *
   * @param command what the holder does ({@code run}, {@code report}), shown to whoever is refused
   * @throws BusyException if another process holds it
   */
  public static ResultsLock acquire(ResultsLayout layout, Configuration conf, String command) throws IOException {
    FileSystem fs = layout.dir().getFileSystem(conf);
    Path dir = fs.makeQualified(layout.dir());
    String key = dir.toString();
    synchronized (HELD) {
      ResultsLock held = HELD.get(key);
      if (held != null) {
        if (held.owner != Thread.currentThread()) {
          throw busy(dir, held.holder + ", another thread of this process");
        }
        held.holds++;
        return held;
      }
      fs.mkdirs(dir);
      String holder = command + " (pid " + ManagementFactory.getRuntimeMXBean().getPid() + " on " + host() + ", since "
          + Instant.now().toString().substring(0, 19).replace('T', ' ') + " UTC)";
      Release release = "file".equals(dir.toUri().getScheme())
          ? local(new java.io.File(new Path(dir, NAME).toUri()).toPath(), dir, holder)
          : lease(fs, new Path(dir, NAME), dir, holder, leaseMillis(conf));
      ResultsLock lock = new ResultsLock(key, release, holder);
      HELD.put(key, lock);
      return lock;
    }
  }

  /** Whether a phasesweep command ever locked this folder (a run may hold it before its sweep.yaml is written). */
  public static boolean everTaken(ResultsLayout layout, FileSystem fs) throws IOException {
    return fs.exists(new Path(layout.dir(), NAME));
  }

  private static Release local(java.nio.file.Path file, Path dir, String holder) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      String other = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
      channel.close();
      throw busy(dir, other);
    }
    channel.truncate(0);
    channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    return () -> {
      lock.release();
      channel.close();
    };
  }

  private static long leaseMillis(Configuration conf) {
    String given = conf.get(LEASE_SECONDS);
    if (given == null) {
      return DEFAULT_LEASE_SECONDS * 1000;
    }
    long seconds;
    try {
      seconds = Long.parseLong(given.strip());
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < 1 || seconds > MAX_LEASE_SECONDS) {
      throw new UserInputException(LEASE_SECONDS + ": '" + given + "' is not a whole number of seconds from 1 to "
          + MAX_LEASE_SECONDS);
    }
    return seconds * 1000;
  }

  private static Release lease(FileSystem fs, Path file, Path dir, String holder, long leaseMillis) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try (OutputStream out = fs.create(file, false)) {
        out.write((holder + "\n").getBytes(StandardCharsets.UTF_8));
        break;
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
        FileStatus s = fs.getFileStatus(file);
        if (attempt > 0 || System.currentTimeMillis() - s.getModificationTime() < leaseMillis) {
          throw busy(dir, holderOf(fs, file));
        }
        fs.delete(file, false); // a lease nobody renewed: its holder died
      }
    }
    Thread renew = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(Math.max(1, leaseMillis / 6));
          String now = holderOf(fs, file);
          if (!now.equals(holder)) {
            System.err.println("phasesweep: " + dir + ": this run's lease was taken over by "
                + (now.isEmpty() ? "another command" : now) + " while it was paused; stopping at once");
            Runtime.getRuntime().halt(Failure.EXIT_BUSY);
          }
          fs.setTimes(file, System.currentTimeMillis(), -1);
        }
      } catch (InterruptedException | IOException e) {
        // released, or the filesystem went away: the lease then lapses
      }
    }, "phasesweep-lease");
    renew.setDaemon(true);
    renew.start();
    return () -> {
      renew.interrupt();
      if (holderOf(fs, file).equals(holder)) { // never another holder's lease
        fs.delete(file, false);
      }
    };
  }

  private static String holderOf(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (java.io.FileNotFoundException e) {
      return "";
    }
  }

  private static BusyException busy(Path dir, String holder) {
    return new BusyException(dir + " is in use by " + (holder.isEmpty() ? "another phasesweep command" : holder)
        + "; wait for it to end (or stop it), then run this again");
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this host";
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (HELD) {
      if (--holds > 0) {
        return;
      }
      HELD.remove(key);
    }
    release.release();
  }
}
