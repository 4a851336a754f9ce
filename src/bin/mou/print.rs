//! Human and JSON output of the CLI. JSON goes through serde, so it has the same
//! shape as the core's types (and, later, the desktop app's).

use mou_core::api::{CommentView, Identification, ReviewRound};
use mou_core::compare::{ChangeKind, Comparison, WordsTag};
use mou_core::identify::{Carried, Change, Identified, Integrity};
use mou_core::model::{Agreement, ClauseGroup, LibraryClause};
use mou_core::store::{DraftSummary, IssuedVersion, Resolution, RevisionSummary};
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
    if let Some(review) = &d.review {
        wl!(out, "  Review:       {review}");
    }
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

pub fn issued(out: &mut String, v: &IssuedVersion, title: &str, as_json: bool) {
    if as_json {
        return json(out, v);
    }
    wl!(
        out,
        "Issued version {} of \"{title}\" (revision {}), dated {}, to {} partner{}.",
        v.version,
        v.revision,
        v.issued_on,
        v.sent_to.len(),
        if v.sent_to.len() == 1 { "" } else { "s" }
    );
}

pub fn versions(out: &mut String, versions: &[IssuedVersion], as_json: bool) {
    if as_json {
        return json(out, versions);
    }
    if versions.is_empty() {
        wl!(
            out,
            "No version has been issued yet. Issue one with `mou issue ID`."
        );
        return;
    }
    wl!(
        out,
        "{:<8}  {:<10}  {:>4}  {:>8}  NOTE",
        "VERSION",
        "DATED",
        "REV",
        "PARTNERS"
    );
    for v in versions {
        wl!(
            out,
            "{:<8}  {:<10}  {:>4}  {:>8}  {}",
            v.version.to_string(),
            v.issued_on.to_string(),
            v.revision,
            v.sent_to.len(),
            v.note
        );
    }
}

/// What a PDF is, in plain English.
pub fn identification(out: &mut String, file: &str, id: &Identification, as_json: bool) {
    if as_json {
        return json(out, id);
    }
    let doc = match &id.file {
        Identified::NotPdf => {
            wl!(out, "{file} is not a PDF.");
            return;
        }
        Identified::NotOurs => {
            wl!(
                out,
                "{file} is a PDF, but not one made by MoU Builder (it carries no MoU Builder fingerprint)."
            );
            return;
        }
        Identified::Ours(doc) => doc,
    };
    let reference = if doc.reference.is_empty() {
        String::new()
    } else {
        format!(" (reference {})", doc.reference)
    };
    wl!(
        out,
        "{file} is \"{}\"{reference}, version {} {}, {} pages, template \"{}\".\nFingerprint {} (printed at the foot of every page).",
        doc.title,
        if doc.version.is_empty() {
            "(none)"
        } else {
            &doc.version
        },
        if doc.final_ { "final" } else { "draft" },
        doc.pages,
        doc.template,
        doc.fingerprint
    );
    match &doc.integrity {
        Integrity::Exact => wl!(out, "The file is exactly as MoU Builder made it."),
        Integrity::Changed { changes } => {
            wl!(out, "The file was CHANGED after MoU Builder made it:");
            for c in changes {
                wl!(out, "  - {}", change(c));
            }
            wl!(
                out,
                "Ask the sender for the file as it was made, or make it again from the draft."
            );
        }
    }
    match doc.agreement {
        Carried::Matches => wl!(
            out,
            "It carries its agreement, which matches its fingerprint: `mou import` restores it exactly."
        ),
        Carried::NotCarried => wl!(
            out,
            "It was made by an earlier MoU Builder and does not carry its agreement."
        ),
        Carried::Altered => wl!(
            out,
            "The agreement inside it does NOT match what it shows: it was changed after MoU Builder made it, and will not be imported."
        ),
        Carried::Unreadable => wl!(out, "The agreement inside it cannot be read."),
    }
    match &id.known {
        None => wl!(
            out,
            "This library did not make it (it may come from another MoU Builder installation)."
        ),
        Some(k) => {
            let draft = match (k.made.draft, &k.draft_title) {
                (Some(d), Some(t)) => format!("draft {d} \"{t}\""),
                _ => "a draft since deleted".into(),
            };
            let what = if k.same_file {
                "This library made this file"
            } else {
                "This library made a file showing the same content"
            };
            wl!(
                out,
                "{what}: {draft}, revision {}, on {}.",
                k.made.revision.map_or("?".into(), |r| r.to_string()),
                short_time(&k.made.made_at)
            );
            if let Some(issued) = &k.issued {
                wl!(
                    out,
                    "Version {} was issued on {} to {} partner{}.",
                    issued.version,
                    issued.issued_on,
                    issued.sent_to.len(),
                    if issued.sent_to.len() == 1 { "" } else { "s" }
                );
            }
        }
    }
}

