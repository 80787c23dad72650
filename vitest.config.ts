import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["test/setup/dynamodb-local.ts"],
    include: ["packages/**/src/**/*.test.ts", "functions/src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Vitest's default leaves one core idle (one worker on a 2-core machine), yet most files wait
    // on DynamoDB Local, Chromium or a server. Harnesses give requests all the time they need to
    // write their answers, so files side by side do not depend on the machine's speed.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A browser step that writes waits on the API and its inline answers; on a loaded machine
    // that can pass a second, `expect.poll`'s default.
    expect: { poll: { timeout: 10_000 } },
    // The AWS SDK warns once per process that it will need Node 22 from 2027; Lambda runs 22+.
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      // The suites' webhook receivers listen on this machine, which production refuses.
      TERMLINE_WEBHOOK_ALLOW_HOSTS: "127.0.0.1,localhost",
    },
  },
});
