import { describe, expect, it } from "vitest";
import { describedBy, errorAt, fieldId, move } from "./findings";
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
});

describe("describedBy", () => {
  it("names the hint and the error only when they are shown", () => {
    expect(describedBy("f-x", "A hint", "An error")).toBe("f-x-hint f-x-error");
    expect(describedBy("f-x", "", "An error")).toBe("f-x-error");
    expect(describedBy("f-x", "", null)).toBeUndefined();
  });
});
