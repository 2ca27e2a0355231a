package phasesweep.driver.analysis;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.Seq;

/**
 * {@link Crossing#firstTime} as the Spark SQL function {@code first_crossing(curve_t,
 * curve_risk, threshold)}, null where the curve never reaches the threshold. Registered with the
 * views, so {@code sql} users have it too.
 */
public final class FirstCrossing {
  public static final String NAME = "first_crossing";

  private FirstCrossing() {}

  public static void register(SparkSession spark) {
    spark.udf().register(NAME, (UDF3<Seq<Object>, Seq<Object>, Double, Double>) (t, risk, threshold) -> {
      if (t == null || risk == null || threshold == null) {
        return null;
      }
      double v = Crossing.firstTime(doubles(t), doubles(risk), threshold);
      return Double.isNaN(v) ? null : v;
    }, DataTypes.DoubleType);
  }

  private static double[] doubles(Seq<Object> s) {
    double[] v = new double[s.length()];
    for (int i = 0; i < v.length; i++) {
      v[i] = ((Number) s.apply(i)).doubleValue();
    }
    return v;
  }
}
