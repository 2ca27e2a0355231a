package phasesweep.driver.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;

/**
 * An analysis table on the driver: its schema and its rows, each row carrying the schema so that
 * its columns read by name. The report writes it as Parquet and draws from it; not modified
 * after it is made.
 */
public record Table(StructType schema, List<Row> rows) {
  public Table {
    rows = List.copyOf(rows);
  }

  /** A table read back (e.g. from the Parquet a report wrote). */
  public static Table of(Dataset<Row> rows) {
    return new Table(rows.schema(), rows.collectAsList());
  }

  /** A row of this table's schema from its values, in the schema's order. */
  public static Row row(StructType schema, Object... values) {
    if (values.length != schema.size()) {
      throw new IllegalArgumentException(values.length + " values for " + schema.size() + " columns");
    }
    return new GenericRowWithSchema(values, schema);
  }

  /** The rows ordered by {@code columns}, ascending, nulls first (as Spark SQL's ORDER BY). */
  public List<Row> sortedBy(List<String> columns) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(order(columns));
    return sorted;
  }

  /** The rows that pass {@code filter}, in order. */
  public List<Row> where(Predicate<Row> filter) {
    return rows.stream().filter(filter).toList();
  }

  static Comparator<Row> order(List<String> columns) {
    return Analysis.order(columns, (r, c) -> r.get(r.fieldIndex(c)));
  }
}
