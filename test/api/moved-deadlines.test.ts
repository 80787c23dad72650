import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ApiHarness, createApiHarness, type Json, SEEDED_AT, versionOf } from "./support.ts";

/** Real amendments on the seeded case, and the deadlines and alerts they move. */
let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("moved-deadlines");
});
afterAll(async () => {
  await api?.drop();
});

const appendTo = (id: string, body: Json) =>
  api.call("POST", `/agreements/${id}/events`, { token: "editor-a", body });

const daysBefore = (date: string, days: number) => {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) - days)).toISOString().slice(0, 10);
};

describe("amendments move deadlines", () => {
  const deadline = async (id: string) => {
    const response = await api.get("/deadlines");
    expect(response.status).toBe(200);
    return (response.body.deadlines as Json[]).find((d) => d.id === id);
  };

  it("a LicenseAmended moving the end date moves the deadline and its alerts", async () => {
    api.setNow(SEEDED_AT);
    const id = "microsoft-openai:microsoft-ip-license:license-end";
    const person = { id: "rosa", name: "Rosa Parks", email: "rosa@acme.example" };
    expect((await api.call("POST", "/people", { token: "admin-a", body: person })).status).toBe(
      201,
    );
    const owned = await api.call("PUT", `/deadlines/${encodeURIComponent(id)}/owner`, {
      token: "editor-a",
      body: { personId: "rosa" },
    });
    expect(owned.status, owned.text).toBe(200);
    const was = await deadline(id);
    expect(was).toMatchObject({ date: "2032-12-31", precision: "year", kind: "license-end" });

    const response = await appendTo("microsoft-openai", {
      expectedVersion: await versionOf(api, "microsoft-openai"),
      events: [
        {
          type: "LicenseAmended",
          effectiveOn: "2026-06-01",
          termId: "microsoft-ip-license",
          until: "2031-06-30",
        },
      ],
    });
    expect(response.status, response.text).toBe(201);

    // The moved deadline's new item names its owner: the list reads no owner record.
    const { viewStore } = api.runtime;
    const spies = [
      vi.spyOn(viewStore, "listItems"),
      vi.spyOn(viewStore, "queryItems"),
      vi.spyOn(viewStore, "getItemsTogether"),
    ];
    let calls: string[] = [];
    const now = await deadline(id).finally(() => {
      calls = spies.flatMap((spy) => spy.mock.calls.map((call) => JSON.stringify(call)));
      for (const spy of spies) spy.mockRestore();
    });
    // The index was read, and no owner record.
    expect(calls.some((call) => call.includes('"deadline#'))).toBe(true);
    expect(calls.filter((call) => call.includes("deadline-owner#"))).toEqual([]);
    expect(now?.owner).toEqual({ id: "rosa", name: "Rosa Parks" });
    expect(now).toMatchObject({ date: "2031-06-30", precision: "day", kind: "license-end" });
    expect(now?.alerts.length).toBeGreaterThan(0);
    for (const alert of now?.alerts ?? []) {
      expect(alert.on).toBe(daysBefore("2031-06-30", alert.leadDays));
      const previous = was?.alerts.find((a: Json) => a.leadDays === alert.leadDays);
      expect(previous?.on).toBe(daysBefore("2032-12-31", alert.leadDays));
      expect(alert.on).not.toBe(previous?.on);
    }
  });

  it("a TermAmended moving a tranche's due date moves its deadline", async () => {
    const id = "amazon-openai:amazon-contingent-tranches:tranche-due";
    expect(await deadline(id)).toMatchObject({ date: "2028-12-31", precision: "day" });
    const response = await appendTo("amazon-openai", {
      expectedVersion: await versionOf(api, "amazon-openai"),
      events: [
        {
          type: "TermAmended",
          effectiveOn: "2026-06-01",
          termId: "amazon-contingent-tranches",
          changes: { dueBy: "2029-06" },
        },
      ],
    });
    expect(response.status, response.text).toBe(201);
    const moved = await deadline(id);
    expect(moved).toMatchObject({ date: "2029-06-30", precision: "month" });
    for (const alert of moved?.alerts ?? [])
      expect(alert.on).toBe(daysBefore("2029-06-30", alert.leadDays));
  });

  it("a NoteAdded is on the audit trail and changes no deadline", async () => {
    const before = (await api.get("/deadlines")).body.deadlines;
    const version = await versionOf(api, "microsoft-openai");
    const response = await appendTo("microsoft-openai", {
      expectedVersion: version,
      events: [{ type: "NoteAdded", text: "Checked with legal." }],
    });
    expect(response.status).toBe(201);
    const log = await api.get(`/agreements/microsoft-openai/events?after=${version}`);
    expect(log.body.events).toEqual([
      expect.objectContaining({
        type: "NoteAdded",
        effectiveOn: "2026-06-01",
        data: { text: "Checked with legal." },
      }),
    ]);
    expect((await api.get("/deadlines")).body.deadlines).toEqual(before);
  });
});
