import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:net";
import { join } from "node:path";

/** A problem `npm start` can name in one line, with what to do about it. */
export class StartupProblem extends Error {}

export function assertWritableDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
    const probe = join(dataDir, ".write-probe");
    writeFileSync(probe, "ok");
    rmSync(probe);
  } catch {
    throw new StartupProblem(
      `The data directory ${dataDir} is not writable: fix its permissions or set TERMLINE_DATA_DIR to a directory you can write.`,
    );
  }
}

/**
 * Binds the HTTP port before anything slow runs (DynamoDB Local, the seed), so the port that was
 * free at the start is still ours when the server is ready: a check-then-bind would leave seconds
 * for another process to take it. Port 0 asks the system for any free port.
 */
export function listenEarly(
  listen: () => Server,
  port: number,
): Promise<{ server: Server; port: number }> {
  return new Promise((done, fail) => {
    const server = listen();
    server.once("error", (error: NodeJS.ErrnoException) =>
      fail(
        error.code === "EADDRINUSE"
          ? new StartupProblem(
              `Port ${port} is taken: stop what uses it, or start on another port with PORT=${port + 1} npm start.`,
            )
          : error,
      ),
    );
    server.once("listening", () => {
      const address = server.address();
      done({ server, port: typeof address === "object" && address ? address.port : port });
    });
  });
}
