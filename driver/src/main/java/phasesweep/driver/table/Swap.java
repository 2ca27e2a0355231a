package phasesweep.driver.table;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The one way outputs are made visible: written whole under a private name, then renamed in.
 * {@link #replace} puts a fresh file or folder in place of another (the old one is moved aside as
 * {@code NAME.old-UUID}, the new one renamed in, then the old one deleted; a crash between the
 * renames leaves the old one aside, and the runs table's is recovered by the next run,
 * {@code ResultsFolder.recover}); {@link #publish} renames a fresh file in only where none is
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
    if (!fs.rename(fresh, target)) {
      throw new IOException("could not move " + fresh + " to " + target);
    }
    if (hasOld) {
      fs.delete(old, true);
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
