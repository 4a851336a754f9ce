// Short names for the generated types, in the shape the core sends them
// (every field present). Nothing here is written by hand: see bindings.ts.
import type * as B from "./bindings";

export type Agreement = B.Agreement_Serialize;
export type Partner = B.Partner_Serialize;
export type Risk = B.Risk_Serialize;
export type Overview = B.Overview_Serialize;
export type OpenedDraft = B.OpenedDraft_Serialize;
export type TemplateInfo = B.TemplateInfo_Serialize;
export type RevisionSummary = B.RevisionSummary_Serialize;
export type Identification = B.Identification_Serialize;
export type Issued = B.Issued_Serialize;
export type ReviewOverview = B.ReviewOverview_Serialize;
export type ReviewRound = B.ReviewRound_Serialize;
export type CommentView = B.CommentView_Serialize;
export type StepName = B.Step;

/** Partners as choices for a select, by their stable id. */
export function partnerOptions(a: Agreement): { value: string; label: string }[] {
  return a.partners.map((p, i) => ({ value: p.id, label: p.name.trim() || `Partner ${i + 1} (no name yet)` }));
}
