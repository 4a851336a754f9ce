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
    expect(states.at(-1)).toMatchObject({ kind: "failed", message: "The disk is full." });
    expect(a.unsaved).toBe(true);
    fail = false;
    await a.flush();
    expect(saved).toEqual(["x"]);
    expect(states.at(-1)?.kind).toBe("saved");
  });

  it("tries a failed save again on its own, waiting 1 s, 2 s, 4 s … at most 30 s, until it works", async () => {
    const attempts: number[] = []; // when each save was tried, in ms since the edit
    const states: SaveState[] = [];
    let fail = true;
    const start = Date.now();
    const a = new Autosave<string>({
      delayMs: 100,
      save: async () => {
        attempts.push(Date.now() - start);
        if (fail) throw { code: "store.io", message: "The disk is full." };
      },
      onState: (s) => states.push(s),
    });
    a.changed("x");
    await vi.advanceTimersByTimeAsync(100 + 1_000 + 2_000 + 4_000 + 8_000 + 16_000 + 30_000 + 30_000);
    const waits = attempts.slice(1).map((t, i) => t - attempts[i]);
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    // Each failure says when the next attempt comes.
    const last = states.at(-1);
    expect(last?.kind).toBe("failed");
    if (last?.kind === "failed") expect(last.retryAt.getTime() - Date.now()).toBe(30_000);
    // The disk takes writes again: the next attempt saves, and nothing is tried after it.
    fail = false;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(states.at(-1)?.kind).toBe("saved");
    expect(a.unsaved).toBe(false);
    const tried = attempts.length;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(attempts.length).toBe(tried);
    // A success resets the back-off: the next failure is tried again after 1 s.
    fail = true;
    a.changed("y");
    await vi.advanceTimersByTimeAsync(100 + 1_000);
    expect(attempts.length - tried).toBe(2);
  });

  it("an edit while waiting to retry is saved after the quiet time, once, instead of the retry", async () => {
    const saved: string[] = [];
    let fail = true;
    const a = new Autosave<string>({
      delayMs: 100,
      save: async (s) => {
        if (fail) throw { code: "store.io", message: "The disk is full." };
        saved.push(s);
      },
      onState: () => {},
    });
    a.changed("x");
    await vi.advanceTimersByTimeAsync(100); // failed; retry due in 1 s
    fail = false;
    await vi.advanceTimersByTimeAsync(500);
    a.changed("xy");
    await vi.advanceTimersByTimeAsync(100);
    expect(saved).toEqual(["xy"]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(saved).toEqual(["xy"]);
  });

  it("stop ends the retries", async () => {
    let tries = 0;
    const a = new Autosave<string>({
      delayMs: 100,
      save: async () => {
        tries++;
        throw new Error("The disk is full.");
      },
      onState: () => {},
    });
    a.changed("x");
    await vi.advanceTimersByTimeAsync(100);
    a.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(tries).toBe(1);
    expect(a.unsaved).toBe(true);
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

  it("says why a save failed and in how many seconds it is tried again", () => {
    const now = new Date(2026, 10, 23, 10, 42, 0);
    const retryAt = new Date(now.getTime() + 4_000);
    expect(savedLabel({ kind: "failed", message: "The disk is full.", retryAt }, now)).toBe(
      "Not saved: The disk is full. Trying again in 4 s.",
    );
    expect(savedLabel({ kind: "failed", message: "The disk is full", retryAt }, new Date(now.getTime() + 2_500))).toBe(
      "Not saved: The disk is full. Trying again in 2 s.",
    );
    expect(savedLabel({ kind: "failed", message: "The disk is full.", retryAt }, retryAt)).toBe("Not saved: The disk is full. Trying again…");
    expect(savedLabel({ kind: "failed", message: "The disk is full.", retryAt })).toBe("Not saved: The disk is full. Trying again shortly.");
  });
});
