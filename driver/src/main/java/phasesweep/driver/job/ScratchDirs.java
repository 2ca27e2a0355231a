package phasesweep.driver.job;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Spark's scratch space (shuffle and block files, {@code spark.local.dir}) of this process:
 * {@code TMP/phasesweep-PID}, removed when the JVM exits however it exits short of a kill -9;
 * what a killed process left, whose pid is no longer alive, is removed by the next command.
 */
final class ScratchDirs {
  private static final String PREFIX = "phasesweep-";
  private static Path mine;

  private ScratchDirs() {}

  static synchronized Path ofThisProcess() {
    if (mine != null) {
      return mine;
    }
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    removeOrphans(tmp);
    Path dir = tmp.resolve(PREFIX + ProcessHandle.current().pid());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      return tmp; // Spark then makes its own under the temporary folder, as without us
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "phasesweep-scratch"));
    mine = dir;
    return dir;
  }

  static void removeOrphans(Path tmp) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
      for (Path d : dirs) {
        String pid = d.getFileName().toString().substring(PREFIX.length());
        if (pid.matches("[0-9]{1,18}") && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
          delete(d);
        }
      }
    } catch (IOException | RuntimeException e) {
      // another user's, or gone meanwhile: not ours to insist on
    }
  }

  static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // best effort: a file Spark still holds goes with the next command
    }
  }
}
