// The library's status column, from the checks the core stored with each draft's last save.
import type { DraftSummary } from "../bindings";

export function draftStatus(
  d: Pick<DraftSummary, "archived" | "steps_complete" | "steps_with_problems">,
): { label: string; tag: string; detail: string } {
  const done = d.steps_complete;
  const detail = done === null ? "" : `${done} of 12 steps complete`;
  if (d.archived) return { label: "Archived", tag: "nhsuk-tag--grey", detail };
  if (d.steps_with_problems) {
    const n = d.steps_with_problems;
    return { label: "Has problems", tag: "nhsuk-tag--red", detail: `${n} ${n === 1 ? "step" : "steps"} to fix` };
  }
  if (done === 12) return { label: "Complete", tag: "nhsuk-tag--green", detail: "every partner approved" };
  return { label: "In progress", tag: "nhsuk-tag--blue", detail };
}
