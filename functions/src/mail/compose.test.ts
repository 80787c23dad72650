import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { buildMail, dateInWords, leadInWords } from "./compose.ts";

describe("mail text", () => {
  it("says a deadline's date at the precision it is known", () => {
    expect(dateInWords("2028-12-31", "day")).toBe("on 31 December 2028");
    expect(dateInWords("2027-12-31", "year")).toBe(
      "by the end of 2027 (only the year is known, so it counts from 31 December)",
    );
    expect(dateInWords("2026-09-30", "month")).toBe(
      "by the end of September 2026 (only the month is known, so it counts from its last day)",
    );
    expect([0, 1, 90].map(leadInWords)).toEqual(["today", "tomorrow", "in 90 days"]);
  });

  it("escapes what people typed in the HTML part, and keeps the plain part as typed", async () => {
    const built = await buildMail(
      { from: "Termline <alerts@termline.test>", baseUrl: "http://termline.test" },
      {
        id: "acme|x",
        tenant: "acme",
        to: { name: "Dana <script>", address: "dana@acme.example" },
        subject: "Due today: <b>A & B</b>",
        blocks: [
          { text: "Terms <i>and</i> conditions" },
          { link: "http://termline.test/?a=1&b=2", label: "Open" },
        ],
        unsubscribeUrl: "http://termline.test/u",
        date: new Date("2028-10-02T08:00:00Z"),
      },
    );
    const parsed = await simpleParser(built.raw);
    expect(parsed.html).toContain("<p>Terms &lt;i&gt;and&lt;/i&gt; conditions</p>");
    expect(parsed.html).toContain('<a href="http://termline.test/?a=1&amp;b=2">Open</a>');
    expect(parsed.html).not.toContain("<i>");
    expect(parsed.text).toBe(
      "Terms <i>and</i> conditions\n\nOpen: http://termline.test/?a=1&b=2\n",
    );
    expect(parsed.subject).toBe("Due today: <b>A & B</b>");
    // The same id always gives the same Message-ID, so a resent copy is recognisably the same mail.
    const again = await buildMail(
      { from: "Termline <alerts@termline.test>", baseUrl: "http://termline.test" },
      {
        id: "acme|x",
        tenant: "acme",
        to: { name: "Dana", address: "dana@acme.example" },
        subject: "s",
        blocks: [],
        unsubscribeUrl: "http://termline.test/u",
        date: new Date(),
      },
    );
    expect((await simpleParser(again.raw)).messageId).toBe(parsed.messageId);
    expect(built.from).toBe("alerts@termline.test");
  });
});
