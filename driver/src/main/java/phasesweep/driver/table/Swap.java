package phasesweep.driver.table;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Puts a freshly written file or folder in place of another by renames: the old one is moved
 * aside as {@code NAME.old-UUID}, the new one renamed in, then the old one deleted. A reader
 * never sees a half-written table; a crash between the renames leaves the old one aside, and
 * the runs table's is recovered by the next run ({@code ResultsFolder.recover}).
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
}
