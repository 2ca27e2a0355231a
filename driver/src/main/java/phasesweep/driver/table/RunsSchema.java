package phasesweep.driver.table;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The Parquet schema of the {@code runs} table. Spark reads it as: strings, {@code int} for
 * d, p, k and checkpoints_per_decade, {@code bigint} for seed and steps, {@code double} for the
 * rest, {@code array<double>} for the curves and final overlaps, {@code timestamp} for
 * finished_at. Values that do not exist (the risk of a diverged run at {@code t_max}, the
 * divergence time of a run that did not diverge) are null, never NaN.
 */
public final class RunsSchema {
  private RunsSchema() {}

  public static final String TEXT = """
      message runs {
        required binary task_id (STRING);
        required binary sweep (STRING);
        required binary kernel (STRING);
        required binary activation (STRING);
        required binary init (STRING);
        required int32 d;
        required int32 p;
        required int32 k;
        required double kappa;
        required double delta;
        required double gamma0;
        required double p0;
        required double gamma;
        required double noise;
        required int64 seed;
        required binary region (STRING);
        required double time_scale;
        required double t_max;
        required int32 checkpoints_per_decade;
        required double divergence_bound;
        required binary ode_mode (STRING);
        required double rtol;
        required double atol;
        required binary status (STRING);
        required binary message (STRING);
        optional double risk_init;
        optional double risk_final;
        optional double risk_tail;
        optional double t_diverged;
        required int64 steps;
        required group curve_t (LIST) { repeated group list { required double element; } }
        required group curve_risk (LIST) { repeated group list { required double element; } }
        required group q_final (LIST) { repeated group list { required double element; } }
        required group m_final (LIST) { repeated group list { required double element; } }
        required double wall_seconds;
        required binary executor (STRING);
        required binary version (STRING);
        required int64 finished_at (TIMESTAMP(MICROS,true));
      }
      """;

  public static final MessageType SCHEMA = MessageTypeParser.parseMessageType(TEXT);
}