fn pages(pages: &[u32]) -> String {
    let list: Vec<String> = pages.iter().map(u32::to_string).collect();
    match list.as_slice() {
        [one] => format!("page {one}"),
        [rest @ .., last] => format!("pages {} and {last}", rest.join(", ")),
        [] => "no page".into(),
    }
}

fn change(c: &Change) -> String {
    match c {
        Change::Appended { bytes } => format!(
            "another program saved additions after the original ({bytes} bytes; the original is intact inside it)"
        ),
        Change::Rewritten => "it was saved again by another program (rewritten)".into(),
        Change::Annotations { count, pages: on } => format!(
            "{count} annotation{} (notes, highlights or marks) on {}",
            if *count == 1 { "" } else { "s" },
            pages(on)
        ),
        Change::PageCount { made, now } => {
            format!("it has {now} pages; {made} were made")
        }
        Change::PagesChanged { pages: on } => format!(
            "what {} show{} was changed",
            pages(on),
            if on.len() == 1 { "s" } else { "" }
        ),
        Change::PagesMissing { pages: on } => format!(
            "{} of the original {} missing",
            pages(on),
            if on.len() == 1 { "is" } else { "are" }
        ),
        Change::BytesAltered => "bytes inside the file were altered".into(),
        Change::Unreadable => "it no longer opens as a PDF".into(),
    }
}

/// Partners × versions, each cell the partner's decision on that version.
pub fn review_round(out: &mut String, round: &ReviewRound, as_json: bool) {
    if as_json {
        return json(out, round);
    }
    if round.versions.is_empty() {
        wl!(
            out,
            "No version has been issued yet. Issue one with `mou issue ID`."
        );
        return;
    }
    let mut header = format!("{:<32}", "PARTNER");
    for v in &round.versions {
        header.push_str(&format!("  {:<14}", v.version.to_string()));
    }
    wl!(out, "{header}  NOW");
    for p in &round.partners {
        let mut line = format!("{:<32}", fit(&p.name, 32));
        for d in &p.decisions {
            let cell = match d {
                None => "—".to_string(),
                Some(d) => {
                    format!("{:?} {}", d.status, d.decided_on.format("%d/%m")).to_lowercase()
                }
            };
            line.push_str(&format!("  {:<14}", fit(&cell, 14)));
        }
        wl!(out, "{line}  {}", p.summary);
    }
}

/// Changes grouped by step; within a text, [-deleted-] and {+inserted+} words, so
/// the difference reads without colour.
pub fn comparison(out: &mut String, c: &Comparison, as_json: bool) {
    if as_json {
        return json(out, c);
    }
    if c.steps.is_empty() {
        wl!(out, "No changes from {} to {}.", c.from, c.to);
        return;
    }
    wl!(
        out,
        "{} change{} from {} to {}:",
        c.count(),
        if c.count() == 1 { "" } else { "s" },
        c.from,
        c.to
    );
    for s in &c.steps {
        wl!(out, "\n{}", s.step.title().to_uppercase());
        for ch in &s.changes {
            match ch.kind {
                ChangeKind::Added => wl!(out, "  + {} added: {}", ch.entity, ch.after),
                ChangeKind::Removed => wl!(out, "  - {} removed (was: {})", ch.entity, ch.before),
                ChangeKind::Changed => {
                    let marked: String = ch
                        .words
                        .iter()
                        .map(|w| match w.tag {
                            WordsTag::Same => w.text.clone(),
                            WordsTag::Inserted => format!("{{+{}+}}", w.text),
                            WordsTag::Deleted => format!("[-{}-]", w.text),
                        })
                        .collect();
                    wl!(out, "  ~ {}, {}: {marked}", ch.entity, ch.field);
                }
            }
        }
    }
}

/// Each comment: who, on which version and what, the text, and how it was dealt with.
pub fn comments(out: &mut String, comments: &[CommentView], as_json: bool) {
    if as_json {
        return json(out, comments);
    }
    if comments.is_empty() {
        wl!(out, "No comments.");
        return;
    }
    for c in comments {
        let state = match &c.comment.resolution {
            Resolution::Open => "OPEN".to_string(),
            Resolution::Accepted { revision } => format!("accepted (revision {revision})"),
            Resolution::NotAccepted { reason } => format!("not accepted: {reason}"),
        };
        wl!(
            out,
            "#{} {} on version {}, about {}: \"{}\" — {state}",
            c.comment.id,
            c.partner_name,
            c.comment.version,
            c.concerns,
            c.comment.text
        );
    }
}

/// The clause library, group by group: key, heading, binding or not, and when it
/// is usually needed.
pub fn clause_library(out: &mut String, library: &[LibraryClause], as_json: bool) {
    if as_json {
        return json(out, library);
    }
    for group in ClauseGroup::ALL {
        wl!(out, "{}", group.title());
        for c in library.iter().filter(|c| c.group == group) {
            let binding = if c.binding { " (binding)" } else { "" };
            wl!(out, "  {:<24}  {}{binding}", c.key, c.title);
            wl!(out, "  {:<24}  Usually: {}", "", c.usually);
        }
    }
}
