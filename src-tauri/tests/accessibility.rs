//! Accessibility and the content security policy, checked in the real window
//! (the built app under Xvfb, driven through tauri-driver; see support/).

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};
use support::{Harness, Res, Ui};
use thirtyfour::prelude::*;

/// How long a condition may take to come true before the test fails.
const DEADLINE: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(50);
/// axe-core over a long form, interpreted (the app turns JavaScript's JIT off).
const AXE_TIMEOUT: Duration = Duration::from_secs(180);
/// WCAG 2.1 A and AA: what the app claims.
const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/// WCAG 1.4.3: normal text against its background.
const MIN_CONTRAST: f64 = 4.5;
/// The NHS focus colour, #ffeb3b, as computed style writes it.
const FOCUS_YELLOW: &str = "rgb(255, 235, 59)";
/// Tab presses allowed to reach every kind of control on a step.
const MAX_TABS: usize = 40;
/// Ctrl+= presses from 100% to 200% (the zoom goes up in steps of 20%).
const ZOOM_IN_TO_200: usize = 5;
/// The default NHS 5×5 bands: low, moderate, high, extreme.
const MIN_BANDS: usize = 4;

/// One thing the content security policy must refuse.
struct Refusal {
    what: &'static str,
    /// Tries it in the page; returns whether it was refused (its effect did not happen).
    attempt: &'static str,
    /// The violation it must record: `<directive prefix> <blocked URI>`.
    directive: &'static str,
    blocked: &'static str,
}

/// WebDriver's own scripts are not bound by the policy, but what they put into
/// the page (elements, attributes, code strings compiled by the page) is.
const REFUSALS: &[Refusal] = &[
    Refusal {
        what: "an inline <script> element",
        attempt: "window.__cspProbeRan = false;
                  const s = document.createElement('script');
                  s.textContent = 'window.__cspProbeRan = true;';
                  document.head.appendChild(s);
                  return window.__cspProbeRan === false;",
        directive: "script-src",
        blocked: "inline",
    },
    Refusal {
        what: "an inline <style> element",
        attempt: "const probe = document.createElement('div');
                  probe.id = 'csp-style-probe';
                  document.body.appendChild(probe);
                  const s = document.createElement('style');
                  s.textContent = '#csp-style-probe { color: rgb(1, 2, 3); }';
                  document.head.appendChild(s);
                  return getComputedStyle(probe).color !== 'rgb(1, 2, 3)';",
        directive: "style-src",
        blocked: "inline",
    },
    Refusal {
        what: "a style attribute",
        attempt: "const probe = document.createElement('div');
                  document.body.appendChild(probe);
                  probe.setAttribute('style', 'color: rgb(4, 5, 6)');
                  return getComputedStyle(probe).color !== 'rgb(4, 5, 6)';",
        directive: "style-src",
        blocked: "inline",
    },
    Refusal {
        what: "eval",
        attempt: "try { eval('1+1'); return false; } catch (e) { return e instanceof EvalError; }",
        directive: "script-src",
        blocked: "eval",
    },
    Refusal {
        what: "new Function",
        attempt: "try { new Function('return 1')(); return false; }
                  catch (e) { return e instanceof EvalError; }",
        directive: "script-src",
        blocked: "eval",
    },
];

