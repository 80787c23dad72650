import type { CatalogEvent } from "../api/types.ts";
import {
  type CatalogKind,
  CHANNELS,
  type Channel,
  DEFAULT_SEGMENT,
  KIND_TEXT,
} from "../lib/catalog.ts";
import { describeInstant } from "../lib/dates.ts";
import { Sources } from "../ui/sources.tsx";
import { describeFuzzy } from "./launch-date.tsx";

/** Each "added" event: the kind it adds and the field that holds the new entry's id. */
const ADDED: Record<string, { kind: CatalogKind; idField: string }> = {
  PartyAdded: { kind: "parties", idField: "party" },
  ProviderAdded: { kind: "providers", idField: "provider" },
  ProductClassAdded: { kind: "product-classes", idField: "productClass" },
  ProductAdded: { kind: "products", idField: "product" },
  SegmentAdded: { kind: "segments", idField: "segment" },
};

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** Names as they stood when each event was recorded: a rename later does not rewrite the past. */
class NamesThen {
  private readonly names = new Map<string, string>([[`segments/${DEFAULT_SEGMENT}`, "Commercial"]]);
  of(kind: CatalogKind, id: unknown): string {
    return this.names.get(`${kind}/${text(id)}`) ?? text(id);
  }
  set(kind: CatalogKind, id: unknown, name: unknown): void {
    if (typeof name === "string") this.names.set(`${kind}/${text(id)}`, name);
  }
}

function channelPhrase(channel: unknown, party: string): string {
  if (channel === "first-party") return `the own channel of ${party}`;
  const label = CHANNELS[channel as Channel]?.label.toLowerCase() ?? text(channel);
  return `a ${label} channel run by ${party}`;
}

/** One event in a sentence, with the names of its time; updates `names` for the events after it. */
function describe(event: CatalogEvent, names: NamesThen): string {
  const data = event.data;
  const added = ADDED[event.type];
  if (added) {
    const { kind } = added;
    names.set(kind, data[added.idField], data.name);
    const lead = `Added the ${KIND_TEXT[kind].one} “${text(data.name)}”`;
    if (kind === "providers")
      return `${lead}: ${channelPhrase(data.channel, names.of("parties", data.party))}`;
    if (kind === "products") {
      const launch = text(data.availableFrom);
      const by = text(data.availableBy);
      const when = launch
        ? `, launching ${describeFuzzy(launch)}`
        : by
          ? `, available on or before ${describeFuzzy(by)}`
          : "";
      return `${lead}: ${names.of("product-classes", data.class)}, owned by ${names.of("parties", data.owner)}${when}`;
    }
    return lead;
  }
  if (event.type === "CatalogEntryChanged") {
    const kind = data.kind as CatalogKind;
    const was = names.of(kind, data.entry);
    const changes: string[] = [];
    if (typeof data.name === "string") changes.push(`renamed to “${data.name}”`);
    if (typeof data.availableFrom === "string")
      changes.push(`launch date set to ${describeFuzzy(data.availableFrom)}`);
    if (data.availableFrom === null) changes.push("launch date removed");
    if (typeof data.availableBy === "string")
      changes.push(`available on or before ${describeFuzzy(data.availableBy)}`);
    if (data.availableBy === null) changes.push("on-or-before date removed");
    if (data.retired === true) changes.push("retired");
    if (data.retired === false) changes.push("back in use");
    names.set(kind, data.entry, data.name);
    return `The ${KIND_TEXT[kind]?.one ?? "entry"} “${was}”: ${changes.join(", ")}`;
  }
  return event.type;
}

/** The catalog's log, newest first: what changed, by whom, when, on what source. */
export function CatalogTrail({ events }: { events: readonly CatalogEvent[] }) {
  const names = new NamesThen();
  const told = events.map((event) => ({ event, sentence: describe(event, names) }));
  if (told.length === 0) return <p>Nothing has been added to the catalog yet.</p>;
  return (
    <ol className="audit" data-testid="catalog-trail">
      {told.reverse().map(({ event, sentence }) => (
        <li
          key={event.id}
          className="audit-event"
          data-type={event.type}
          data-version={event.version}
        >
          <h3>
            <span className="version">v{event.version}</span> {sentence}
          </h3>
          <p className="muted small">
            Recorded {describeInstant(event.recordedAt)} by <strong>{event.recordedBy}</strong>
            {event.sources.length > 0 ? (
              <>
                {" "}
                · Sources: <Sources sources={event.sources} inline />
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ol>
  );
}
