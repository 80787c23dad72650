/**
 * Reading an import document in the browser only to talk about it: its agreements' titles,
 * its workloads' names, where a problem's path points. Whether it is valid is the API's call.
 */
type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export type Parsed =
  | { document: Obj; problem?: undefined }
  | { document?: undefined; problem: string };

export function parseDocument(text: string): Parsed {
  if (!text.trim()) return { problem: "Choose a file or paste a document first." };
  try {
    const value: unknown = JSON.parse(text);
    if (isObj(value)) return { document: value };
    return {
      problem: 'The document must be one JSON object ({ "format": "termline-export", … }).',
    };
  } catch (error) {
    return {
      problem: `This is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

const agreementsOf = (document: Obj) => list(document.agreements).filter(isObj);

/** The title its AgreementRecorded gives an agreement, if the document records it. */
export function agreementTitle(document: Obj, id: string): string | undefined {
  const agreement = agreementsOf(document).find((item) => item.id === id);
  const recorded = list(agreement?.events).find(
    (event) => isObj(event) && event.type === "AgreementRecorded",
  );
  return isObj(recorded) && typeof recorded.title === "string" ? recorded.title : undefined;
}

export function workloadName(document: Obj, id: string): string | undefined {
  const workload = list(document.workloads).find((item) => isObj(item) && item.id === id);
  return isObj(workload) && typeof workload.name === "string" ? workload.name : undefined;
}

/** How much the document holds, for the person to check they picked the right one. */
export function contentsOf(document: Obj) {
  const agreements = agreementsOf(document);
  return {
    catalog: list(document.catalog).length,
    agreements: agreements.length,
    events: agreements.reduce((sum, agreement) => sum + list(agreement.events).length, 0),
    workloads: list(document.workloads).length,
  };
}

/**
 * `agreements.2.events.5.holder` → `agreement 3 (“Lumen–Stratus”), event 6 (ExclusivityGranted), holder`:
 * where in the document a problem is, in words, beside the path itself.
 */
export function describePath(document: Obj | undefined, path: string): string {
  const parts = path.split(".");
  const [section, first, inner, second, ...rest] = parts;
  const index = Number(first);
  if (!document || !Number.isInteger(index)) return path ? `“${path}”` : "the document";
  if (section === "agreements") {
    const agreement = agreementsOf(document)[index];
    const id = typeof agreement?.id === "string" ? agreement.id : "";
    const named = agreementTitle(document, id) ?? id;
    const where = [`agreement ${index + 1}${named ? ` (“${named}”)` : ""}`];
    if (inner === "events" && second !== undefined) {
      const event = list(agreement?.events)[Number(second)];
      const type = isObj(event) && typeof event.type === "string" ? ` (${event.type})` : "";
      where.push(`event ${Number(second) + 1}${type}`);
      if (rest.length > 0) where.push(rest.join("."));
    } else if (inner) where.push([inner, second, ...rest].filter(Boolean).join("."));
    return where.join(", ");
  }
  if (section === "catalog") {
    const event = list(document.catalog)[index];
    const type = isObj(event) && typeof event.type === "string" ? ` (${event.type})` : "";
    const field = [inner, second, ...rest].filter(Boolean).join(".");
    return `catalog change ${index + 1}${type}${field ? `, ${field}` : ""}`;
  }
  if (section === "workloads") {
    const workload = list(document.workloads)[index];
    const name =
      isObj(workload) && typeof workload.name === "string" ? ` (“${workload.name}”)` : "";
    const field = [inner, second, ...rest].filter(Boolean).join(".");
    return `workload ${index + 1}${name}${field ? `, ${field}` : ""}`;
  }
  return `“${path}”`;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "14 catalog changes, 3 agreements (9 events) and 1 workload". */
export function describeContents(contents: ReturnType<typeof contentsOf>): string {
  return `${count(contents.catalog, "catalog change")}, ${count(contents.agreements, "agreement")} (${count(contents.events, "event")}) and ${count(contents.workloads, "workload")}`;
}