#[tokio::test(flavor = "current_thread")]
async fn the_content_security_policy_refuses_inline_code_and_eval() -> Res {
    let h = Harness::start()?;
    let ui = h.launch().await?;
    ui.wait("[data-testid=library-ready]").await?;
    assert!(
        ui.csp_violations().await?.is_empty(),
        "the app itself broke its policy: {:?}",
        ui.csp_violations().await?
    );
    // Every refusal is tried, so a failure lists all that were let through.
    let mut failures = Vec::new();
    for r in REFUSALS {
        let before = ui.csp_violations().await?.len();
        let refused: bool = ui.d.execute(r.attempt, Vec::new()).await?.convert()?;
        if !refused {
            failures.push(format!("{} was allowed to take effect", r.what));
        }
        // Violation events are queued as tasks: wait for this one's.
        let seen = poll(|| async {
            let all = ui.csp_violations().await?;
            Ok((all.len() > before).then(|| all[before..].to_vec()))
        })
        .await;
        let expected = |v: &String| {
            v.split_once(' ').is_some_and(|(directive, blocked)| {
                directive.starts_with(r.directive) && blocked == r.blocked
            })
        };
        match seen {
            Err(e) => failures.push(format!("no securitypolicyviolation for {}: {e}", r.what)),
            Ok(seen) if seen.len() == 1 && expected(&seen[0]) => {}
            Ok(seen) => failures.push(format!(
                "{}: recorded {seen:?}, expected one \"{} {}\"",
                r.what, r.directive, r.blocked
            )),
        }
    }
    failures.extend(
        ui.errors()
            .await?
            .into_iter()
            .map(|e| format!("uncaught error: {e}")),
    );
    assert!(
        failures.is_empty(),
        "the policy let through:\n{}",
        failures.join("\n")
    );
    ui.quit().await?;
    Ok(())
}

/// Polls `f` until it gives `Some`, or fails after [`DEADLINE`].
async fn poll<T, F, Fut>(mut f: F) -> Res<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Res<Option<T>>>,
{
    let until = Instant::now() + DEADLINE;
    loop {
        if let Some(v) = f().await? {
            return Ok(v);
        }
        if Instant::now() > until {
            return Err(format!("not within {DEADLINE:?}").into());
        }
        tokio::time::sleep(POLL).await;
    }
}

