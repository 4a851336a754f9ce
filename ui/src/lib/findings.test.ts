import { describe, expect, it } from "vitest";
import { describedBy, errorAt, errorsInItem, fieldId, itemIndex, move } from "./findings";
import type { Finding } from "../bindings";

const f = (path: string, severity: "error" | "warning", message: string): Finding => ({
  severity,
  step: "risks",
  path,
  code: "risks.owner_missing",
  message,
});

describe("findings", () => {
  it("turns a path into a stable element id", () => {
    expect(fieldId("risks[4].owner")).toBe("f-risks-4-owner");
    expect(fieldId("roles.raci[2].roles")).toBe("f-roles-raci-2-roles");
    expect(fieldId("details.title")).toBe("f-details-title");
  });
  it("shows the first error for a field, not warnings", () => {
    const all = [f("risks[0].owner", "warning", "w"), f("risks[0].owner", "error", "e1"), f("risks[0].owner", "error", "e2")];
    expect(errorAt(all, "risks[0].owner")).toBe("e1");
    expect(errorAt(all, "risks[1].owner")).toBeNull();
  });
  it("reorders lists without losing items", () => {
    expect(move(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(move(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(move(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
  });
  it("finds the list item a path points into", () => {
    expect(itemIndex("risks[12].mitigation", "risks")).toBe(12);
    expect(itemIndex("risks[3]", "risks")).toBe(3);
    expect(itemIndex("risks", "risks")).toBeNull();
    expect(itemIndex("risk_bands[1].name", "risks")).toBeNull();
    expect(itemIndex("finance.risks[1]", "risks")).toBeNull();
  });
  it("counts the errors inside one item, not warnings or other items", () => {
    const all = [f("risks[1].owner", "error", "a"), f("risks[1].mitigation", "error", "b"), f("risks[1].review_date", "warning", "c"), f("risks[10].owner", "error", "d")];
    expect(errorsInItem(all, "risks", 1)).toBe(2);
    expect(errorsInItem(all, "risks", 10)).toBe(1);
    expect(errorsInItem(all, "risks", 0)).toBe(0);
  });
});

describe("describedBy", () => {
  it("names the hint and the error only when they are shown", () => {
    expect(describedBy("f-x", "A hint", "An error")).toBe("f-x-hint f-x-error");
    expect(describedBy("f-x", "", "An error")).toBe("f-x-error");
    expect(describedBy("f-x", "", null)).toBeUndefined();
  });
});
