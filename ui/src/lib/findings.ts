// Findings from the core name a field by path ("risks[4].owner"). The form gives
// each control an id made from its path, so the error summary can link to it.
import type { Finding, Step } from "../bindings";

export function fieldId(path: string): string {
  return "f-" + path.replace(/\[(\d+)\]/g, "-$1").replace(/[^A-Za-z0-9_-]+/g, "-");
}

export function forStep(findings: Finding[], step: Step): Finding[] {
  return findings.filter((f) => f.step === step);
}

/** The first error for exactly this field, to show beside it. */
export function errorAt(findings: Finding[], path: string): string | null {
  return findings.find((f) => f.path === path && f.severity === "error")?.message ?? null;
}

/** Moves the item at `from` one place up (-1) or down (+1); returns a new array. */
export function move<T>(items: T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (to < 0 || to >= items.length) return items;
  const copy = items.slice();
  [copy[from], copy[to]] = [copy[to], copy[from]];
  return copy;
}

/** The aria-describedby of a control: its hint and its error, where shown. */
export function describedBy(id: string, hint: string, error: string | null): string | undefined {
  return [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
}

/** The item a path points into, for a list: itemIndex("risks[4].owner", "risks") is 4. */
export function itemIndex(path: string, list: string): number | null {
  const m = path.startsWith(list + "[") ? /^\[(\d+)\]/.exec(path.slice(list.length)) : null;
  return m ? Number(m[1]) : null;
}

/** How many errors there are inside item `index` of `list`. */
export function errorsInItem(findings: Finding[], list: string, index: number): number {
  return findings.filter((f) => f.severity === "error" && itemIndex(f.path, list) === index).length;
}