/// What a step needs so that its lists, tables and error summary are on screen.
enum Setup {
    /// Nothing to do: the example fills it.
    Nothing,
    /// Press this add button (data-testid): a new, empty item has problems.
    Add(&'static str),
    /// Empty this field.
    Empty(&'static str),
}

/// What a step's setup makes appear (data-testid): the error summary, or the
/// warnings for a field that is only advised.
const ERRORS: Option<&str> = Some("error-summary");
const WARNINGS: Option<&str> = Some("warnings");

/// The twelve steps, in task-list order, with their setup and what it makes appear.
const STEPS: [(&str, Setup, Option<&str>); 12] = [
    ("details", Setup::Empty("f-details-title"), ERRORS),
    ("partners", Setup::Add("add-partner"), ERRORS),
    (
        "vision",
        Setup::Empty("f-vision-vision_statement"),
        WARNINGS,
    ),
    ("objectives", Setup::Add("add-objective"), ERRORS),
    ("principles", Setup::Add("add-principle"), ERRORS),
    ("roles", Setup::Add("add-activity"), ERRORS),
    ("governance", Setup::Add("add-escalation"), ERRORS),
    ("finance", Setup::Add("add-contribution"), ERRORS),
    ("risks", Setup::Add("add-risk"), ERRORS),
    ("clauses", Setup::Empty("f-clauses-0-text"), ERRORS),
    ("glossary", Setup::Add("add-term"), ERRORS),
    // Where each partner is with the version issued above, and the example's hand-typed reviews.
    ("sign_off", Setup::Nothing, Some("review-grid")),
];

/// The kinds of control focus must visibly reach with Tab.
const FOCUS_KINDS: [&str; 4] = ["task-list link", "link", "button", "text input"];

#[tokio::test(flavor = "current_thread")]
async fn every_screen_meets_wcag_2_1_aa_with_visible_focus_contrast_and_reflow() -> Res {
    let h = Harness::start()?;
    let ui = h.launch().await?;
    ui.d.set_script_timeout(AXE_TIMEOUT).await?;
    let mut problems = Vec::new();
    let outcome = every_screen(&h, &ui, &mut problems).await;
    if let Err(e) = &outcome {
        eprintln!("failed: {e}\napp and driver output:\n{}", h.log());
        let _ = ui.shot("a11y-zz-failure").await;
    }
    outcome?;
    problems.extend(
        ui.errors()
            .await?
            .into_iter()
            .map(|e| format!("uncaught error: {e}")),
    );
    assert!(
        problems.is_empty(),
        "{} accessibility problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    ui.quit().await?;
    Ok(())
}

async fn every_screen(h: &Harness, ui: &Ui, problems: &mut Vec<String>) -> Res {
    ui.wait("[data-testid=library-ready][data-count='0']")
        .await?;
    axe(ui, "library-empty", problems).await?;

    // The full example (8 partners, 27 activities, 35 risks), through the Import button.
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/integrated-care-mou.json");
    h.answer(serde_json::json!({ "open": example }))?;
    ui.click("button.nhsuk-button--secondary[type=button]")
        .await?; // "Import a file…"
    ui.wait("[data-testid=library-ready][data-count='1']")
        .await?;
    axe(ui, "library-with-a-draft", problems).await?;

    ui.click("[data-testid=open-draft]").await?;
    ui.wait_text("[data-testid=step-heading]", "Agreement details")
        .await?;
    // Issued before the edits below, so the review round has changes to compare.
    ui.click("[data-testid=nav-review]").await?;
    ui.click("[data-testid=issue-version]").await?;
    ui.wait("[data-testid=issue-done]").await?;
    for (step, setup, shows) in &STEPS {
        ui.step(step).await?;
        match setup {
            Setup::Nothing => {}
            Setup::Add(button) => ui.click(&format!("[data-testid={button}]")).await?,
            Setup::Empty(field) => ui.type_into(field, "").await?,
        }
        if let Some(shown) = shows {
            ui.wait(&format!("[data-testid={shown}]")).await?;
        }
        axe(ui, &format!("step-{step}"), problems).await?;
        match *step {
            "details" => focus_is_visible(ui, problems).await?,
            "risks" => bands_have_contrast(ui, problems).await?,
            _ => {}
        }
    }

    ui.click("[data-testid=nav-pdf]").await?;
    ui.wait_text("#step-heading", "Generate PDF").await?;
    axe(ui, "generate-pdf", problems).await?;
    // A final document is refused while there are problems: the refusal is checked too.
    let refused = h.root.path().join("refused.pdf");
    h.answer(serde_json::json!({ "save": refused }))?; // the save dialog comes first
    ui.click("label[for=kind-final]").await?;
    ui.click("[data-testid=generate-pdf]").await?;
    ui.wait("[data-testid=pdf-problem]").await?;
    axe(ui, "generate-pdf-refused", problems).await?;
    // A draft instead, for "Check a PDF" to look at below.
    let draft_pdf = h.root.path().join("draft.pdf");
    h.answer(serde_json::json!({ "save": draft_pdf }))?;
    ui.click("label[for=kind-draft]").await?;
    ui.click("[data-testid=generate-pdf]").await?;
    ui.wait("[data-testid=pdf-done]").await?;

    ui.click("[data-testid=nav-revisions]").await?;
    ui.wait("[data-testid=revisions] [data-revision='2']")
        .await?;
    axe(ui, "saved-versions", problems).await?;

    // The review round: the version issued above, its grid, and the edits since compared.
    ui.click("[data-testid=nav-review]").await?;
    ui.wait("[data-testid=review-grid]").await?;
    ui.choose("compare-to", "draft").await?;
    ui.click("[data-testid=compare]").await?;
    ui.wait("[data-testid=comparison] ins").await?;
    // Comments: one recorded, a "not accepted" without its reason refused beside
    // the field, and the final version refused in an error summary.
    ui.type_into("comment-text", "Say who chairs the board.")
        .await?;
    ui.click("[data-testid=add-comment]").await?;
    ui.wait("[data-testid=comment-list] tr[data-state=open]")
        .await?;
    ui.click("[data-testid=reject-comment]").await?;
    ui.click("[data-testid=not-accepted-submit]").await?;
    ui.wait("#resolve-reason-error").await?;
    ui.click("[data-testid=issue-final]").await?;
    ui.wait("[data-testid=final-problem]").await?;
    axe(ui, "review-round", problems).await?;

    reflows_at_200_percent(ui, problems).await?;

    // Back in the library, the question before a delete.
    ui.click("[data-testid=back-to-library]").await?;
    // "Check a PDF" answers in a panel.
    h.answer(serde_json::json!({ "open": draft_pdf }))?;
    ui.click("[data-testid=check-pdf]").await?;
    ui.wait("[data-testid=checked-pdf]").await?;
    axe(ui, "library-check-pdf", problems).await?;
    ui.click("[data-testid=delete]").await?;
    ui.wait("[data-testid=confirm-delete]").await?;
    axe(ui, "library-confirm-delete", problems).await?;
    Ok(())
}

/// Runs axe-core over the whole page; each violation becomes a problem.
async fn axe(ui: &Ui, screen: &str, problems: &mut Vec<String>) -> Res {
    ui.shot(&format!("a11y-{screen}")).await?;
    let loaded: bool =
        ui.d.execute("return !!window.axe;", Vec::new())
            .await?
            .convert()?;
    if !loaded {
        // Not through a <script> element, which the page's policy refuses: WebDriver
        // runs its own scripts outside the policy. Installed by npm (ui/package.json).
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "cannot read {} ({e}): run scripts/lib.sh's build_ui",
                path.display()
            )
        })?;
        ui.d.execute(format!("{source}\nreturn typeof window.axe;"), Vec::new())
            .await?;
    }
    let started = Instant::now();
    let result = ui
        .d
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
               .then(r => done({ passes: r.passes.length, violations: r.violations.map(v => ({
                   id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.map(n => n.target.join(' ')) })) }))
               .catch(e => done({ error: String(e && e.stack || e) }));",
            vec![serde_json::json!(AXE_TAGS)],
        )
        .await?;
    let result = result.json();
    if let Some(e) = result.get("error") {
        return Err(format!("axe-core failed on {screen}: {e}").into());
    }
    let violations = result["violations"]
        .as_array()
        .ok_or("axe gave no violations list")?;
    let passes = result["passes"].as_u64().unwrap_or(0);
    println!(
        "axe on {screen}: {} violations, {passes} rules passed, in {:?}",
        violations.len(),
        started.elapsed()
    );
    // No rule passing means axe looked at nothing: that is no check at all.
    if passes == 0 {
        problems.push(format!("{screen}: axe-core checked nothing"));
    }
    for v in violations {
        problems.push(format!(
            "{screen}: {} ({}): {}; nodes: {}",
            v["id"], v["impact"], v["help"], v["nodes"]
        ));
    }
    Ok(())
}

