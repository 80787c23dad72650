/// <reference path="./.sst/platform/config.d.ts" />

// Placeholder: the AWS stack (infra/*.ts) is its own issue. The handlers it will deploy already
// exist in functions/src with the signatures Lambda calls.
export default $config({
  app(input) {
    return {
      name: "termline",
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: input?.stage === "production",
      home: "aws",
    };
  },
  async run() {},
});
