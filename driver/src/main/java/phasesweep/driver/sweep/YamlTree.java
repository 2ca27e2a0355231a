package phasesweep.driver.sweep;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers the line of every key and value, so that a
 * validation error can say where it is (Jackson's own tree does not keep locations).
 * Duplicate keys, which YAML parsers silently resolve, are errors here.
 */
final class YamlTree {
  private YamlTree() {}

  /** A node and the line (1-based) where it starts. */
  sealed interface Node permits MapNode, ListNode, Scalar {
    int line();
  }

  record Entry(String key, int line, Node value) {}

  record MapNode(int line, Map<String, Entry> entries) implements Node {}

  record ListNode(int line, List<Node> items) implements Node {}

  /** A scalar's text as written, and whether YAML typed it as a string, number, boolean or null. */
  record Scalar(int line, String text, JsonToken token) implements Node {
    boolean isNull() {
      return token == JsonToken.VALUE_NULL;
    }
  }

  /** A syntax error or a duplicate key, with its line. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    final int line;

    SyntaxError(int line, String message) {
      super(message);
      this.line = line;
    }
  }

  static Node parse(String text) throws SyntaxError {
    try (JsonParser parser = new YAMLFactory().createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new SyntaxError(1, "the file is empty");
      }
      Node root = read(parser);
      if (parser.nextToken() != null) {
        throw new SyntaxError(parser.currentTokenLocation().getLineNr(),
            "a second YAML document: a sweep file holds one (remove the '---' and what follows, or split the file)");
      }
      return root;
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
      throw new SyntaxError(line, "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new SyntaxError(1, "cannot read: " + e.getMessage());
    }
  }

  /**
   * Whether two nodes say the same: the same scalars (as written, and typed alike), lists item by
   * item, maps key by key in any order; lines, comments and layout do not count.
   */
  static boolean same(Node a, Node b) {
    if (a instanceof Scalar x && b instanceof Scalar y) {
      return x.text().equals(y.text()) && x.token() == y.token();
    }
    if (a instanceof ListNode x && b instanceof ListNode y) {
      if (x.items().size() != y.items().size()) {
        return false;
      }
      for (int i = 0; i < x.items().size(); i++) {
        if (!same(x.items().get(i), y.items().get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof MapNode x && b instanceof MapNode y) {
      if (!x.entries().keySet().equals(y.entries().keySet())) {
        return false;
      }
      for (Map.Entry<String, Entry> e : x.entries().entrySet()) {
        if (!same(e.getValue().value(), y.entries().get(e.getKey()).value())) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static Node read(JsonParser parser) throws IOException, SyntaxError {
    int line = parser.currentTokenLocation().getLineNr();
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      Map<String, Entry> entries = new LinkedHashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        int keyLine = parser.currentTokenLocation().getLineNr();
        parser.nextToken();
        Node value = read(parser);
        if (entries.containsKey(key)) {
          throw new SyntaxError(keyLine, "duplicate key '" + key + "' (first on line " + entries.get(key).line() + ")");
        }
        entries.put(key, new Entry(key, keyLine, value));
      }
      return new MapNode(line, entries);
    }
    if (token == JsonToken.START_ARRAY) {
      List<Node> items = new ArrayList<>();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        items.add(read(parser));
      }
      return new ListNode(line, items);
    }
    return new Scalar(line, parser.getText(), token);
  }
}
