import { type ChildProcess, spawn } from "node:child_process";

/** `npm start` as a newcomer runs it: the real entry point in its own process, on its own port and data. */
export interface LocalProcess {
  base: string;
  output(): string;
  /** Ctrl-C, then wait for the clean exit. */
  stop(): Promise<number | null>;
  /** `kill -9` of the process and its DynamoDB Local, as a crash or a power cut would. */
  crash(): Promise<void>;
}

export async function startLocal(
  env: Record<string, string>,
  port?: number,
): Promise<LocalProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "functions/src/local/start.ts"],
    {
      // Port 0: the server binds a free port itself and prints it, so no other process can take
      // it between our choosing and its binding.
      env: { ...process.env, PORT: String(port ?? 0), ...env },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so a crash can take DynamoDB Local (its child) down with it.
      detached: true,
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const deadline = Date.now() + 60_000;
  while (!output.includes("Press Ctrl-C to stop.")) {
    if (child.exitCode !== null)
      throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      throw new Error(`npm start did not come up within 60 s:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  const listening = /API: +http:\/\/localhost:(\d+)\/api\/v1/.exec(output);
  if (!listening) throw new Error(`npm start did not say its port:\n${output}`);
  return {
    base: `http://127.0.0.1:${listening[1]}`,
    output: () => output,
    async stop() {
      child.kill("SIGINT");
      return exited;
    },
    async crash() {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      await exited;
    },
  };
}
