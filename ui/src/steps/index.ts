// One form per step, in the order of the task list (DESIGN.md, "The guided steps").
import type { Component } from "svelte";
import type { DraftId } from "../bindings";
import type { Agreement, Overview, StepName, TemplateInfo } from "../types";
import Details from "./Details.svelte";
import Partners from "./Partners.svelte";
import Vision from "./Vision.svelte";
import Objectives from "./Objectives.svelte";
import Principles from "./Principles.svelte";
import Roles from "./Roles.svelte";
import Governance from "./Governance.svelte";
import Finance from "./Finance.svelte";
import Risks from "./Risks.svelte";
import Clauses from "./Clauses.svelte";
import Glossary from "./Glossary.svelte";
import SignOff from "./SignOff.svelte";

export type StepProps = {
  /** The draft, for a step that shows what the library records of it (sign-off). */
  id: DraftId;
  agreement: Agreement;
  overview: Overview;
  templates: TemplateInfo[];
  /** Opens the review round, where decisions and comments are recorded. */
  onreview: () => void;
};

export const STEPS: Record<StepName, Component<StepProps>> = {
  details: Details,
  partners: Partners,
  vision: Vision,
  objectives: Objectives,
  principles: Principles,
  roles: Roles,
  governance: Governance,
  finance: Finance,
  risks: Risks,
  clauses: Clauses,
  glossary: Glossary,
  sign_off: SignOff,
};
