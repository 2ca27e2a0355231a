package phasesweep.driver.table;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import phasesweep.driver.Faults;

/**
 * The one way outputs are made visible: written whole under a private name, then renamed in.
 * {@link #replace} puts a fresh file or folder in place of another (the old one is moved aside as
 * {@code NAME.old-UUID}, the new one renamed in, then the old one deleted; a crash between the
 * renames leaves the old one aside: readers find it by {@link #current}, and the next writer puts
 * it back by {@link #recover}); {@link #publish} renames a fresh file in only where none is
 * yet (the first of two writers wins). A reader never sees a half-written file.
 */
public final class Swap {
  public static final String OLD_INFIX = ".old-";

  private Swap() {}

  public static void replace(FileSystem fs, Path fresh, Path target) throws IOException {
    Path old = new Path(target.getParent(), target.getName() + OLD_INFIX + UUID.randomUUID());
    boolean hasOld = fs.exists(target);
    if (hasOld && !fs.rename(target, old)) {
      throw new IOException("could not move " + target + " aside");
    }
    Faults.point("swap-between-renames");
    if (!fs.rename(fresh, target)) {
      throw new IOException("could not move " + fresh + " to " + target);
    }
    if (hasOld) {
      fs.delete(old, true);
    }
  }

  /**
   * Where {@code target}'s whole content is now, for a reader: {@code target}, or, while a
   * {@link #replace} is between its renames (or was stopped there), the old one moved aside; null
   * if neither exists.
   */
  public static Path current(FileSystem fs, Path target) throws IOException {
    if (fs.exists(target)) {
      return target;
    }
    Path aside = null;
    if (fs.exists(target.getParent())) {
      for (FileStatus s : fs.listStatus(target.getParent())) {
        if (s.getPath().getName().startsWith(target.getName() + OLD_INFIX)
            && (aside == null || s.getModificationTime() > fs.getFileStatus(aside).getModificationTime())) {
          aside = s.getPath();
        }
      }
    }
    return aside;
  }

  /**
   * Finishes the replaces a crash interrupted in {@code dir}: an old entry moved aside goes back
   * where its new one never arrived, and is deleted where the new one did.
   */
  public static void recover(FileSystem fs, Path dir) throws IOException {
    if (!fs.exists(dir)) {
      return;
    }
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      int at = name.indexOf(OLD_INFIX);
      if (at > 0) {
        Path target = new Path(dir, name.substring(0, at));
        if (fs.exists(target)) {
          fs.delete(s.getPath(), true);
        } else if (!fs.rename(s.getPath(), target)) {
          throw new IOException("could not move " + s.getPath() + " back to " + target);
        }
      }
    }
  }

  /**
   * Writes a small file the user reads (the sweep file, a figure, the page) whole, without the
   * checksum file ({@code .NAME.crc}) a local Hadoop filesystem puts beside it: those belong to
   * the Parquet tables, not to a results folder a person browses.
   */
  public static void writeFile(FileSystem fs, Path file, byte[] bytes) throws IOException {
    FileSystem plain = fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRawFileSystem() : fs;
    try (java.io.OutputStream out = plain.create(file, false)) {
      out.write(bytes);
    }
  }

  /**
   * Renames {@code fresh} to {@code target} unless {@code target} exists; {@code fresh} is deleted
   * if it was not used.
   *
   * @return whether {@code fresh} became {@code target}
   */
  public static boolean publish(FileSystem fs, Path fresh, Path target) throws IOException {
    if (fs.exists(target)) {
      fs.delete(fresh, false);
      return false;
    }
    fs.mkdirs(target.getParent());
    if (!fs.rename(fresh, target)) {
      fs.delete(fresh, false);
      if (fs.exists(target)) {
        return false;
      }
      throw new IOException("could not move " + fresh + " to " + target);
    }
    return true;
  }
}
