// Calls into the core through the generated bindings; a failed command throws
// its CommandError ({ code, message }), whose message is written for the user.
import type { CommandError } from "./bindings";

type Result<T> = { status: "ok"; data: T } | { status: "error"; error: CommandError };

export async function call<T>(pending: Promise<Result<T>>): Promise<T> {
  const r = await pending;
  if (r.status === "error") throw r.error;
  return r.data;
}

export function messageOf(e: unknown): string {
  if (e && typeof e === "object" && "message" in e) return String((e as { message: unknown }).message);
  return String(e);
}

/** A new stable id for a partner, an objective or a RACI activity. */
export function newId(): string {
  return crypto.randomUUID().replace(/-/g, "");
}

export const newPartnerId = newId;
