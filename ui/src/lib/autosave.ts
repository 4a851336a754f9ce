// Autosave: edits are saved after a quiet moment, one save at a time, and the
// newest edit always wins. Typing never waits: `changed` only records and schedules.

export type SaveState =
  | { kind: "idle" }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "saved"; at: Date }
  | { kind: "failed"; message: string };

export interface AutosaveOptions<T> {
  /** Quiet time after the last edit before saving, in milliseconds. */
  delayMs: number;
  /** Saves one snapshot; rejects with a message on failure. */
  save: (snapshot: T) => Promise<void>;
  /** Told every time the state changes. */
  onState: (state: SaveState) => void;
  now?: () => Date;
}

export class Autosave<T> {
  private latest: T | undefined;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly opts: AutosaveOptions<T>;

  constructor(opts: AutosaveOptions<T>) {
    this.opts = opts;
  }

  /** Records an edit; the save happens after `delayMs` without further edits. */
  changed(snapshot: T): void {
    this.latest = snapshot;
    this.dirty = true;
    this.opts.onState({ kind: "pending" });
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, this.opts.delayMs);
  }

  /** Saves any edit now and resolves when everything is on disk (or the save failed). */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.run();
  }

  /** Whether an edit is not saved yet. */
  get unsaved(): boolean {
    return this.dirty || this.inFlight !== undefined;
  }

  private async run(): Promise<void> {
    // One save at a time: wait for the one in flight, then save what is newest.
    while (this.inFlight) await this.inFlight;
    if (!this.dirty || this.latest === undefined) return;
    const snapshot = this.latest;
    this.dirty = false;
    this.opts.onState({ kind: "saving" });
    this.inFlight = this.opts.save(snapshot).then(
      () => {
        if (!this.dirty) this.opts.onState({ kind: "saved", at: (this.opts.now ?? (() => new Date()))() });
      },
      (e: unknown) => {
        // Keep the edit: it is retried with the next change or flush.
        this.dirty = true;
        this.opts.onState({ kind: "failed", message: errorMessage(e) });
      },
    );
    try {
      await this.inFlight;
    } finally {
      this.inFlight = undefined;
    }
    if (this.dirty && this.timer === undefined && this.latest !== snapshot) await this.run();
  }
}

export function errorMessage(e: unknown): string {
  if (typeof e === "string") return e;
  if (e && typeof e === "object" && "message" in e) return String((e as { message: unknown }).message);
  return String(e);
}

/** "Saved at 10:42", in the user's local time, 24-hour clock as NHS style prefers. */
export function savedLabel(state: SaveState): string {
  switch (state.kind) {
    case "idle":
      return "All changes saved";
    case "pending":
    case "saving":
      return "Saving…";
    case "saved":
      return `Saved at ${String(state.at.getHours()).padStart(2, "0")}:${String(state.at.getMinutes()).padStart(2, "0")}`;
    case "failed":
      return `Not saved: ${state.message}`;
  }
}
