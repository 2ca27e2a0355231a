package phasesweep.driver.table;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a small table of flat columns (string, int, bigint, double, boolean; any may be null) as
 * one Parquet file in a new folder, on the driver with parquet-hadoop: no Spark job. Spark SQL
 * reads it back with the same schema. The analysis tables are written this way.
 */
public final class TableWriter {
  /** The one file of a table written here. */
  static final String FILE = "part-00000.parquet";

  private TableWriter() {}

  /** Writes {@code rows} (of {@code schema}) into the folder {@code dir}, which must not exist. */
  public static void write(Path dir, StructType schema, List<Row> rows, Configuration conf) throws IOException {
    MessageType type = parquetType(schema);
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new Path(dir, FILE)).withConf(conf).withType(type)
        .withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(ParquetFileWriter.Mode.CREATE).build()) {
      StructField[] fields = schema.fields();
      for (Row r : rows) {
        Group g = groups.newGroup();
        for (int i = 0; i < fields.length; i++) {
          if (r.isNullAt(i)) {
            continue;
          }
          Object v = r.get(i);
          DataType t = fields[i].dataType();
          if (t.equals(DataTypes.StringType)) {
            g.append(fields[i].name(), (String) v);
          } else if (t.equals(DataTypes.IntegerType)) {
            g.append(fields[i].name(), (Integer) v);
          } else if (t.equals(DataTypes.LongType)) {
            g.append(fields[i].name(), (Long) v);
          } else if (t.equals(DataTypes.DoubleType)) {
            g.append(fields[i].name(), (Double) v);
          } else {
            g.append(fields[i].name(), (Boolean) v);
          }
        }
        writer.write(g);
      }
    }
  }

  /** The Parquet schema of a flat Spark schema: every column optional. */
  static MessageType parquetType(StructType schema) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (StructField f : schema.fields()) {
      DataType t = f.dataType();
      Type column;
      if (t.equals(DataTypes.StringType)) {
        column = Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(f.name());
      } else if (t.equals(DataTypes.IntegerType)) {
        column = Types.optional(PrimitiveTypeName.INT32).named(f.name());
      } else if (t.equals(DataTypes.LongType)) {
        column = Types.optional(PrimitiveTypeName.INT64).named(f.name());
      } else if (t.equals(DataTypes.DoubleType)) {
        column = Types.optional(PrimitiveTypeName.DOUBLE).named(f.name());
      } else if (t.equals(DataTypes.BooleanType)) {
        column = Types.optional(PrimitiveTypeName.BOOLEAN).named(f.name());
      } else {
        throw new IllegalArgumentException("column " + f.name() + ": type " + t.simpleString() + " is not flat");
      }
      b.addField(column);
    }
    return b.named("table");
  }
}
