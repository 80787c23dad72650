/**
 * Per-stage settings come from infra/stages.ts, never from the deployer's shell: a deploy from
 * another shell must not silently drop the domain, the alarm address or the mail sender.
 */
import { describe, expect, it } from "vitest";
import { settingsFor, stages } from "../../infra/stages.ts";

describe("stage settings", () => {
  it("a personal stage gets no domain and no alarm address", () => {
    expect(settingsFor("alice", {})).toEqual({ mailSender: "alerts@example.com" });
  });

  it("refuses a variable that used to be read from the shell, naming where it went", () => {
    expect(() => settingsFor("prod", { TERMLINE_DOMAIN: "termline.acme.com" })).toThrow(
      'TERMLINE_DOMAIN is no longer read from the shell: set the stage "prod" in infra/stages.ts instead',
    );
    expect(() =>
      settingsFor("alice", {
        TERMLINE_OPS_EMAIL: "ops@acme.com",
        TERMLINE_MAIL_SENDER: "acme.com",
      }),
    ).toThrow("TERMLINE_OPS_EMAIL, TERMLINE_MAIL_SENDER are no longer read from the shell");
  });

  it("refuses to deploy a named stage that still has placeholder values", () => {
    expect(() => settingsFor("prod", {})).toThrow(
      'infra/stages.ts: stage "prod" still has placeholder opsEmail, mailSender',
    );
  });

  it("returns a named stage's settings once they are real", () => {
    stages.staging = {
      domain: "staging.acme.com",
      opsEmail: "ops@acme.com",
      mailSender: "acme.com",
    };
    expect(settingsFor("staging", {})).toEqual({
      domain: "staging.acme.com",
      opsEmail: "ops@acme.com",
      mailSender: "acme.com",
    });
  });
});
