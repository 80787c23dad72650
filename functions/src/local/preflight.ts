import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
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

export function assertPortFree(port: number): Promise<void> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", () =>
      fail(
        new StartupProblem(
          `Port ${port} is taken: stop what uses it, or start on another port with PORT=${port + 1} npm start.`,
        ),
      ),
    );
    server.listen(port, () => server.close(() => done()));
  });
}
