import type { Locator, Page } from "playwright-core";
import type { ApiHarness } from "../api/support.ts";

/**
 * Steps a person takes on the Catalog screen, shared by the suites that start from an empty
 * tenant. Pickers are chosen by the names people see; ids are typed only where the form asks.
 */
export type Kind = "parties" | "providers" | "product-classes" | "products" | "segments";
const NOUN: Record<Kind, string> = {
  parties: "party",
  providers: "provider",
  "product-classes": "product class",
  products: "product",
  segments: "segment",
};

export interface EntryInput {
  name: string;
  id: string;
  /** Providers: the party's name and the channel's label. */
  party?: string;
  channel?: "Cloud" | "First party" | "Reseller";
  /** Products: the class's and the owner's names, and a launch date at a precision. */
  productClass?: string;
  owner?: string;
  launch?: { precision: "day" | "month" | "year"; value: string };
}

export const section = (page: Page, kind: Kind): Locator => page.getByTestId(`catalog-${kind}`);

/** Opens the add form of a kind and fills it in, without submitting. */
export async function fillNewEntry(page: Page, kind: Kind, entry: EntryInput): Promise<Locator> {
  const where = section(page, kind);
  await where.getByRole("button", { name: `Add a ${NOUN[kind]}` }).click();
  const form = where.getByRole("form", { name: `Add a ${NOUN[kind]}` });
  await form.getByLabel("Name", { exact: true }).fill(entry.name);
  await form.getByLabel("Id", { exact: true }).fill(entry.id);
  if (entry.party)
    await form.getByLabel("Party (who runs it)").selectOption({ label: entry.party });
  if (entry.channel)
    await form.getByRole("radio", { name: new RegExp(`^${entry.channel}:`) }).check();
  if (entry.productClass)
    await form.getByLabel("Product class").selectOption({ label: entry.productClass });
  if (entry.owner) await form.getByLabel(/^Owner/).selectOption({ label: entry.owner });
  if (entry.launch) {
    await form.getByLabel("Known to the").selectOption(entry.launch.precision);
    const label = { day: "Launch date", month: "Launch month", year: "Launch year" };
    await form.getByLabel(label[entry.launch.precision], { exact: true }).fill(entry.launch.value);
  }
  return form;
}

/** Adds an entry through the form and waits until the screen says it was added. */
export async function addEntry(page: Page, kind: Kind, entry: EntryInput): Promise<void> {
  const form = await fillNewEntry(page, kind, entry);
  await form.getByRole("button", { name: `Add the ${NOUN[kind]}` }).click();
  await section(page, kind)
    .getByRole("status")
    .filter({ hasText: `Added the ${NOUN[kind]} “${entry.name}”` })
    .waitFor();
  await section(page, kind).locator(`tr[data-entry="${entry.id}"]`).waitFor();
}

/** A catalog that shares no id with the reference case: a vision-model maker and two clouds. */
export const KESTREL = {
  parties: [
    { name: "Kestrel Robotics", id: "kestrel" },
    { name: "Harbor Compute", id: "harbor" },
    { name: "Quay Systems", id: "quay" },
  ],
  providers: [
    { name: "Harbor Cloud", id: "harbor-cloud", party: "Harbor Compute", channel: "Cloud" },
    { name: "Quay Cloud", id: "quay-cloud", party: "Quay Systems", channel: "Cloud" },
    {
      name: "Kestrel Direct",
      id: "kestrel-direct",
      party: "Kestrel Robotics",
      channel: "First party",
    },
  ],
  "product-classes": [{ name: "Vision models", id: "vision" }],
  products: [
    {
      name: "Kestrel Eye",
      id: "kestrel-eye",
      productClass: "Vision models",
      owner: "Kestrel Robotics",
    },
    {
      name: "Kestrel Eye Max",
      id: "kestrel-eye-max",
      productClass: "Vision models",
      owner: "Kestrel Robotics",
      launch: { precision: "month", value: "2028-06" },
    },
  ],
  segments: [{ name: "Healthcare", id: "healthcare" }],
} satisfies Record<Kind, EntryInput[]>;

/** Sets up the whole Kestrel catalog on the Catalog screen, kind by kind, as an editor would. */
export async function setUpKestrelCatalog(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/catalog`);
  for (const kind of ["parties", "providers", "product-classes", "products", "segments"] as const)
    for (const entry of KESTREL[kind] as EntryInput[]) await addEntry(page, kind, entry);
}

/** The same catalog through the API, for suites about what comes after setting it up. */
export async function seedKestrelCatalog(api: ApiHarness): Promise<void> {
  const idOf = (kind: Kind, name: string | undefined) =>
    (KESTREL[kind] as EntryInput[]).find((entry) => entry.name === name)?.id;
  const channels = { Cloud: "cloud", "First party": "first-party", Reseller: "reseller" };
  for (const kind of ["parties", "providers", "product-classes", "products", "segments"] as const)
    for (const entry of KESTREL[kind] as EntryInput[]) {
      const body = {
        id: entry.id,
        name: entry.name,
        ...(entry.party ? { party: idOf("parties", entry.party) } : {}),
        ...(entry.channel ? { channel: channels[entry.channel] } : {}),
        ...(entry.productClass ? { class: idOf("product-classes", entry.productClass) } : {}),
        ...(entry.owner ? { owner: idOf("parties", entry.owner) } : {}),
        ...(entry.launch ? { availableFrom: entry.launch.value } : {}),
      };
      const response = await api.call("POST", `/catalog/${kind}`, { body });
      if (response.status !== 201) throw new Error(`${kind} ${entry.id}: ${response.text}`);
    }
}
