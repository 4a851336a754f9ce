import { describe, expect, it } from "vitest";
import type { Identification } from "../types";
import { commentFieldOf, commentItems, comparePoints, decisionFieldOf, decisionTag, describePdf, finalNumber, issueFieldOf, longDate, pdfChange, resolutionOf, todayIso } from "./review";
import type { Agreement } from "../types";

const ours = (integrity: Extract<Identification["file"], { kind: "ours" }>["integrity"]): Identification => ({
  file: {
    kind: "ours", title: "Hollinsmoor MoU", reference: "HP-1", version: "0.5", final: true, template: "pooled",
    fingerprint: "K7QF-2MXA", fingerprint_hex: "ab", pages: 20, integrity, agreement: "matches", sha256: "cd",
  },
  known: null,
});

describe("the review round in words", () => {
  it("tags each decision", () => {
    expect(decisionTag("approved")).toEqual({ label: "Approved", tag: "nhsuk-tag--green" });
    expect(decisionTag("declined").label).toBe("Declined");
  });

  it("offers each issued version, then the current draft", () => {
    const v = { revision: 2, issued_at: "", issued_on: "2027-01-11", sent_to: [], note: "" };
    expect(comparePoints([{ ...v, version: "0.4" }]).map((p) => p.value)).toEqual(["0.4", "draft"]);
  });

  it("puts each refusal beside its field", () => {
    for (const [code, field] of [["review.bad_version", "version"], ["store.version_taken", "version"], ["review.unknown_partner", "partners"], ["store.io", "form"]]) {
      expect(issueFieldOf(code)).toBe(field);
    }
    expect(decisionFieldOf("review.decision_incomplete", "declined")).toBe("reason");
    expect(decisionFieldOf("review.decision_incomplete", "approved")).toBe("by");
    expect(decisionFieldOf("store.version_not_found", "sent")).toBe("version");
  });

  it("writes dates as people do", () => {
    expect(todayIso(new Date(2027, 0, 5))).toBe("2027-01-05");
    expect(longDate("2027-01-11")).toBe("11 January 2027");
  });
});

describe("describePdf", () => {
  it("says an exact file is exactly as made, with version and final", () => {
    const d = describePdf(ours({ state: "exact" }));
    expect(d.verdict).toBe("exact");
    expect(d.heading).toBe("This PDF is exactly as MoU Builder made it");
    expect(d.about.join(" ")).toContain("Version 0.5, final, for signing");
    expect(d.known[0]).toContain("did not make it");
  });

  it("lists every change to a changed file", () => {
    const d = describePdf(ours({ state: "changed", changes: [{ change: "appended", bytes: 120 }, { change: "annotations", count: 2, pages: [1, 3] }] }));
    expect(d.verdict).toBe("changed");
    expect(d.changes).toEqual([
      "Another program saved additions after the original (120 bytes); the original is intact inside it.",
      "2 annotations (notes, highlights or marks) on pages 1 and 3.",
    ]);
    expect(pdfChange({ change: "pages_missing", pages: [4] })).toBe("Page 4 of the original is missing.");
  });

  it("names what the library knows, even of a draft whose title was emptied", () => {
    const made = { sha256: "cd", fingerprint: "ab", draft: 3, revision: 4, version: "0.5", final: true, template: "pooled", pages: 20, bytes: 1, made_at: "2027-01-20T10:00:00Z" };
    const issued = { version: "0.5", revision: 4, issued_at: "", issued_on: "2027-01-11", sent_to: ["icb", "council"], note: "" };
    const id = { ...ours({ state: "exact" }), known: { same_file: true, made, draft_title: "", issued } };
    id.file = { ...id.file, title: " " } as typeof id.file;
    const d = describePdf(id);
    expect(d.about[0]).toBe("An agreement with no title (reference HP-1).");
    expect(d.known).toEqual([
      "This library made this file, from the agreement with no title (save 4) on 20 January 2027.",
      "Version 0.5 was issued on 11 January 2027 to 2 partners.",
    ]);
    expect(describePdf({ ...id, known: { ...id.known, draft_title: null } }).known[0]).toContain("an agreement since deleted");
  });

  it("says whether the agreement inside can be imported", () => {
    expect(describePdf(ours({ state: "exact" })).about.join(" ")).toContain("importing the PDF restores the agreement exactly");
    const altered = ours({ state: "changed", changes: [{ change: "rewritten" }] });
    altered.file = { ...altered.file, agreement: "altered" } as typeof altered.file;
    expect(describePdf(altered).about.join(" ")).toContain("does not match what it shows");
    const old = ours({ state: "exact" });
    old.file = { ...old.file, agreement: "not_carried" } as typeof old.file;
    expect(describePdf(old).about.join(" ")).toContain("does not carry its agreement");
  });

  it("says when a file is not ours", () => {
    expect(describePdf({ file: { kind: "not_pdf" }, known: null }).heading).toBe("This file is not a PDF");
    expect(describePdf({ file: { kind: "not_ours" }, known: null }).verdict).toBe("not_ours");
  });
});

describe("comments and the final version", () => {
  const v = (version: string) => ({ version, revision: 2, issued_at: "", issued_on: "2027-01-11", sent_to: [], note: "" });

  it("offers a step's items by their stable ids", () => {
    const a = {
      risks: [{ id: " R01 ", description: "Demand outstrips the budget" }],
      clauses: [{ key: "exit", title: "" }],
      objectives: [{ id: "o1", title: "Fewer admissions" }, { id: "", title: "Not yet given an id" }],
      roles: { raci: [{ id: "a1", activity: "Approve the budget" }] },
    } as unknown as Agreement;
    expect(commentItems(a, "risks")).toEqual([{ value: "risk:R01", label: "R01: Demand outstrips the budget" }]);
    expect(commentItems(a, "clauses")).toEqual([{ value: "clause:exit", label: "exit" }]);
    expect(commentItems(a, "objectives").map((o) => o.value)).toEqual(["objective:o1"]);
    expect(commentItems(a, "roles")[0].value).toBe("raci:a1");
    expect(commentItems(a, "vision")).toEqual([]);
  });

  it("puts a comment's refusal beside its field", () => {
    expect(commentFieldOf("review.comment_incomplete", true)).toBe("text");
    expect(commentFieldOf("review.comment_incomplete", false)).toBe("item");
    expect(commentFieldOf("store.version_not_found", false)).toBe("version");
    expect(commentFieldOf("review.unknown_partner", false)).toBe("partner");
    expect(commentFieldOf("store.io", false)).toBe("form");
  });

  it("says how a comment was dealt with", () => {
    expect(resolutionOf({ state: "open" }).label).toBe("Open");
    expect(resolutionOf({ state: "accepted", revision: 7 }).detail).toBe("Taken in at save 7.");
    expect(resolutionOf({ state: "not_accepted", reason: "Out of scope" })).toEqual({ label: "Not accepted", tag: "nhsuk-tag--grey", detail: "Out of scope" });
  });

  it("numbers the final version the next whole number", () => {
    expect(finalNumber([v("0.4"), v("0.5")])).toBe("1.0");
    expect(finalNumber([v("1.0"), v("1.1")])).toBe("2.0");
  });
});
