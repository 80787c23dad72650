import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local listening on the loopback interface only. Its own main binds every interface and
 * has no option to choose one, and it accepts any request signature: on a shared network anyone
 * could rewrite the log. This builds the same server from the same arguments, then names the
 * interface before the server binds. dynamodb-local.ts compiles it once per machine with the
 * compiler inside Java's own runtime image: no build step, no binary in the repository.
 */
public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    stopWithParent();
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    proxy.start();
  }

  /**
   * Stops when the process that started it ends, however it ends: stdin is that process's pipe,
   * closed by the kernel even when the process is killed or aborts out of memory, which runs no
   * exit handler (a benchmark left a 6 GB DynamoDB Local running that way).
   */
  private static void stopWithParent() {
    Thread watch =
        new Thread(
            () -> {
              try {
                while (System.in.read() != -1) {}
              } catch (java.io.IOException closed) {
                // Closed is what it waits for.
              }
              System.exit(0);
            });
    watch.setDaemon(true);
    watch.start();
  }
}