/// Tab from the top of the step: every control reached shows focus (the NHS yellow,
/// or an outline that can be seen), and each kind in [`FOCUS_KINDS`] is reached.
async fn focus_is_visible(ui: &Ui, problems: &mut Vec<String>) -> Res {
    ui.d.execute(
        "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);",
        Vec::new(),
    )
    .await?;
    let mut reached = BTreeSet::new();
    for _ in 0..MAX_TABS {
        ui.d.action_chain().send_keys(Key::Tab).perform().await?;
        let stop = ui
            .d
            .execute(
                "const el = document.activeElement;
                 if (!el || el === document.body) return null;
                 const kind = el.matches('a.nhsuk-task-list__link') ? 'task-list link'
                   : el.matches('a') ? 'link'
                   : el.matches('button') ? 'button'
                   : el.matches('textarea, input:not([type]), input[type=text], input[type=search], input[type=email]') ? 'text input'
                   : el.tagName.toLowerCase() + (el.type ? '[' + el.type + ']' : '');
                 // nhsuk draws a checkbox's or radio's focus around its label's box.
                 const box = el.matches('.nhsuk-checkboxes__input, .nhsuk-radios__input');
                 const cs = getComputedStyle(box ? el.nextElementSibling : el, box ? '::before' : null);
                 const seen = c => c !== 'transparent' && !c.endsWith(', 0)');
                 const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && seen(cs.outlineColor);
                 const yellow = [cs.backgroundColor, cs.boxShadow, outline ? cs.outlineColor : '']
                   .some(v => v.includes(arguments[0]));
                 return { kind, visible: yellow || outline, what: el.outerHTML.slice(0, 100),
                   style: `outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; background: ${cs.backgroundColor}; box-shadow: ${cs.boxShadow}` };",
                vec![serde_json::json!(FOCUS_YELLOW)],
            )
            .await?;
        let stop = stop.json();
        if stop.is_null() {
            continue;
        }
        let kind = stop["kind"].as_str().unwrap_or_default().to_string();
        if stop["visible"] != serde_json::Value::Bool(true) {
            problems.push(format!(
                "focus not visible on a {kind}: {} ({})",
                stop["what"], stop["style"]
            ));
        }
        reached.insert(kind);
        if FOCUS_KINDS.iter().all(|k| reached.contains(*k)) {
            ui.shot("a11y-focus").await?;
            return Ok(());
        }
    }
    problems.push(format!(
        "{MAX_TABS} presses of Tab reached only {reached:?}, not all of {FOCUS_KINDS:?}"
    ));
    Ok(())
}

