package phasesweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import phasesweep.driver.LocalSpark;

/**
 * The {@code sql --stdin} protocol (issue #33, items 3 to 6): one line in, one JSON line out,
 * whatever the line: blank, {@code null}, a string with more after it, a bare CR inside.
 */
class SqlStdinTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("SqlStdinTest").newSession();
    ReadOnlyQuery.seal(spark);
  }

  static List<JsonNode> serve(String input) throws Exception {
    SqlCommand sql = new SqlCommand();
    sql.format = SqlCommand.Format.csv;
    sql.limit = -1;
    StringWriter out = new StringWriter();
    sql.serve(spark, new StringReader(input), new PrintWriter(out));
    List<JsonNode> replies = new ArrayList<>();
    for (String line : out.toString().split("\n", -1)) {
      if (!line.isEmpty()) {
        replies.add(new ObjectMapper().readTree(line));
      }
    }
    return replies;
  }

  static void assertRefused(JsonNode reply, String message) {
    assertEquals(2, reply.path("exit").asInt(), reply.toString());
    assertTrue(reply.path("error").asText().startsWith("sql: QUERY: " + message), reply.toString());
  }

  @Test
  void everyLineGetsExactlyOneAnswer() throws Exception {
    List<JsonNode> replies = serve(String.join("\n",
        "\"SELECT 1 AS one\"",
        "null",
        "\"SELECT 1 AS one\" \"DROP TABLE runs\"",
        "\"SELECT 1 AS one\"\r\"SELECT 2 AS two\"",
        "",
        "   \t",
        "\"SELECT 3 AS three\"\r",
        "\"SELECT 4 AS four\""));
    assertEquals(8, replies.size(), "one answer a line: " + replies);
    assertEquals("one\n1\n", replies.get(0).path("result").asText());
    assertRefused(replies.get(1), "null is not a query");
    assertRefused(replies.get(2), "not a JSON string on one line");
    assertRefused(replies.get(3), "not a JSON string on one line");
    assertRefused(replies.get(4), "an empty line");
    assertRefused(replies.get(5), "an empty line");
    assertEquals("three\n3\n", replies.get(6).path("result").asText(), "CRLF ends a line");
    assertEquals("four\n4\n", replies.get(7).path("result").asText(), "the last line needs no LF");
  }

  @Test
  void linesEndAtLineFeedOnly() throws Exception {
    StringReader in = new StringReader("a\r\nb\rc\n\nd");
    assertEquals("a", SqlCommand.nextLine(in));
    assertEquals("b\rc", SqlCommand.nextLine(in));
    assertEquals("", SqlCommand.nextLine(in));
    assertEquals("d", SqlCommand.nextLine(in));
    assertEquals(null, SqlCommand.nextLine(in));
  }
}
