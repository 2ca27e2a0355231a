package phasesweep.driver.job;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a command: local[*] on loopback unless spark-submit (or
 * {@code -Dspark.master}) set a master. A session that is already running (a notebook, a
 * test) is used as it is and left running.
 */
public final class Sessions implements AutoCloseable {
  private final SparkSession spark;
  private final boolean owned;

  private Sessions(SparkSession spark, boolean owned) {
    this.spark = spark;
    this.owned = owned;
  }

  public static Sessions open(String appName) {
    if (SparkSession.getActiveSession().isDefined()) {
      return new Sessions(SparkSession.getActiveSession().get(), false);
    }
    SparkSession.Builder b = SparkSession.builder().appName(appName)
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.debug.maxToStringFields", "200");
    SparkConf given = new SparkConf();
    if (!given.contains("spark.master")) {
      // a laptop run: everything on this machine, bound to loopback
      b.master("local[*]").config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
    }
    boolean local = given.get("spark.master", "local").startsWith("local");
    // on a cluster, the workers' own scratch folders apply (SPARK_LOCAL_DIRS, YARN's LOCAL_DIRS)
    if (local && !given.contains("spark.local.dir") && System.getenv("SPARK_LOCAL_DIRS") == null) {
      b.config("spark.local.dir", ScratchDirs.ofThisProcess().toString());
    }
    // Spark's catalog makes its warehouse folder in the working directory when first asked; no
    // command here keeps tables in it, so it goes to the scratch folder (issue #33, item 20)
    if (!given.contains("spark.sql.warehouse.dir")) {
      b.config("spark.sql.warehouse.dir", ScratchDirs.ofThisProcess().resolve("warehouse").toUri().toString());
    }
    return new Sessions(b.getOrCreate(), true);
  }

  public SparkSession spark() {
    return spark;
  }

  @Override
  public void close() {
    if (owned) {
      spark.stop();
    }
  }
}