/// Every rating cell drawn on the risks step (register, editor, heat map, legend):
/// its text against its band colour, from the computed colours.
async fn bands_have_contrast(ui: &Ui, problems: &mut Vec<String>) -> Res {
    let cells: Vec<(String, String, String)> = ui
        .d
        .execute(
            "return Array.from(document.querySelectorAll('.band'))
               .filter(e => e.getClientRects().length > 0)
               .map(e => { const cs = getComputedStyle(e); return [e.className, cs.color, cs.backgroundColor]; });",
            Vec::new(),
        )
        .await?
        .convert()?;
    let distinct: BTreeSet<_> = cells.into_iter().collect();
    let bands: BTreeSet<_> = distinct
        .iter()
        .filter_map(|(class, _, _)| class.split(' ').find(|c| c.starts_with("band-level-")))
        .collect();
    if bands.len() < MIN_BANDS {
        problems.push(format!("only bands {bands:?} were drawn on the risks step"));
    }
    for (class, fg, bg) in &distinct {
        match contrast(fg, bg) {
            Some(ratio) if ratio >= MIN_CONTRAST => {}
            Some(ratio) => problems.push(format!(
                "{class}: text {fg} on {bg} has contrast {ratio:.2}:1, below {MIN_CONTRAST}:1"
            )),
            None => problems.push(format!(
                "{class}: text {fg} on {bg}: no opaque colours to compare"
            )),
        }
    }
    Ok(())
}

/// WCAG's contrast ratio of two opaque CSS colours (`rgb(r, g, b)`).
fn contrast(a: &str, b: &str) -> Option<f64> {
    let (la, lb) = (luminance(a)?, luminance(b)?);
    Some((la.max(lb) + 0.05) / (la.min(lb) + 0.05))
}

