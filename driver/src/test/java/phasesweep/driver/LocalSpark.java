package phasesweep.driver;

import org.apache.spark.sql.SparkSession;

/** The tests' Spark: {@code local[2]}, bound to loopback, no UI, UTC. */
public final class LocalSpark {
  private LocalSpark() {}

  public static SparkSession start(String appName) {
    return SparkSession.builder().master("local[2]").appName(appName)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
  }
}
