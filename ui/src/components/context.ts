// The open draft's findings, shared with every field without passing them down.
import { getContext, setContext } from "svelte";
import type { Finding } from "../bindings";
import { errorAt } from "../lib/findings";

const KEY = Symbol("findings");

export function provideFindings(get: () => Finding[]): void {
  setContext(KEY, get);
}

/** A lookup of the current error for any path; call while the component starts. */
export function useErrors(): (path: string) => string | null {
  const get = getContext<(() => Finding[]) | undefined>(KEY);
  return (path) => (get ? errorAt(get(), path) : null);
}