fn luminance(css: &str) -> Option<f64> {
    let inner = css
        .strip_prefix("rgba(")
        .or_else(|| css.strip_prefix("rgb("))?;
    let parts: Vec<f64> = inner
        .trim_end_matches(')')
        .split(',')
        .map(|p| p.trim().parse().ok())
        .collect::<Option<_>>()?;
    if parts.len() == 4 && parts[3] < 1.0 {
        return None; // see-through: the colour underneath would count too
    }
    let channel = |v: f64| {
        let v = v / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    Some(0.2126 * channel(parts[0]) + 0.7152 * channel(parts[1]) + 0.0722 * channel(parts[2]))
}

/// At 200% (Ctrl+=, as a user zooms) on every step and screen: the task list sits
/// above the form and the page does not scroll sideways.
async fn reflows_at_200_percent(ui: &Ui, problems: &mut Vec<String>) -> Res {
    let width = || async {
        let w: f64 =
            ui.d.execute("return window.innerWidth;", Vec::new())
                .await?
                .convert()?;
        Res::Ok(w)
    };
    let normal = width().await?;
    for _ in 0..ZOOM_IN_TO_200 {
        zoom_key(ui, "=").await?;
    }
    poll(|| async { Ok((width().await? * 2.0 <= normal + 2.0).then_some(())) })
        .await
        .map_err(|e| format!("the page did not zoom to 200% (from {normal} CSS px wide): {e}"))?;
    // Each screen's task-list item, and the link in it that opens the screen.
    let screens = STEPS
        .iter()
        .map(|(step, _, _)| (format!("[data-step={step}]"), "a"))
        .chain([
            (String::new(), "[data-testid=nav-pdf]"),
            (String::new(), "[data-testid=nav-review]"),
            (String::new(), "[data-testid=nav-revisions]"),
        ]);
    for (item, link) in screens {
        let screen = format!("{item} {link}");
        // A script's click: at 200% WebDriver's pointer missed the link (it clicked
        // beside it, as if the page were not zoomed).
        ui.wait(&screen).await?;
        ui.d.execute(
            "document.querySelector(arguments[0]).click();",
            vec![serde_json::json!(screen)],
        )
        .await?;
        ui.wait(&format!("{item}.nhsuk-task-list__item--current {link}"))
            .await?;
        let layout: serde_json::Value =
            ui.d.execute(
                "const list = document.querySelector('.task-nav').getBoundingClientRect();
                 const form = document.querySelector('.step-panel').getBoundingClientRect();
                 const page = document.scrollingElement;
                 // For the report: the innermost elements reaching past the window's right
                 // edge, outside any box that scrolls them itself (an absolutely positioned
                 // one escapes a scrolling box that is not positioned).
                 const clipped = e => { if (/absolute|fixed/.test(getComputedStyle(e).position)) return false;
                   for (let a = e.parentElement; a; a = a.parentElement)
                     if (a !== page && getComputedStyle(a).overflowX !== 'visible') return true;
                   return false; };
                 const past = e => e.getBoundingClientRect().right > page.clientWidth + 1 && !clipped(e);
                 const wide = Array.from(document.body.querySelectorAll('*'))
                   .filter(e => past(e) && !Array.from(e.children).some(past))
                   .slice(0, 5).map(e => e.outerHTML.slice(0, 120));
                 return { list_bottom: list.bottom, form_top: form.top,
                          scroll_width: page.scrollWidth, client_width: page.clientWidth, wide };",
                Vec::new(),
            )
            .await?
            .convert()?;
        // A missing number (NaN) counts as a failure: `<=` is false for it.
        let at_most = |a: &str, b: &str| {
            let n = |k: &str| layout[k].as_f64().unwrap_or(f64::NAN);
            n(a) <= n(b)
        };
        if !at_most("list_bottom", "form_top") {
            problems.push(format!(
                "200%, {screen}: the task list is not above the form: {layout}"
            ));
        }
        if !at_most("scroll_width", "client_width") {
            problems.push(format!(
                "200%, {screen}: the page scrolls sideways: {layout}"
            ));
        }
    }
    ui.shot("a11y-zoom-200").await?;
    zoom_key(ui, "0").await?;
    poll(|| async { Ok((width().await? >= normal).then_some(())) }).await?;
    Ok(())
}

/// Ctrl with `key`: the app's zoom keys (= in, - out, 0 back to 100%).
async fn zoom_key(ui: &Ui, key: &str) -> Res {
    ui.ctrl_key(key).await
}
