import { describe, expect, it, vi, beforeEach, afterEach } from "vitest";
import { Autosave, savedLabel, type SaveState } from "./autosave";

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("Autosave", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("saves once after a burst of edits, with the newest snapshot", async () => {
    const saved: string[] = [];
    const a = new Autosave<string>({ delayMs: 500, save: async (s) => void saved.push(s), onState: () => {} });
    a.changed("a");
    await vi.advanceTimersByTimeAsync(200);
    a.changed("ab");
    await vi.advanceTimersByTimeAsync(200);
    a.changed("abc");
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(saved).toEqual(["abc"]);
  });

  it("never runs two saves at once and saves an edit made during a save", async () => {
    const gates = [deferred(), deferred()];
    const started: string[] = [];
    let running = 0;
    let most = 0;
    const a = new Autosave<string>({
      delayMs: 100,
      save: async (s) => {
        running++;
        most = Math.max(most, running);
        started.push(s);
        await gates[started.length - 1].promise;
        running--;
      },
      onState: () => {},
    });
    a.changed("one");
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toEqual(["one"]);
    a.changed("two");
    await vi.advanceTimersByTimeAsync(100); // its timer fires while "one" is in flight
    expect(started).toEqual(["one"]);
    gates[0].resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(["one", "two"]);
    gates[1].resolve();
    await a.flush();
    expect(most).toBe(1);
    expect(a.unsaved).toBe(false);
  });

  it("keeps a failed edit, reports it, and saves it on flush", async () => {
    const states: SaveState[] = [];
    let fail = true;
    const saved: string[] = [];
    const a = new Autosave<string>({
      delayMs: 100,
      save: async (s) => {
        if (fail) throw { code: "store.full", message: "The disk is full." };
        saved.push(s);
      },
      onState: (s) => states.push(s),
    });
    a.changed("x");
    await vi.advanceTimersByTimeAsync(100);
    expect(states.at(-1)).toEqual({ kind: "failed", message: "The disk is full." });
    expect(a.unsaved).toBe(true);
    fail = false;
    await a.flush();
    expect(saved).toEqual(["x"]);
    expect(states.at(-1)?.kind).toBe("saved");
  });

  it("flush saves a pending edit at once", async () => {
    const saved: string[] = [];
    const a = new Autosave<string>({ delayMs: 10_000, save: async (s) => void saved.push(s), onState: () => {} });
    a.changed("now");
    await a.flush();
    expect(saved).toEqual(["now"]);
  });
});

describe("savedLabel", () => {
  it("shows the time of the last save", () => {
    expect(savedLabel({ kind: "saved", at: new Date(2026, 10, 23, 10, 42) })).toBe("Saved at 10:42");
    expect(savedLabel({ kind: "saved", at: new Date(2026, 10, 23, 9, 5) })).toBe("Saved at 09:05");
    expect(savedLabel({ kind: "saving" })).toBe("Saving…");
  });
});
