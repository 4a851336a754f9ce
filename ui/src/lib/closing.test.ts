import { afterEach, describe, expect, it } from "vitest";
import { Autosave } from "./autosave";
import { closeRequested, holdCloseWith, savedBeforeClose } from "./closing";

describe("closing the window", () => {
  let release: (() => void) | null = null;
  afterEach(() => release?.());

  it("closes at once when nothing holds it", async () => {
    const answers: boolean[] = [];
    await closeRequested(async (c) => answers.push(c));
    expect(answers).toEqual([true]);
  });

  it("saves a pending edit before answering, without waiting for the pause in typing", async () => {
    const saved: string[] = [];
    const a = new Autosave<string>({ delayMs: 60_000, save: async (s) => void saved.push(s), onState: () => {} });
    release = holdCloseWith(() => savedBeforeClose(a));
    a.changed("last keystrokes");
    const answers: boolean[] = [];
    await closeRequested(async (c) => answers.push(c));
    expect(saved).toEqual(["last keystrokes"]);
    expect(answers).toEqual([true]);
  });

  it("stays open when the save fails, keeping the edit", async () => {
    let fail = true;
    const saved: string[] = [];
    const a = new Autosave<string>({
      delayMs: 60_000,
      save: async (s) => {
        if (fail) throw { code: "store.io", message: "The disk is full." };
        saved.push(s);
      },
      onState: () => {},
    });
    release = holdCloseWith(() => savedBeforeClose(a));
    a.changed("edit");
    const answers: boolean[] = [];
    await closeRequested(async (c) => answers.push(c));
    expect(answers).toEqual([false]);
    expect(a.unsaved).toBe(true);
    fail = false;
    await closeRequested(async (c) => answers.push(c));
    expect(answers).toEqual([false, true]);
    expect(saved).toEqual(["edit"]);
  });

  it("stays open when the check itself breaks", async () => {
    release = holdCloseWith(async () => {
      throw new Error("boom");
    });
    const answers: boolean[] = [];
    await closeRequested(async (c) => answers.push(c));
    expect(answers).toEqual([false]);
  });

  it("a screen's check goes with the screen", async () => {
    const remove = holdCloseWith(async () => false);
    remove();
    const answers: boolean[] = [];
    await closeRequested(async (c) => answers.push(c));
    expect(answers).toEqual([true]);
  });
});
