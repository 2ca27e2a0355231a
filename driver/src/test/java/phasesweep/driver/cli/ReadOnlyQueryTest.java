package phasesweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phasesweep.driver.LocalSpark;
import phasesweep.driver.failure.UserInputException;

/**
 * The {@code sql} session at depth (issue #33): what a query cannot reach whatever its text, because
 * the session has no route to it. Each test first shows the route open in a session that is not
 * sealed, so that it fails if sealing stops closing it.
 */
class ReadOnlyQueryTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("ReadOnlyQueryTest");
  }

  /** A fresh session on the shared context: its own functions and settings. */
  private static SparkSession session(boolean sealed) {
    SparkSession s = spark.newSession();
    if (sealed) {
      ReadOnlyQuery.seal(s);
    }
    return s;
  }

  private static Set<String> functions(SparkSession s) {
    return s.sql("SHOW FUNCTIONS").collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
  }

  @Test
  void aSealedSessionCannotCallJavaWhateverTheQuoting() {
    SparkSession open = session(false);
    assertEquals("1", open.sql("SELECT `java_method`('java.lang.Math', 'abs', -1)").first().getString(0));
    assertTrue(functions(open).containsAll(ReadOnlyQuery.JAVA_FUNCTIONS));

    SparkSession sealed = session(true);
    Set<String> left = functions(sealed);
    for (String f : ReadOnlyQuery.JAVA_FUNCTIONS) {
      assertFalse(left.contains(f), f + " is still in the session");
      for (String call : List.of(f, "`" + f + "`", f.toUpperCase(java.util.Locale.ROOT), "system.builtin." + f)) {
        String q = "SELECT " + call + "('java.lang.Math', 'abs', -1)";
        Exception e = assertThrows(Exception.class, () -> sealed.sql(q).collectAsList(), q);
        // not found: no function of that name, or no such namespace for it
        assertTrue(e.getMessage().contains("UNRESOLVED_ROUTINE") || e.getMessage().contains("REQUIRES_SINGLE_PART"),
            q + ": " + e.getMessage());
      }
    }
    // the rest of SQL is there (each function: aSealedSessionKeepsOnlyReviewedFunctionsAndNoOtherResolves)
    assertTrue(left.containsAll(List.of("count", "sum", "exp", "posexplode", "coalesce", "percentile_approx", "regexp_extract")));
  }

  /**
   * Deny by default: every function of Spark's registry is tried, by name, in a sealed session.
   * Those outside the reviewed groups and miscellany do not resolve (the ones this issue names
   * among them); those inside still do. A function a new Spark adds is absent until reviewed.
   */
  @Test
  void aSealedSessionKeepsOnlyReviewedFunctionsAndNoOtherResolves() {
    SparkSession open = session(false);
    SparkSession sealed = session(true);
    org.apache.spark.sql.catalyst.analysis.FunctionRegistry all = open.sessionState().functionRegistry();
    Set<String> absent = new java.util.TreeSet<>();
    int kept = 0;
    for (org.apache.spark.sql.catalyst.FunctionIdentifier f : scala.jdk.javaapi.CollectionConverters.asJava(all.listFunction())) {
      String name = f.funcName();
      if (!name.matches("[a-z_][a-z0-9_]*")) {
        continue; // operators (+, <=>, ...) are syntax, not names a query calls
      }
      String group = all.lookupFunction(f).get().getGroup();
      String why = analysisError(sealed, "SELECT `" + name + "`()");
      if (ReadOnlyQuery.SAFE_GROUPS.contains(group) || ReadOnlyQuery.SAFE_MISC.contains(name)) {
        assertFalse(why.contains("UNRESOLVED_ROUTINE"), name + " (" + group + ") was reviewed and must stay: " + why);
        kept++;
      } else {
        assertTrue(why.contains("UNRESOLVED_ROUTINE"), name + " (" + group + ") is not reviewed and must be absent: " + why);
        assertTrue(analysisError(open, "SELECT `" + name + "`()").isEmpty()
            || !analysisError(open, "SELECT `" + name + "`()").contains("UNRESOLVED_ROUTINE"), name + " resolves unsealed");
        absent.add(name);
      }
    }
    assertTrue(absent.containsAll(List.of("reflect", "java_method", "try_reflect", "xpath", "xpath_string", "from_xml",
        "from_protobuf", "to_protobuf", "from_avro")), absent.toString());
    assertTrue(kept > 400, kept + " functions kept");
    assertFalse(analysisError(open, "SELECT * FROM sql_keywords()").contains("UNRESOLVABLE_TABLE_VALUED_FUNCTION"));
    String tvf = analysisError(sealed, "SELECT * FROM python_worker_logs()");
    assertTrue(tvf.contains("UNRESOLVABLE_TABLE_VALUED_FUNCTION"), tvf);
    assertFalse(analysisError(open, "SELECT * FROM python_worker_logs()").contains("UNRESOLVABLE_TABLE_VALUED_FUNCTION"));
    assertEquals(3, sealed.sql("SELECT * FROM range(3)").count());
  }

  /** The message of the error analysing {@code query} raises, or "" if it resolves. */
  private static String analysisError(SparkSession s, String query) {
    try {
      s.sql(query);
      return "";
    } catch (Exception e) {
      return String.valueOf(e.getMessage());
    }
  }

  @Test
  void aSealedSessionReadsNoFilesByPath(@TempDir Path dir) {
    String table = dir.resolve("t").toString();
    spark.range(3).write().parquet(table);
    String q = "SELECT count(*) FROM parquet.`" + table + "`";
    assertEquals(3L, session(false).sql(q).first().getLong(0));
    Exception e = assertThrows(Exception.class, () -> session(true).sql(q).collectAsList());
    assertTrue(e.getMessage().contains("TABLE_OR_VIEW_NOT_FOUND"), e.getMessage());
  }

  @Test
  void theGuardRefusesScriptsAndQuotedJavaCallsWithAMessage() {
    SparkSession sealed = session(true);
    UserInputException script = assertThrows(UserInputException.class,
        () -> ReadOnlyQuery.check(sealed, "SELECT TRANSFORM(id) USING 'cat' AS (x) FROM range(2)"));
    assertTrue(script.getMessage().contains("runs a script"), script.getMessage());
    for (String q : List.of("SELECT `java_method`('java.lang.System', 'exit', 7) AS r",
        "SELECT `reflect` ('java.lang.System', 'exit', 7)", "SELECT `TRY_REFLECT`('java.lang.System', 'exit', 7)")) {
      UserInputException e = assertThrows(UserInputException.class, () -> ReadOnlyQuery.check(sealed, q), q);
      assertTrue(e.getMessage().contains("calls Java"), e.getMessage());
    }
    List<Row> fine = sealed.sql("SELECT 'reflect(' AS text").collectAsList(); // the text alone is not a call
    assertEquals("reflect(", fine.get(0).getString(0));
  }
}
