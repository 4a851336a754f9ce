// The review round in words: decisions as NHS tags, which form field an error
// from the core belongs beside, and what a checked PDF is, in plain English.
import type { Carried, DecisionStatus, IssuedVersion, PdfChange, Resolution, Step } from "../bindings";
import type { Agreement, Identification } from "../types";

export const DECISIONS: { value: DecisionStatus; label: string; tag: string }[] = [
  { value: "sent", label: "Sent", tag: "nhsuk-tag--grey" },
  { value: "commented", label: "Commented", tag: "nhsuk-tag--yellow" },
  { value: "approved", label: "Approved", tag: "nhsuk-tag--green" },
  { value: "declined", label: "Declined", tag: "nhsuk-tag--red" },
];

export function decisionTag(status: DecisionStatus): { label: string; tag: string } {
  const d = DECISIONS.find((d) => d.value === status);
  return d ? { label: d.label, tag: d.tag } : { label: status, tag: "" };
}

/** What "Compare versions" offers: each issued version, then the current draft. */
export const CURRENT_DRAFT = "draft";
export function comparePoints(versions: IssuedVersion[]): { value: string; label: string }[] {
  return [...versions.map((v) => ({ value: v.version, label: `Version ${v.version}` })), { value: CURRENT_DRAFT, label: "Current draft" }];
}

/** Today as a date input holds it (the user's own calendar day, not UTC's). */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** 2027-01-11 → 11 January 2027. */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  if (!y || !m || !d) return iso;
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

/** The issue form's fields, and where each of the core's refusals is shown. */
export type IssueField = "version" | "date" | "partners" | "form";
const ISSUE_FIELDS: Record<string, IssueField> = {
  "review.bad_version": "version",
  "store.version_taken": "version",
  "store.version_not_after": "version",
  "review.unknown_partner": "partners",
};
export function issueFieldOf(code: string): IssueField {
  return ISSUE_FIELDS[code] ?? "form";
}

/** The decision form's fields: an incomplete decision lacks who approved, or why it was declined. */
export type DecisionField = "version" | "by" | "reason" | "form";
export function decisionFieldOf(code: string, status: DecisionStatus): DecisionField {
  if (code === "review.decision_incomplete") return status === "declined" ? "reason" : "by";
  if (code === "review.bad_version" || code === "store.version_not_found") return "version";
  return "form";
}

