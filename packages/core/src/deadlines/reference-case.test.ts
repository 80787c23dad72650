import { describe, expect, it } from "vitest";
import { foldReference } from "../testing/in-memory-agreements.ts";
import { namesIn } from "../views/names.ts";
import { deriveDeadlines } from "./derive.ts";

const today = "2026-04-27";
const reference = foldReference();

describe("the reference case's deadlines", () => {
  it("given the recorded case, when derived today, then every date of the facts table is there", () => {
    const deadlines = deriveDeadlines(reference.agreements, today, namesIn(reference.catalog));
    const dated = deadlines.map(({ date, precision, kind }) => `${date} ${precision} ${kind}`);
    expect(dated).toEqual(
      expect.arrayContaining([
        "2028-12-31 day tranche-due",
        "2030-12-31 year revenue-share-end",
        "2032-12-31 year license-end",
        "2034-02-28 month agreement-end",
        "2027-12-31 year capacity-milestone",
      ]),
    );
  });
});
