//! Human and JSON output of the CLI. JSON goes through serde, so it has the same
//! shape as the core's types (and, later, the desktop app's).

use mou_core::model::Agreement;
use mou_core::store::{DraftSummary, RevisionSummary};
use mou_core::templates::TemplateInfo;
use mou_core::validation::{self, Finding, Severity};
use serde::Serialize;

/// `writeln!` into a String, which cannot fail.
macro_rules! wl {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($out, $($arg)*);
    }};
}

fn json<T: Serialize + ?Sized>(out: &mut String, value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => wl!(out, "{text}"),
        // Not reachable with our types (plain data, string keys); say so rather than print nothing.
        Err(e) => wl!(out, "{{\"error\": \"could not write JSON: {e}\"}}"),
    }
}

pub fn created(out: &mut String, d: &DraftSummary, as_json: bool, verb: &str) {
    if as_json {
        json(out, d);
    } else {
        wl!(
            out,
            "{verb} draft {} \"{}\" (revision {}).",
            d.id,
            d.title,
            d.revision
        );
    }
}

/// Cuts `s` to `width` characters, marking the cut with an ellipsis.
fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut cut: String = s.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// "2026-11-23T10:42:07.123Z" → "2026-11-23 10:42".
fn short_time(t: &str) -> String {
    t.get(..16).unwrap_or(t).replace('T', " ")
}

pub fn draft_list(out: &mut String, drafts: &[DraftSummary], as_json: bool) {
    if as_json {
        return json(out, drafts);
    }
    if drafts.is_empty() {
        wl!(
            out,
            "No drafts. Start one with `mou new` or `mou import FILE.json`."
        );
        return;
    }
    wl!(
        out,
        "{:>5}  {:<16}  {:>4}  {:<44}  PARTNERS",
        "ID",
        "CHANGED (UTC)",
        "REV",
        "TITLE"
    );
    for d in drafts {
        let title = if d.archived {
            format!("[archived] {}", d.title)
        } else {
            d.title.clone()
        };
        wl!(
            out,
            "{:>5}  {:<16}  {:>4}  {:<44}  {}",
            d.id,
            short_time(&d.updated_at),
            d.revision,
            fit(&title, 44),
            fit(&d.partners.join(", "), 60)
        );
    }
}

pub fn draft(
    out: &mut String,
    d: &DraftSummary,
    revision: u32,
    a: &Agreement,
    findings: &[Finding],
) {
    let det = &a.details;
    let date = |x: Option<chrono::NaiveDate>| x.map_or("not set".to_string(), |d| d.to_string());
    wl!(
        out,
        "Draft {} — revision {revision} of {}",
        d.id,
        d.revision
    );
    wl!(out, "  Title:        {}", det.title);
    wl!(out, "  Reference:    {}", det.reference);
    wl!(out, "  Partnership:  {}", det.partnership_name);
    wl!(out, "  Version:      {}", det.version);
    wl!(
        out,
        "  Term:         {} to {} (review by {})",
        date(det.start_date),
        date(det.end_date),
        date(det.review_date)
    );
    wl!(out, "  Template:     {}", det.template);
    wl!(out, "  Partners:");
    for p in &a.partners {
        let host = if a.host_partner.as_ref() == Some(&p.id) {
            " (host)"
        } else {
            ""
        };
        let kind = p.kind.map_or("type not set", |k| k.label());
        wl!(out, "    - {}{host}: {kind}", p.name);
    }
    wl!(out, "  Steps:");
    for (step, status) in validation::step_statuses(a, findings) {
        let (e, w) = validation::counts(
            &findings
                .iter()
                .filter(|f| f.step == step)
                .cloned()
                .collect::<Vec<_>>(),
        );
        let detail = match (e, w) {
            (0, 0) => String::new(),
            (0, w) => format!(" ({w} warning(s))"),
            (e, w) => format!(" ({e} error(s), {w} warning(s))"),
        };
        wl!(
            out,
            "    {:>2}. {:<40} {}{detail}",
            step.number(),
            step.title(),
            status.label()
        );
    }
}

#[derive(Serialize)]
struct Report<'a> {
    target: &'a str,
    errors: usize,
    warnings: usize,
    findings: &'a [Finding],
}

pub fn findings(out: &mut String, target: &str, findings: &[Finding], as_json: bool) {
    let (errors, warnings) = validation::counts(findings);
    if as_json {
        return json(
            out,
            &Report {
                target,
                errors,
                warnings,
                findings,
            },
        );
    }
    wl!(out, "{target}: {errors} error(s), {warnings} warning(s)");
    for f in findings {
        let severity = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        wl!(
            out,
            "{severity:<7} step {} {} › {}\n        {}\n        [{}]",
            f.step.number(),
            f.step.title(),
            if f.path.is_empty() {
                "(whole step)"
            } else {
                &f.path
            },
            f.message,
            f.code.as_str()
        );
    }
}

pub fn revisions(out: &mut String, revisions: &[RevisionSummary], as_json: bool) {
    if as_json {
        return json(out, revisions);
    }
    wl!(
        out,
        "{:>4}  {:<16}  {:<8}  LABEL",
        "REV",
        "SAVED (UTC)",
        "VERSION"
    );
    for r in revisions {
        wl!(
            out,
            "{:>4}  {:<16}  {:<8}  {}",
            r.number,
            short_time(&r.saved_at),
            fit(&r.version, 8),
            r.label.as_deref().unwrap_or("")
        );
    }
}

pub fn templates(out: &mut String, list: &[TemplateInfo], as_json: bool) {
    if as_json {
        return json(out, list);
    }
    for t in list {
        match &t.problem {
            None => wl!(out, "{:<32} {}\n{:<32} ({})", t.name, t.title, "", t.origin),
            Some(p) => wl!(
                out,
                "{:<32} CANNOT BE USED: {p}\n{:<32} ({})",
                t.name,
                "",
                t.origin
            ),
        }
    }
}
