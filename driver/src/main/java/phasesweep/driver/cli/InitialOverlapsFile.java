package phasesweep.driver.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import phasesweep.driver.failure.UserInputException;
import phasesweep.kernels.model.Overlaps;

/** Reads {@code {"Q": [[...]], "M": [[...]], "P": [[...]]}}; every error names the file and the field. */
final class InitialOverlapsFile {
  private static final Set<String> KEYS = Set.of("Q", "M", "P");

  private InitialOverlapsFile() {}

  static Overlaps read(Path file) {
    String where = "--init-overlaps " + file;
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new UserInputException(where + ": not valid JSON: " + e.getOriginalMessage()
          + " (line " + e.getLocation().getLineNr() + ")");
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
          throw new UserInputException(where + ": " + key + "[" + i + "][" + j + "] must be a finite number, got " + v);
        }
        a[i][j] = v.asDouble();
      }
    }
    return a;
  }
}
