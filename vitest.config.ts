import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["test/setup/dynamodb-local.ts"],
    include: ["packages/**/src/**/*.test.ts", "functions/src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
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
