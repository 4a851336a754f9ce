import "./styles/app.scss";
import { mount } from "svelte";
import App from "./App.svelte";

// nhsuk-frontend's scripts and styles check for this class (set here: no inline script).
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");

// Anything the content security policy blocks is recorded, so tests can assert there is none.
const violations: string[] = [];
(window as unknown as { __cspViolations: string[] }).__cspViolations = violations;
document.addEventListener("securitypolicyviolation", (e) => {
  violations.push(`${e.violatedDirective} ${e.blockedURI}`);
});

// Uncaught errors are kept too, for the end-to-end tests to report.
const errors: string[] = [];
(window as unknown as { __errors: string[] }).__errors = errors;
window.addEventListener("error", (e) => errors.push(String(e.message)));
window.addEventListener("unhandledrejection", (e) => errors.push(String(e.reason?.message ?? e.reason)));

const target = document.getElementById("app");
if (target) mount(App, { target });