function pages(list: number[]): string {
  if (list.length === 0) return "no page";
  if (list.length === 1) return `page ${list[0]}`;
  return `pages ${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
}

/** One way a file differs from what was made, as a sentence. */
export function pdfChange(c: PdfChange): string {
  switch (c.change) {
    case "appended":
      return `Another program saved additions after the original (${c.bytes} bytes); the original is intact inside it.`;
    case "rewritten":
      return "It was saved again by another program (rewritten).";
    case "annotations":
      return `${c.count} ${c.count === 1 ? "annotation" : "annotations"} (notes, highlights or marks) on ${pages(c.pages)}.`;
    case "page_count":
      return `It has ${c.now} pages; ${c.made} were made.`;
    case "pages_changed":
      return `What ${pages(c.pages)} ${c.pages.length === 1 ? "shows" : "show"} was changed.`;
    case "pages_missing":
      return `${pages(c.pages)} of the original ${c.pages.length === 1 ? "is" : "are"} missing.`.replace(/^./, (s) => s.toUpperCase());
    case "bytes_altered":
      return "Bytes inside the file were altered.";
    case "unreadable":
      return "It no longer opens as a PDF.";
  }
}

/** A title in quotes, or what to say when it is empty. */
function quoted(title: string, none: string): string {
  return title.trim() ? `“${title.trim()}”` : none;
}

/** What "Check a PDF" found, in sentences for the panel. */
export type CheckedPdf = {
  heading: string;
  /** Exactly as made, changed after it was made, or not one of ours. */
  verdict: "exact" | "changed" | "not_ours";
  about: string[];
  changes: string[];
  known: string[];
};

/** What the agreement a PDF carries inside it is worth, in one sentence. */
function carriedAgreement(carried: Carried): string {
  switch (carried) {
    case "matches":
      return "It carries its agreement, which matches its fingerprint: importing the PDF restores the agreement exactly.";
    case "not_carried":
      return "It was made by an earlier MoU Builder and does not carry its agreement.";
    case "altered":
      return "The agreement inside it does not match what it shows: it was changed after it was made, and cannot be imported.";
    case "unreadable":
      return "The agreement inside it cannot be read.";
  }
}

export function describePdf(id: Identification): CheckedPdf {
  const known: string[] = [];
  if (id.file.kind === "not_pdf") {
    return { heading: "This file is not a PDF", verdict: "not_ours", about: ["Choose a PDF file to check."], changes: [], known };
  }
  if (id.file.kind === "not_ours") {
    return {
      heading: "This PDF was not made by MoU Builder",
      verdict: "not_ours",
      about: ["It carries no MoU Builder fingerprint, so it cannot be matched to an agreement or version."],
      changes: [],
      known,
    };
  }
  const doc = id.file;
  const kind = doc.final ? "final, for signing" : "draft";
  const about = [
    `${quoted(doc.title, "An agreement with no title")}${doc.reference ? ` (reference ${doc.reference})` : ""}.`,
    `Version ${doc.version || "(none)"}, ${kind}: ${doc.pages} pages, template “${doc.template}”.`,
    `Fingerprint ${doc.fingerprint}, printed at the foot of every page.`,
    carriedAgreement(doc.agreement),
  ];
  const changes = doc.integrity.state === "changed" ? doc.integrity.changes.map(pdfChange) : [];
  if (id.known) {
    const k = id.known;
    const draft = k.draft_title === null ? "an agreement since deleted" : `the agreement ${quoted(k.draft_title, "with no title")}`;
    const made = k.made.made_at ? ` on ${longDate(k.made.made_at.slice(0, 10))}` : "";
    known.push(`${k.same_file ? "This library made this file" : "This library made a file showing the same content"}, from ${draft}${k.made.revision ? ` (save ${k.made.revision})` : ""}${made}.`);
    if (k.issued) {
      const n = k.issued.sent_to.length;
      known.push(`Version ${k.issued.version} was issued on ${longDate(k.issued.issued_on)} to ${n} ${n === 1 ? "partner" : "partners"}.`);
    }
  } else {
    known.push("This library did not make it; it may come from another MoU Builder installation.");
  }
  const exact = doc.integrity.state === "exact";
  return {
    heading: exact ? "This PDF is exactly as MoU Builder made it" : "This PDF was changed after it was made",
    verdict: exact ? "exact" : "changed",
    about,
    changes,
    known,
  };
}

/** The steps whose items a comment may name, and each item as "kind:stable id". */
export const ITEM_STEPS = ["objectives", "roles", "risks", "clauses"] as const;
export function commentItems(a: Agreement, step: Step): { value: string; label: string }[] {
  const named = (text: string, none: string) => text.trim() || none;
  switch (step) {
    case "risks":
      return a.risks.map((r, i) => ({ value: `risk:${r.id.trim()}`, label: `${named(r.id, `Risk ${i + 1}`)}: ${named(r.description, "(no description)")}` }));
    case "clauses":
      return a.clauses.map((c) => ({ value: `clause:${c.key}`, label: named(c.title, c.key) }));
    case "objectives":
      return a.objectives.filter((o) => o.id).map((o, i) => ({ value: `objective:${o.id}`, label: named(o.title, `Objective ${i + 1} (no title)`) }));
    case "roles":
      return a.roles.raci.filter((r) => r.id).map((r, i) => ({ value: `raci:${r.id}`, label: `RACI: ${named(r.activity, `activity ${i + 1}`)}` }));
    default:
      return [];
  }
}

/** The comment form's fields: an incomplete comment lacks its text, or names an item wrongly. */
export type CommentField = "partner" | "version" | "item" | "text" | "form";
export function commentFieldOf(code: string, textEmpty: boolean): CommentField {
  if (code === "review.comment_incomplete") return textEmpty ? "text" : "item";
  if (code === "review.bad_version" || code === "store.version_not_found") return "version";
  if (code === "review.unknown_partner") return "partner";
  return "form";
}

/** How a comment was dealt with, as a tag and in words. */
export function resolutionOf(r: Resolution): { label: string; tag: string; detail: string } {
  switch (r.state) {
    case "open":
      return { label: "Open", tag: "nhsuk-tag--yellow", detail: "" };
    case "accepted":
      return { label: "Accepted", tag: "nhsuk-tag--green", detail: `Taken in at save ${r.revision}.` };
    case "not_accepted":
      return { label: "Not accepted", tag: "nhsuk-tag--grey", detail: r.reason };
  }
}

/** The number the final version will have: the next whole number (1.0 after 0.x). */
export function finalNumber(versions: IssuedVersion[]): string {
  const last = versions[versions.length - 1]?.version ?? "0.1";
  const major = Number(last.split(".")[0]);
  return Number.isFinite(major) ? `${major + 1}.0` : "1.0";
}
