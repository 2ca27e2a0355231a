package phasesweep.driver.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import phasesweep.driver.failure.Failure;
import phasesweep.driver.failure.UserInputException;
import phasesweep.kernels.model.Overlaps;

/**
 * Reads {@code {"Q": [[...]], "M": [[...]], "P": [[...]]}}; every error names the file and the
 * field. At most {@link #MAX_BYTES} bytes are read (the file may be a device), a key may appear
 * once, and an entry's magnitude is at most {@link #MAX_ENTRY}.
 */
final class InitialOverlapsFile {
  private static final Set<String> KEYS = Set.of("Q", "M", "P");
  /** Largest file read: 1 MiB holds the overlaps of a few hundred units, more than a task can take. */
  static final int MAX_BYTES = 1 << 20;
  /**
   * Largest overlap accepted: a start beyond the divergence bound's range of a thousand times
   * that is no start (the default bound is 100; docs/physics.md §4).
   */
  static final double MAX_ENTRY = 1e6;

  private InitialOverlapsFile() {}

  static Overlaps read(Path file) {
    String where = "--init-overlaps " + file;
    JsonNode root;
    try {
      byte[] bytes;
      try (java.io.InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
      if (bytes.length > MAX_BYTES) {
        throw new UserInputException(where + ": larger than " + MAX_BYTES / 1024 + " KiB: not an overlaps file");
      }
      ObjectMapper json = new ObjectMapper();
      json.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      root = json.readTree(bytes);
    } catch (JsonProcessingException e) {
      // a limit of the parser (nesting, a number's length) may come without a location
      String line = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      throw new UserInputException(where + ": not valid JSON: " + Failure.firstLine(e.getOriginalMessage())
          + line);
    } catch (IOException e) {
      throw new UserInputException(where + ": cannot read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new UserInputException(where + ": expected an object {\"Q\": ..., \"M\": ..., \"P\": ...}");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new UserInputException(where + ": unknown key '" + key + "' (expected Q, M and P)");
      }
    }
    double[][] q = matrix(root, "Q", where);
    double[][] m = matrix(root, "M", where);
    double[][] p = matrix(root, "P", where);
    try {
      return new Overlaps(q, m, p);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(where + ": " + e.getMessage());
    }
  }

  private static double[][] matrix(JsonNode root, String key, String where) {
    JsonNode node = root.get(key);
    if (node == null) {
      throw new UserInputException(where + ": missing " + key);
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new UserInputException(where + ": " + key + " must be a non-empty array of rows");
    }
    double[][] a = new double[node.size()][];
    for (int i = 0; i < a.length; i++) {
      JsonNode row = node.get(i);
      if (!row.isArray() || row.isEmpty()) {
        throw new UserInputException(where + ": " + key + "[" + i + "] must be a non-empty array of numbers");
      }
      a[i] = new double[row.size()];
      for (int j = 0; j < a[i].length; j++) {
        JsonNode v = row.get(j);
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
          throw new UserInputException(where + ": " + key + "[" + i + "][" + j + "] must be a finite number, got "
              + Failure.firstLine(String.valueOf(v)));
        }
        if (Math.abs(v.asDouble()) > MAX_ENTRY) {
          throw new UserInputException(where + ": " + key + "[" + i + "][" + j + "] = " + v.asDouble()
              + " is outside [-" + MAX_ENTRY + ", " + MAX_ENTRY + "]");
        }
        a[i][j] = v.asDouble();
      }
    }
    return a;
  }
}
