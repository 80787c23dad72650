/** What every measure shares: the app under test, its clients, and the row a measure reports. */
import type { createDynamoClients } from "@termline/store";
import type { Wiring } from "../functions/src/local/wiring.ts";
import type { Metered } from "./capacity.ts";
import type { Sample } from "./stats.ts";

export interface Row {
  name: string;
  sample: Sample;
  baseline?: string;
  /** The baseline timed alternately with this operation, in the same window. */
  base?: Sample;
  cost?: Metered;
  note?: string;
}

export interface Bench {
  wiring: Wiring;
  /** The app's clock: fixed in the past while seeding, the real time otherwise. */
  setClock: (instant?: string) => void;
  raw: ReturnType<typeof createDynamoClients>["doc"];
  tables: { events: string; views: string };
  tokens: Map<string, unknown>;
}

export const editor = (tenant: string) => `editor-${tenant}`;
export const admin = (tenant: string) => `admin-${tenant}`;

export function client(bench: Bench, tenant: string) {
  const headers = { Authorization: `Bearer ${editor(tenant)}`, "Content-Type": "application/json" };
  const request = async (path: string, init: RequestInit = {}) => {
    const response = await bench.wiring.app.request(`/api/v1${path}`, {
      ...init,
      headers: { ...headers, ...(init.headers as Record<string, string> | undefined) },
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return text;
  };
  return { request, get: (path: string) => request(path) };
}
