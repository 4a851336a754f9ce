// Autosave: edits are saved after a quiet moment, one save at a time, and the
// newest edit always wins. Typing never waits: `changed` only records and schedules.
// A failed save is tried again on its own after 1 s, 2 s, 4 s … (at most 30 s apart),
// and at once by the next edit, a flush (leaving the step, closing the window).

export type SaveState =
  | { kind: "idle" }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "saved"; at: Date }
  /** `retryAt`: when the next attempt is made on its own. */
  | { kind: "failed"; message: string; retryAt: Date };

export interface AutosaveOptions<T> {
  /** Quiet time after the last edit before saving, in milliseconds. */
  delayMs: number;
  /** Saves one snapshot; rejects with a message on failure. */
  save: (snapshot: T) => Promise<void>;
  /** Told every time the state changes. */
  onState: (state: SaveState) => void;
  now?: () => Date;
  /** Wait before the first retry of a failed save, doubled after each failure; default 1 s. */
  retryFirstMs?: number;
  /** The longest wait between retries; default 30 s. */
  retryMaxMs?: number;
}

export const RETRY_FIRST_MS = 1_000;
export const RETRY_MAX_MS = 30_000;

export class Autosave<T> {
  private latest: T | undefined;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Failed saves in a row; the back-off doubles with each, and a success resets it. */
  private failures = 0;
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
    this.cancelRetry(); // the save after this edit is the next attempt
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
    this.cancelRetry();
    await this.run();
  }

  /** Stops the timers (the screen is gone); an unsaved edit stays unsaved. */
  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.cancelRetry();
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
    this.cancelRetry();
    this.opts.onState({ kind: "saving" });
    this.inFlight = this.opts.save(snapshot).then(
      () => {
        this.failures = 0;
        if (!this.dirty) this.opts.onState({ kind: "saved", at: this.now() });
      },
      (e: unknown) => {
        // Keep the edit and try again later on its own (sooner if edited or flushed).
        this.dirty = true;
        const wait = this.retryWait();
        this.failures++;
        this.cancelRetry();
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          void this.run();
        }, wait);
        this.opts.onState({ kind: "failed", message: errorMessage(e), retryAt: new Date(this.now().getTime() + wait) });
      },
    );
    try {
      await this.inFlight;
    } finally {
      this.inFlight = undefined;
    }
    if (this.dirty && this.timer === undefined && this.latest !== snapshot) await this.run();
  }

  /** 1 s, 2 s, 4 s … after the 1st, 2nd, 3rd failure in a row, never more than the cap. */
  private retryWait(): number {
    const first = this.opts.retryFirstMs ?? RETRY_FIRST_MS;
    const max = this.opts.retryMaxMs ?? RETRY_MAX_MS;
    return Math.min(first * 2 ** Math.min(this.failures, 30), max);
  }

  private cancelRetry(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private now(): Date {
    return (this.opts.now ?? (() => new Date()))();
  }
}

export function errorMessage(e: unknown): string {
  if (typeof e === "string") return e;
  if (e && typeof e === "object" && "message" in e) return String((e as { message: unknown }).message);
  return String(e);
}

/** "Saved at 10:42", in the user's local time, 24-hour clock as NHS style prefers.
 *  A failure says why and, given `now`, in how many seconds it is tried again; without
 *  `now` the words stay the same until the state changes (for screen readers, which
 *  would otherwise read out a countdown every second). */
export function savedLabel(state: SaveState, now?: Date): string {
  switch (state.kind) {
    case "idle":
      return "All changes saved";
    case "pending":
    case "saving":
      return "Saving…";
    case "saved":
      return `Saved at ${String(state.at.getHours()).padStart(2, "0")}:${String(state.at.getMinutes()).padStart(2, "0")}`;
    case "failed": {
      const why = /[.!?]$/.test(state.message.trim()) ? state.message.trim() : `${state.message.trim()}.`;
      if (!now) return `Not saved: ${why} Trying again shortly.`;
      const seconds = Math.ceil((state.retryAt.getTime() - now.getTime()) / 1000);
      return `Not saved: ${why} ${seconds > 0 ? `Trying again in ${seconds} s.` : "Trying again…"}`;
    }
  }
}
