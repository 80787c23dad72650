import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connects } from "@termline/store/local";
import { afterAll, describe, expect, it } from "vitest";
import { startLocal } from "./local-process.ts";

const dataDir = mkdtempSync(join(tmpdir(), "termline-e2e-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const viewer = { authorization: "Bearer dev-viewer" };
const editor = { authorization: "Bearer dev-editor", "content-type": "application/json" };

describe("npm start", () => {
  it("serves the seeded case, and a restart keeps what was recorded", {
    timeout: 180_000,
  }, async () => {
    const first = await startLocal({ TERMLINE_DATA_DIR: dataDir });
    let version: number;
    try {
      expect(first.output()).toContain('Loaded the reference case into tenant "demo"');
      expect(first.output()).toContain("dev-viewer");
      expect(await (await fetch(`${first.base}/api/v1/health`)).json()).toEqual({ status: "ok" });
      // Loopback only, the API and its database alike: every 127.x address is this machine, and
      // a server bound to all interfaces would answer on 127.0.0.2 as on the network.
      const database = /DynamoDB Local http:\/\/127\.0\.0\.1:(\d+)/.exec(first.output())?.[1];
      for (const port of [new URL(first.base).port, database]) {
        expect(await connects("127.0.0.1", Number(port))).toBe(true);
        expect(await connects("127.0.0.2", Number(port))).toBe(false);
      }
      // Half a request's headers: the connection is cut once the headers' 10 s are over, not held.
      expect(
        await secondsUntilCut(first.base, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"),
      ).toBeLessThan(15);
      const denied = await (
        await fetch(
          `${first.base}/api/v1/entitlements?product=openai-api&provider=aws&at=2026-03-15`,
          { headers: viewer },
        )
      ).json();
      expect(denied.decision).toBe("denied");
      version = (
        await (
          await fetch(`${first.base}/api/v1/agreements/microsoft-openai`, { headers: viewer })
        ).json()
      ).version;
      const appended = await fetch(`${first.base}/api/v1/agreements/microsoft-openai/events`, {
        method: "POST",
        headers: editor,
        body: JSON.stringify({
          expectedVersion: version,
          events: [{ type: "NoteAdded", text: "kept across restarts" }],
        }),
      });
      expect(appended.status).toBe(201);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    expect(first.output()).toContain("Everything committed is on disk.");

    const second = await startLocal({ TERMLINE_DATA_DIR: dataDir });
    try {
      expect(second.output()).not.toContain("Loaded the reference case");
      const events = (
        await (
          await fetch(`${second.base}/api/v1/agreements/microsoft-openai/events`, {
            headers: viewer,
          })
        ).json()
      ).events;
      expect(events).toHaveLength(version + 1);
      expect(events.at(-1)).toMatchObject({
        type: "NoteAdded",
        data: { text: "kept across restarts" },
      });
      const agreement = await (
        await fetch(`${second.base}/api/v1/agreements/microsoft-openai`, { headers: viewer })
      ).json();
      expect(agreement.version).toBe(version + 1);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it("says in one line what to do when the port is taken or the data directory is unwritable", {
    timeout: 60_000,
  }, async () => {
    const running = await startLocal({
      TERMLINE_DATA_DIR: join(dataDir, "other"),
      TERMLINE_SEED: "none",
    });
    try {
      const port = new URL(running.base).port;
      await expect(
        startLocal({ TERMLINE_DATA_DIR: join(dataDir, "third") }, Number(port)),
      ).rejects.toThrow(
        new RegExp(`Port ${port} is taken: stop what uses it, or start on another port`),
      );
    } finally {
      await running.stop();
    }
    // Root may write anywhere, so the unwritable directory is one whose parent is a file.
    const file = join(dataDir, "a-file");
    writeFileSync(file, "not a directory");
    await expect(startLocal({ TERMLINE_DATA_DIR: join(file, "data") })).rejects.toThrow(
      /The data directory .*a-file\/data is not writable: fix its permissions or set TERMLINE_DATA_DIR/,
    );
  });
});

/** Sends `partial` and waits for the server to close the connection; seconds it took. */
function secondsUntilCut(base: string, partial: string): Promise<number> {
  const { hostname, port } = new URL(base);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(partial));
    socket.on("error", reject);
    socket.on("close", () => resolve((performance.now() - started) / 1000));
    socket.resume();
  });
}
