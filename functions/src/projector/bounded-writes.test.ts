import { describe, expect, it } from "vitest";
import { boundedWrites } from "./bounded-writes.ts";

const gate = () => {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
};
/** Lets every settled promise's callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("bounded writes", () => {
  it("makes the next write only once one of the running ones has finished", async () => {
    const writes = boundedWrites(2);
    const gates = [gate(), gate(), gate()];
    let made = 0;
    const loop = (async () => {
      for (const { opened } of gates)
        await writes.start(async () => {
          made++;
          await opened;
        });
    })();
    await settle();
    expect(made).toBe(2);
    gates[1]?.open();
    await settle();
    expect(made).toBe(3);
    gates[0]?.open();
    gates[2]?.open();
    await loop;
    await writes.done();
  });

  it("finishes the other writes and then throws the first failure", async () => {
    const writes = boundedWrites(2);
    const finished: number[] = [];
    for (const n of [1, 2, 3, 4])
      await writes.start(async () => {
        await settle();
        if (n === 2 || n === 3) throw new Error(`write ${n} failed`);
        finished.push(n);
      });
    await expect(writes.done()).rejects.toThrow("write 2 failed");
    expect(finished.sort()).toEqual([1, 4]);
  });
});
