package phasesweep.minicluster;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * HDFS (one NameNode, one DataNode) and YARN (a ResourceManager, N NodeManagers) in this JVM,
 * every server on 127.0.0.1, for deploy/cluster/test-yarn.sh. Writes the clients' configuration
 * to {@code DIR/conf} ({@code core-site.xml}, {@code hdfs-site.xml}, {@code yarn-site.xml}) and
 * then {@code DIR/ready} (the HDFS URI), and takes commands a line appended to {@code DIR/control}:
 * {@code stop-nodemanager I} and {@code stop}.
 *
 * <pre>java -cp ... phasesweep.minicluster.MiniCluster DIR NODEMANAGERS MEMORY_MB_EACH</pre>
 */
public final class MiniCluster {
  private MiniCluster() {
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]).toAbsolutePath();
    int nodeManagers = Integer.parseInt(args[1]);
    int memoryMb = Integer.parseInt(args[2]);
    Files.createDirectories(dir.resolve("conf"));
    int status = 1;
    MiniDFSCluster hdfs = null;
    MiniYARNCluster yarn = null;
    try {
      Configuration conf = new YarnConfiguration();
      loopbackOnly(conf);
      hdfs = new MiniDFSCluster.Builder(conf, dir.resolve("hdfs").toFile()).numDataNodes(1).build();
      hdfs.waitActive();
      conf.set("fs.defaultFS", hdfs.getURI().toString());

      // one queue that takes everything (the default capacity scheduler has none configured)
      conf.set("yarn.scheduler.capacity.root.queues", "default");
      conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
      conf.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
      conf.setInt(YarnConfiguration.NM_PMEM_MB, memoryMb);
      conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
      conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
      conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 64);
      conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.9f);
      // a stopped NodeManager is lost within seconds, not the default ten minutes
      conf.setLong(YarnConfiguration.RM_NM_EXPIRY_INTERVAL_MS, 10_000);
      conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 1_000);
      System.setProperty("hadoop.log.dir", dir.resolve("logs").toString());
      yarn = new MiniYARNCluster("phasesweep", nodeManagers, 1, 1);
      yarn.init(conf);
      yarn.start();
      waitForNodeManagers(yarn, nodeManagers);

      // what a client needs, and nothing of the mini clusters' test settings (their topology
      // mapping class, say, is not on a Spark container's class path)
      Configuration client = new Configuration(false);
      client.set("fs.defaultFS", hdfs.getURI().toString());
      for (String key : new String[] {YarnConfiguration.RM_ADDRESS, YarnConfiguration.RM_SCHEDULER_ADDRESS,
          YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, YarnConfiguration.RM_ADMIN_ADDRESS,
          YarnConfiguration.RM_WEBAPP_ADDRESS, YarnConfiguration.RM_HOSTNAME}) {
        client.set(key, yarn.getConfig().get(key));
      }
      for (String name : new String[] {"core-site.xml", "hdfs-site.xml", "yarn-site.xml"}) {
        Path tmp = dir.resolve("conf").resolve(name + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
          client.writeXml(out);
        }
        Files.move(tmp, dir.resolve("conf").resolve(name), StandardCopyOption.ATOMIC_MOVE);
      }
      Files.writeString(dir.resolve("ready"), hdfs.getURI() + "\n");
      System.out.println("minicluster: ready: " + hdfs.getURI() + ", ResourceManager "
          + client.get(YarnConfiguration.RM_ADDRESS) + ", " + nodeManagers + " NodeManagers");

      // commands: lines appended to DIR/control, read as they come (no pipe to keep open)
      Path control = dir.resolve("control");
      int done = 0;
      for (boolean stop = false; !stop; Thread.sleep(200)) {
        List<String> lines = Files.exists(control) ? Files.readAllLines(control) : List.of();
        for (; done < lines.size() && !stop; done++) {
          String[] words = lines.get(done).trim().split("\\s+");
          if (words[0].equals("stop")) {
            stop = true;
          } else if (words[0].equals("stop-nodemanager")) {
            int i = Integer.parseInt(words[1]);
            yarn.getNodeManager(i).stop();
            System.out.println("minicluster: NodeManager " + i + " stopped");
          } else if (!words[0].isEmpty()) {
            System.out.println("minicluster: unknown command " + lines.get(done));
          }
        }
      }
      status = 0;
    } catch (Exception e) {
      e.printStackTrace();
    } finally {
      if (yarn != null) {
        yarn.stop();
      }
      if (hdfs != null) {
        hdfs.shutdown();
      }
      System.out.println("minicluster: stopped");
      // Hadoop leaves non-daemon threads behind
      Runtime.getRuntime().halt(status);
    }
  }

  /** Every server address on 127.0.0.1 (an ephemeral port each). */
  private static void loopbackOnly(Configuration conf) {
    String[] keys = {
        "dfs.namenode.http-address", "dfs.namenode.https-address", "dfs.datanode.address",
        "dfs.datanode.http.address", "dfs.datanode.https.address", "dfs.datanode.ipc.address",
        "yarn.resourcemanager.address", "yarn.resourcemanager.scheduler.address",
        "yarn.resourcemanager.resource-tracker.address", "yarn.resourcemanager.admin.address",
        "yarn.resourcemanager.webapp.address", "yarn.resourcemanager.webapp.https.address",
        "yarn.nodemanager.address", "yarn.nodemanager.localizer.address", "yarn.nodemanager.webapp.address",
        "yarn.nodemanager.webapp.https.address", "yarn.nodemanager.collector-service.address",
        "yarn.timeline-service.address", "yarn.timeline-service.webapp.address"};
    for (String key : keys) {
      conf.set(key, "127.0.0.1:0");
    }
    conf.set("yarn.resourcemanager.hostname", "127.0.0.1");
    conf.set("yarn.nodemanager.hostname", "127.0.0.1");
    conf.set("dfs.datanode.hostname", "127.0.0.1");
  }

  private static void waitForNodeManagers(MiniYARNCluster yarn, int n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (yarn.getResourceManager().getRMContext().getRMNodes().size() < n) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("NodeManagers did not register within 120 s");
      }
      Thread.sleep(200);
    }
  }
}
