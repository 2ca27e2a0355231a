package phasesweep.driver.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import phasesweep.driver.failure.Failure;
import phasesweep.driver.failure.UserInputException;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The {@code sql} command's guard: a query is parsed (not run) and refused unless it only reads.
 * It must start with a reading keyword, and its plan must hold no command (which Spark runs as
 * soon as it is planned) other than SHOW, DESCRIBE or EXPLAIN at its top, and no insert (a
 * {@code WITH ... INSERT} starts with WITH), and no script ({@code TRANSFORM ... USING}). The session
 * that serves queries holds only functions reviewed as computing on their arguments alone
 * ({@link #seal}, deny by default): Java calls ({@code reflect}, {@code java_method},
 * {@code try_reflect}) could do anything, and a query naming them, quoted or not, is refused with
 * a message saying so.
 */
final class ReadOnlyQuery {
  private static final Set<String> FIRST_WORDS = Set.of("SELECT", "WITH", "VALUES", "TABLE", "FROM", "SHOW", "DESCRIBE",
      "DESC", "EXPLAIN");
  private static final Pattern COMMENTS = Pattern.compile("(--[^\\n]*(\\n|$))|(/\\*.*?\\*/)", Pattern.DOTALL);
  /** The functions that reach outside the tables: they call any static Java method. */
  static final java.util.List<String> JAVA_FUNCTIONS = java.util.List.of("reflect", "java_method", "try_reflect");
  private static final Pattern JAVA_CALLS = Pattern.compile("(\\b|`)(try_reflect|reflect|java_method)`?\\s*\\(",
      Pattern.CASE_INSENSITIVE);

  private ReadOnlyQuery() {}

  /**
   * The groups of Spark's built-in functions (their {@code ExpressionInfo} group) that compute on
   * their arguments alone: no files, no code, no network. Reviewed for Spark 4.2; a function in
   * any other group, or in none, is absent from the sealed session until reviewed here: the XML
   * functions (an XML parser reads what a document's entities name), Protobuf's and Avro's (a
   * descriptor or schema file by path), and the miscellany ({@link #SAFE_MISC} aside).
   */
  static final Set<String> SAFE_GROUPS = Set.of("agg_funcs", "array_funcs", "bitwise_funcs", "collection_funcs",
      "conditional_funcs", "conversion_funcs", "csv_funcs", "datetime_funcs", "generator_funcs", "hash_funcs",
      "json_funcs", "lambda_funcs", "map_funcs", "math_funcs", "predicate_funcs", "sketch_funcs", "st_funcs",
      "string_funcs", "struct_funcs", "url_funcs", "variant_funcs", "vector_funcs", "window_funcs");
  /** Of Spark's {@code misc_funcs}, those that read only their arguments or the session's own names. */
  static final Set<String> SAFE_MISC = Set.of("aes_decrypt", "aes_encrypt", "try_aes_decrypt", "assert_true",
      "raise_error", "bitmap_bit_position", "bitmap_bucket_number", "bitmap_count", "current_catalog",
      "current_database", "current_schema", "current_user", "session_user", "user", "input_file_name",
      "input_file_block_length", "input_file_block_start", "monotonically_increasing_id", "spark_partition_id",
      "typeof", "uuid", "version");
  /** Table-valued functions that make rows from their arguments (or Spark's own constants) alone. */
  static final Set<String> SAFE_TABLE_FUNCTIONS = Set.of("range", "sql_keywords", "collations", "explode", "explode_outer", "inline", "inline_outer",
      "json_tuple", "posexplode", "posexplode_outer", "stack", "variant_explode", "variant_explode_outer");

  /**
   * Makes {@code spark} a session that can only read the views it is given: every built-in
   * function outside {@link #SAFE_GROUPS} and {@link #SAFE_MISC}, and every table-valued function
   * outside {@link #SAFE_TABLE_FUNCTIONS}, is dropped from its registries, and SQL on files
   * ({@code FROM parquet.`/path`}) is off, so whatever a query's quoting, it cannot call Java or
   * read outside the results' tables. Functions registered after this (phasesweep's own) are not
   * touched. Modifies the session; call it before the first query.
   */
  static void seal(SparkSession spark) {
    spark.conf().set("spark.sql.runSQLOnFiles", "false");
    org.apache.spark.sql.catalyst.analysis.FunctionRegistry functions = spark.sessionState().functionRegistry();
    for (FunctionIdentifier f : CollectionConverters.asJava(functions.listFunction())) {
      scala.Option<org.apache.spark.sql.catalyst.expressions.ExpressionInfo> info = functions.lookupFunction(f);
      String group = info.isDefined() && info.get().getGroup() != null ? info.get().getGroup() : "";
      if (!SAFE_GROUPS.contains(group) && !SAFE_MISC.contains(f.funcName())) {
        functions.dropFunction(f);
      }
    }
    org.apache.spark.sql.catalyst.analysis.TableFunctionRegistry tables = spark.sessionState().tableFunctionRegistry();
    for (FunctionIdentifier f : CollectionConverters.asJava(tables.listFunction())) {
      if (!SAFE_TABLE_FUNCTIONS.contains(f.funcName())) {
        tables.dropFunction(f);
      }
    }
  }

  static void check(SparkSession spark, String query) {
    String text = COMMENTS.matcher(query).replaceAll(" ").strip();
    while (text.startsWith("(")) {
      text = text.substring(1).strip();
    }
    String first = text.split("[\\s(]", 2)[0].toUpperCase(Locale.ROOT);
    if (!FIRST_WORDS.contains(first)) {
      throw refused(first.isEmpty() ? "it is empty" : "it starts with " + first);
    }
    if (JAVA_CALLS.matcher(text).find()) {
      throw refused("it calls Java (reflect, java_method)");
    }
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(query);
    } catch (org.apache.spark.sql.catalyst.parser.ParseException e) {
      throw new UserInputException("QUERY: " + Failure.firstLine(e.getMessage()), e);
    }
    Deque<LogicalPlan> nodes = new ArrayDeque<>();
    nodes.add(plan);
    boolean top = true;
    while (!nodes.isEmpty()) {
      LogicalPlan node = nodes.poll();
      String name = node.getClass().getSimpleName();
      boolean reads = top && (name.startsWith("Show") || name.startsWith("Describe") || name.startsWith("Explain"));
      if (!reads && (node instanceof Command || name.contains("Insert") || name.contains("Write"))) {
        throw refused("it is a command (" + name + ")");
      }
      if (name.contains("ScriptTransformation")) {
        throw refused("it runs a script (TRANSFORM ... USING)");
      }
      if (!(top && name.startsWith("Explain"))) { // what EXPLAIN explains is not run
        nodes.addAll(CollectionConverters.asJava(node.children()));
      }
      top = false;
    }
  }

  private static UserInputException refused(String why) {
    return new UserInputException("QUERY: refused, " + why + ": sql runs queries only (SELECT, WITH, VALUES, TABLE, "
        + "FROM, SHOW, DESCRIBE, EXPLAIN); the results folder is written by run and report alone");
  }

  /**
   * A query Spark could not parse, resolve or evaluate is the user's to fix (exit 2), in one
   * line: Spark's first, which names the column or table. Anything else goes on as it is.
   */
  static Exception userError(Exception e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof org.apache.spark.sql.AnalysisException || c instanceof SparkThrowable t && t.getSqlState() != null
          && (t.getSqlState().startsWith("42") || t.getSqlState().startsWith("22"))) {
        return new UserInputException("QUERY: " + Failure.firstLine(c.getMessage()), e);
      }
    }
    return e;
  }
}
