import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { createDynamoClients } from "../dynamo-client.ts";
import { ensureTables } from "../tables.ts";
import {
  assertJavaAvailable,
  connects,
  findFreePort,
  startDynamoDbLocal,
} from "./dynamodb-local.ts";

describe("DynamoDB Local", () => {
  it("says in one line how to get Java when there is none", () => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      expect(() => assertJavaAvailable()).toThrow(
        /Java 17\+ is needed for DynamoDB Local: apt-get install/,
      );
    } finally {
      process.env.PATH = path;
    }
  });

  it("stops when the process that started it is killed", { timeout: 90_000 }, async () => {
    // A process that starts DynamoDB Local, says where, and is killed: no exit handler runs.
    const starter = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `const { startDynamoDbLocal } = await import(${JSON.stringify(join(import.meta.dirname, "dynamodb-local.ts"))});
         const local = await startDynamoDbLocal({});
         console.log(local.endpoint);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const endpoint = await new Promise<string>((resolve, reject) => {
      starter.stdout.on("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
      starter.on("exit", (code) => reject(new Error(`the starter exited (${code}) first`)));
    });
    const port = Number(new URL(endpoint).port);
    expect(await connects("127.0.0.1", port)).toBe(true);
    starter.kill("SIGKILL");
    let listening = true;
    for (let waited = 0; listening && waited < 30_000; waited += 250) {
      await new Promise((done) => setTimeout(done, 250));
      listening = await connects("127.0.0.1", port);
    }
    expect(listening).toBe(false);
  });

  it("listens on the loopback interface only", { timeout: 60_000 }, async () => {
    const local = await startDynamoDbLocal({});
    try {
      const { port } = new URL(local.endpoint);
      expect(await connects("127.0.0.1", Number(port))).toBe(true);
      // Every 127.x address is this machine; a server bound to all interfaces answers on 127.0.0.2.
      expect(await connects("127.0.0.2", Number(port))).toBe(false);
    } finally {
      await local.stop();
    }
  });

  it("says so when the port is taken", async () => {
    const server = createServer();
    const port = await findFreePort();
    await new Promise<void>((done) => server.listen(port, done));
    try {
      await expect(startDynamoDbLocal({ port })).rejects.toThrow(`Port ${port} is already in use`);
    } finally {
      server.close();
    }
  });

  it("keeps tables on disk across a stop and a start", { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "termline-ddb-"));
    try {
      const first = await startDynamoDbLocal({ dataDir });
      const one = createDynamoClients({ endpoint: first.endpoint });
      await ensureTables(one.client, { events: "persist-events", views: "persist-views" });
      one.client.destroy();
      await first.stop();

      const second = await startDynamoDbLocal({ dataDir });
      const two = createDynamoClients({ endpoint: second.endpoint });
      const { TableNames } = await two.client.send(new ListTablesCommand({}));
      two.client.destroy();
      await second.stop();
      expect(TableNames).toEqual(["persist-events", "persist-views"]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
