import { describe, expect, it } from "vitest";
import { draftStatus } from "./library";

describe("draftStatus", () => {
  it("puts problems first, then completeness", () => {
    expect(draftStatus({ archived: false, steps_complete: 7, steps_with_problems: 2 })).toEqual({
      label: "Has problems", tag: "nhsuk-tag--red", detail: "2 steps to fix",
    });
    expect(draftStatus({ archived: false, steps_complete: 7, steps_with_problems: 0 }).detail).toBe("7 of 12 steps complete");
    expect(draftStatus({ archived: false, steps_complete: 12, steps_with_problems: 0 }).label).toBe("Complete");
    expect(draftStatus({ archived: true, steps_complete: 12, steps_with_problems: 0 }).label).toBe("Archived");
  });
  it("says nothing it does not know (a draft not saved since the column was added)", () => {
    expect(draftStatus({ archived: false, steps_complete: null, steps_with_problems: null })).toEqual({
      label: "In progress", tag: "nhsuk-tag--blue", detail: "",
    });
  });
});
