package phasesweep.driver.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import phasesweep.kernels.Parameter;

/**
 * The Parquet schema of the {@code runs} table. Spark reads it as: strings, {@code int} for
 * d, p, k and checkpoints_per_decade, {@code bigint} for seed and steps, {@code double} for the
 * rest, {@code array<double>} for the curves and final overlaps, {@code timestamp} for
 * finished_at. Values that do not exist (the risk of a diverged run at {@code t_max}, the
 * divergence time of a run that did not diverge) are null, never NaN.
 */
public final class RunsSchema {
  private RunsSchema() {}

  /** The columns before the task's settings. */
  public static final List<String> KEYS = List.of("task_id", "sweep", "kernel");

  /** The schema's text: the keys, the task columns of {@link Parameter#TABLE_ORDER}, the results. */
  public static final String TEXT = "message runs {\n"
      + "  required binary task_id (STRING);\n"
      + "  required binary sweep (STRING);\n"
      + "  required binary kernel (STRING);\n"
      + Parameter.TABLE_ORDER.stream().map(RunsSchema::field).collect(Collectors.joining())
      + """
        required binary status (STRING);
        required binary message (STRING);
        optional double risk_init;
        optional double risk_final;
        optional double risk_tail;
        optional double t_diverged;
        required int64 steps;
        required group curve_t (LIST) { repeated group list { required double element; } }
        required group curve_risk (LIST) { repeated group list { required double element; } }
        required group curve_q (LIST) { repeated group list { required double element; } }
        required group curve_m (LIST) { repeated group list { required double element; } }
        required group q_final (LIST) { repeated group list { required double element; } }
        required group m_final (LIST) { repeated group list { required double element; } }
        required double wall_seconds;
        required binary executor (STRING);
        required binary version (STRING);
        required int64 finished_at (TIMESTAMP(MICROS,true));
      }
      """;

  public static final MessageType SCHEMA = MessageTypeParser.parseMessageType(TEXT);

  /** Result columns added since version 0.1: empty in rows written before them. */
  public static final List<String> ADDED_LISTS = List.of("curve_q", "curve_m");

  /** A new Parquet file of runs rows at {@code path} (it must not exist), as parts and the table are written. */
  public static ParquetWriter<Group> writer(Path path, Configuration conf) throws IOException {
    return ExampleParquetWriter.builder(path)
        .withConf(conf)
        .withType(SCHEMA)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .build();
  }

  /**
   * A row of an older runs file in this schema: a task column its file lacks (a parameter added
   * since) takes the parameter's default, which is what that run had. A row already in this
   * schema is returned as it is.
   */
  public static Group upgrade(Group row) throws IOException {
    if (row.getType().equals(SCHEMA)) {
      return row;
    }
    Group out = new SimpleGroupFactory(SCHEMA).newGroup();
    copy(row, out);
    return out;
  }

  private static void copy(Group from, Group to) throws IOException {
    GroupType source = from.getType();
    GroupType target = to.getType();
    for (int i = 0; i < target.getFieldCount(); i++) {
      Type field = target.getType(i);
      if (!source.containsField(field.getName())) {
        if (ADDED_LISTS.contains(field.getName())) {
          to.addGroup(i); // a curve added since: none recorded then
          continue;
        }
        Parameter p = Parameter.named(field.getName());
        if (p != null && p.source() != null) {
          // a quantity of another column (information_exponent of teacher_activation, itself maybe the activation's)
          Parameter s = p.source();
          String column = source.containsField(s.column()) ? s.column() : s.defaultFrom() == null ? null : s.defaultFrom().column();
          if (column == null || !source.containsField(column)) {
            throw new IOException("a runs file without the column " + field.getName() + " nor " + s.column());
          }
          append(to, p, p.valueForSource(from.getString(column, 0)));
          continue;
        }
        if (p != null && p.defaultFrom() != null && source.containsField(p.defaultFrom().column())) {
          // a default that is another parameter's value: teacher_activation is the activation
          to.append(p.column(), from.getString(p.defaultFrom().column(), 0));
          continue;
        }
        if (p == null || p.defaultValue() == null) {
          throw new IOException("a runs file without the column " + field.getName() + " (not a parameter with a default)");
        }
        append(to, p, p.defaultValue());
        continue;
      }
      int j = source.getFieldIndex(field.getName());
      for (int r = 0; r < from.getFieldRepetitionCount(j); r++) {
        if (field.isPrimitive()) {
          switch (field.asPrimitiveType().getPrimitiveTypeName()) {
            case INT32 -> to.append(field.getName(), from.getInteger(j, r));
            case INT64 -> to.append(field.getName(), from.getLong(j, r));
            case DOUBLE -> to.append(field.getName(), from.getDouble(j, r));
            case BINARY -> to.append(field.getName(), from.getBinary(j, r));
            default -> throw new IOException("unexpected column type of " + field.getName());
          }
        } else {
          copy(from.getGroup(j, r), to.addGroup(i));
        }
      }
    }
  }

  /** Appends a task column's value ({@link Parameter#javaType}) to a row: an enum as its id. */
  static void append(Group g, Parameter p, Object v) {
    switch (p.type()) {
      case INT -> g.append(p.column(), (Integer) v);
      case LONG -> g.append(p.column(), (Long) v);
      case DOUBLE -> g.append(p.column(), (Double) v);
      case ENUM -> g.append(p.column(), Parameter.text(v));
    }
  }

  /** How Spark reads a task column of this schema. */
  public static DataType sparkType(Parameter p) {
    return switch (p.type()) {
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case ENUM -> DataTypes.StringType;
    };
  }

  /** A task column's value in a row of this schema, as Spark reads it ({@link #sparkType}). */
  public static Object value(Group row, String column) {
    Parameter p = Parameter.named(column);
    if (p == null || p.type() == Parameter.Type.ENUM) {
      return row.getString(column, 0);
    }
    return switch (p.type()) {
      case INT -> row.getInteger(column, 0);
      case LONG -> row.getLong(column, 0);
      default -> row.getDouble(column, 0);
    };
  }

  /** The task columns: the keys and every setting and derived quantity, in table order. */
  public static List<String> taskColumns() {
    List<String> c = new ArrayList<>(KEYS);
    Parameter.TABLE_ORDER.forEach(p -> c.add(p.column()));
    return c;
  }

  private static String field(Parameter p) {
    String type = switch (p.type()) {
      case INT -> "int32 " + p.column();
      case LONG -> "int64 " + p.column();
      case DOUBLE -> "double " + p.column();
      case ENUM -> "binary " + p.column() + " (STRING)";
    };
    return "  required " + type + ";\n";
  }
}
