//! `mou`: the command-line front end. Every command is a short call into `mou_core`;
//! this file only parses arguments, opens what is needed, prints and sets the exit code.

mod args;
#[macro_use]
mod print;

use args::{Cli, Command, TemplatesCommand};
use clap::Parser;
use mou_core::ErrorCode;
use mou_core::api::{
    CommentRequest, DecisionRequest, IssueRequest, Library, NewDraft, ResolutionRequest, Templates,
};
use mou_core::exchange;
use mou_core::identify::{Identified, Integrity};
use mou_core::model::Agreement;
use mou_core::model::PartnerId;
use mou_core::paths;
use mou_core::render::{self, RenderOptions};
use mou_core::store::DecisionStatus;
use mou_core::store::{Archived, DraftId, ListQuery};
use mou_core::templates;
use mou_core::validation;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A failure to report: a stable code and a message that says what to do.
struct Failure {
    code: &'static str,
    message: String,
}

impl<E: ErrorCode + std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

fn usage(message: String) -> Failure {
    Failure {
        code: "cli.usage",
        message,
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // One command renders a document at most once: keeping its broken paragraphs
    // for a next render would only cost memory.
    mou_core::memo::set_budget(0);
    let mut out = String::new();
    let result = run(cli, &mut out);
    // A reader that stops early (`mou list | head`) is not an error worth a word.
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush());
    match result {
        Ok(code) => code,
        Err(f) => {
            eprintln!("error: {}\n(code: {})", f.message, f.code);
            ExitCode::from(2)
        }
    }
}

/// The data folder asked for, else the platform's; none when neither can be found
/// (commands that can work without one then do).
fn data_folder(data_dir: &Option<PathBuf>) -> Option<PathBuf> {
    data_dir.clone().or_else(|| paths::default_data_dir().ok())
}

fn library(data_dir: &Option<PathBuf>) -> Result<Library, Failure> {
    Ok(Library::open_in(data_dir.as_deref())?)
}

/// The built-in templates and the user's in the data folder, for commands that need
/// no library (with no data folder to be found, the built-in ones alone).
fn templates(data_dir: &Option<PathBuf>) -> Templates {
    match data_folder(data_dir) {
        Some(dir) => Templates::in_data_dir(&dir),
        None => Templates::built_in(),
    }
}

/// `templates check`: load the template (every syntax error), then render the example.
fn check_template(out: &mut String, path: &Path) -> Result<ExitCode, Failure> {
    let example = mou_core::exchange::parse(
        include_str!("../../../examples/integrated-care-mou.json"),
        "the built-in example",
    )?;
    // Every syntax error first, file by file; only a template that parses is rendered.
    let syntax = templates::syntax_errors(path);
    if !syntax.is_empty() {
        for e in &syntax {
            wl!(out, "{e}\n(code: {})", e.code());
        }
        return Ok(ExitCode::from(1));
    }
    let result = if path.is_dir() {
        templates::load_dir(path)
    } else {
        templates::load_file(path)
    };
    let template = match result {
        Ok(t) => t,
        Err(e) => {
            wl!(out, "{e}\n(code: {})", e.code());
            return Ok(ExitCode::from(1));
        }
    };
    match render::render(&example, &template, &RenderOptions::default()) {
        Ok(r) => {
            wl!(
                out,
                "Template \"{}\" is fine: it rendered the example into {} pages.",
                template.name(),
                r.pages
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            wl!(out, "{e}\n(code: {})", e.code());
            Ok(ExitCode::from(1))
        }
    }
}

fn run(cli: Cli, out: &mut String) -> Result<ExitCode, Failure> {
    let ok = Ok(ExitCode::SUCCESS);
    let data_dir = cli.data_dir;
    match cli.command {
        Command::New(a) => {
            let draft = library(&data_dir)?.new_draft(&NewDraft {
                title: a.title,
                template: a.template,
                reference: a.reference,
                partnership_name: a.partnership,
            })?;
            print::created(out, &draft, a.json, "Created");
            ok
        }
        Command::List(a) => {
            let archived = match (a.archived, a.all) {
                (true, _) => Archived::Only,
                (_, true) => Archived::Include,
                _ => Archived::Hide,
            };
            let query = ListQuery {
                search: a.search,
                archived,
            };
            let drafts = library(&data_dir)?.list(&query)?;
            print::draft_list(out, &drafts, a.json);
            ok
        }
        Command::Show(a) => {
            let lib = library(&data_dir)?;
            let draft = lib.open_draft(DraftId(a.id), a.revision)?;
            if a.json {
                out.push_str(&exchange::to_json(&draft.agreement)?);
            } else {
                // As a document shows it: the version label and sign-off from the review round.
                let shown = lib.as_shown(DraftId(a.id), draft.agreement)?;
                let findings = lib.templates().validate(&shown);
                print::draft(out, &draft.summary, draft.revision, &shown, &findings);
            }
            ok
        }
        Command::Import(a) => {
            let file = exchange::read_whole_file(&a.file)?;
            let draft =
                library(&data_dir)?.import_file(&file, a.into.map(DraftId), a.label.as_deref())?;
            print::created(out, &draft, a.json, "Imported into");
            ok
        }
        Command::Export(a) => {
            let lib = library(&data_dir)?;
            let id = DraftId(a.id);
            let (agreement, review) = lib.export(id, a.revision)?;
            if a.output == Path::new("-") {
                out.push_str(&exchange::to_json_with_review(&agreement, &review)?);
            } else {
                exchange::write_file_with_review(&a.output, &agreement, &review)?;
                let revision = a.revision.unwrap_or(lib.summary(id)?.revision);
                eprintln!(
                    "Exported draft {id} revision {revision}{} to {}",
                    if review.is_empty() {
                        ""
                    } else {
                        " with its review round"
                    },
                    a.output.display()
                );
            }
            ok
        }
        Command::Validate(a) => {
            let (name, agreement) = load_target(&a.target, &data_dir)?;
            let checks = templates(&data_dir);
            let findings = if a.final_ {
                checks.validate_final(&agreement)
            } else {
                checks.validate(&agreement)
            };
            print::findings(out, &name, &findings, a.json);
            let (errors, _) = validation::counts(&findings);
            Ok(if errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Revisions(a) => {
            let revisions = library(&data_dir)?.revisions(DraftId(a.id))?;
            print::revisions(out, &revisions, a.json);
            ok
        }
        Command::Restore(a) => {
            let draft = library(&data_dir)?.restore(DraftId(a.id), a.revision)?;
            wl!(
                out,
                "Restored revision {} of draft {} as revision {}.",
                a.revision,
                draft.id,
                draft.revision
            );
            ok
        }
        Command::Duplicate(a) => {
            let draft = library(&data_dir)?.duplicate(DraftId(a.id), a.title.as_deref())?;
            print::created(out, &draft, false, "Duplicated into");
            ok
        }
        Command::Archive(a) => {
            let d = library(&data_dir)?.set_archived(DraftId(a.id), true)?;
            wl!(out, "Archived draft {} \"{}\".", d.id, d.title);
            ok
        }
        Command::Unarchive(a) => {
            let d = library(&data_dir)?.set_archived(DraftId(a.id), false)?;
            wl!(out, "Unarchived draft {} \"{}\".", d.id, d.title);
            ok
        }
        Command::Delete(a) => {
            let mut lib = library(&data_dir)?;
            let d = lib.summary(DraftId(a.id))?;
            if !a.yes {
                return Err(usage(format!(
                    "Deleting draft {} \"{}\" removes it and all {} of its revisions for good. Run the command again with --yes to confirm, or archive it instead.",
                    d.id, d.title, d.revision
                )));
            }
            lib.delete(d.id)?;
            wl!(out, "Deleted draft {} \"{}\".", d.id, d.title);
            ok
        }
        Command::Render(a) => {
            let started = std::time::Instant::now();
            // A draft's PDF shows its version label and is recorded in the library,
            // so `identify` knows it later; a file on disk is rendered as it is.
            let (name, template_name, pages, bytes) = match draft_id(&a.target) {
                Some(id) => {
                    let since = a.changes_since.as_deref().map(str::parse).transpose()?;
                    let made = library(&data_dir)?.render_draft(
                        id,
                        a.template.as_deref(),
                        a.final_,
                        since,
                        &a.output,
                    )?;
                    (
                        format!("draft {id}"),
                        made.template,
                        made.pages as usize,
                        made.bytes as usize,
                    )
                }
                None if a.changes_since.is_some() => {
                    return Err(usage(format!(
                        "--changes-since needs a draft from the library: \"{}\" is a file, which has no earlier versions. Import it and issue versions first.",
                        a.target
                    )));
                }
                None => {
                    let (name, agreement) = load_target(&a.target, &data_dir)?;
                    let options = RenderOptions {
                        final_: a.final_,
                        ..RenderOptions::default()
                    };
                    let (template_name, rendered) =
                        templates(&data_dir).render(&agreement, a.template.as_deref(), &options)?;
                    mou_core::files::write_output(&a.output, &rendered.pdf)?;
                    (name, template_name, rendered.pages, rendered.pdf.len())
                }
            };
            eprintln!(
                "Rendered {name} with template \"{template_name}\": {pages} pages, {} KB, {} ms{} → {}",
                bytes.div_ceil(1024),
                started.elapsed().as_millis(),
                if a.final_ { ", final" } else { ", draft" },
                a.output.display()
            );
            ok
        }
        Command::Issue(a) => {
            let mut lib = library(&data_dir)?;
            let request = IssueRequest {
                version: a.number,
                issued_on: a.on,
                sent_to: a.to.iter().map(|p| PartnerId::from(p.as_str())).collect(),
                note: a.note,
            };
            let (draft, issued) = if a.final_ {
                lib.issue_final(DraftId(a.id), a.on, &request.note)?
            } else {
                lib.issue(DraftId(a.id), &request)?
            };
            print::issued(out, &issued, &draft.title, a.json);
            ok
        }
        Command::Versions(a) => {
            let versions = library(&data_dir)?.issued_versions(DraftId(a.id))?;
            print::versions(out, &versions, a.json);
            ok
        }
        Command::Review(a) => {
            let status = match a.decision {
                args::Decision::Sent => DecisionStatus::Sent,
                args::Decision::Commented => DecisionStatus::Commented,
                args::Decision::Approved => DecisionStatus::Approved,
                args::Decision::Declined => DecisionStatus::Declined,
            };
            let mut lib = library(&data_dir)?;
            lib.decide(
                DraftId(a.id),
                &DecisionRequest {
                    version: a.number,
                    partner: PartnerId::from(a.partner.as_str()),
                    status,
                    decided_on: a.on,
                    by_name: a.by.unwrap_or_default(),
                    by_job_title: a.job_title.unwrap_or_default(),
                    reason: a.reason,
                },
            )?;
            let round = lib.review_round(DraftId(a.id))?;
            if let Some(p) = round
                .partners
                .iter()
                .find(|p| p.partner.as_str() == a.partner)
            {
                wl!(out, "Recorded: {} {}.", p.name, p.summary);
            }
            ok
        }
        Command::Reviews(a) => {
            print::review_round(
                out,
                &library(&data_dir)?.review_round(DraftId(a.id))?,
                a.json,
            );
            ok
        }
        Command::Diff(a) => {
            let comparison =
                library(&data_dir)?.compare(DraftId(a.id), a.from.parse()?, a.to.parse()?)?;
            print::comparison(out, &comparison, a.json);
            ok
        }
        Command::Comment(a) => {
            let view = library(&data_dir)?.add_comment(
                DraftId(a.id),
                &CommentRequest {
                    version: a.number,
                    partner: PartnerId::from(a.partner.as_str()),
                    step: a.step,
                    item: a.item,
                    text: a.text,
                },
            )?;
            print::comments(out, std::slice::from_ref(&view), a.json);
            ok
        }
        Command::Resolve(a) => {
            let request = match a.how {
                args::How::Accepted => ResolutionRequest::Accepted {
                    revision: a.revision,
                },
                args::How::NotAccepted => ResolutionRequest::NotAccepted { reason: a.reason },
                args::How::Reopen => ResolutionRequest::Reopen,
            };
            let view = library(&data_dir)?.resolve_comment(DraftId(a.id), a.comment, &request)?;
            print::comments(out, std::slice::from_ref(&view), false);
            ok
        }
        Command::Comments(a) => {
            let lib = library(&data_dir)?;
            let comments = if a.open {
                lib.open_comments(DraftId(a.id))?
            } else {
                lib.comments(DraftId(a.id))?
            };
            print::comments(out, &comments, a.json);
            ok
        }
        Command::Identify(a) => {
            let bytes = std::fs::read(&a.file).map_err(|e| Failure {
                code: "cli.unreadable_file",
                message: format!(
                    "Could not read {}: {e}. Check the path and that you may read the file.",
                    a.file.display()
                ),
            })?;
            // The library adds what it knows; without one, the file alone answers.
            let identification = match existing_library(&data_dir)? {
                Some(lib) => lib.identify(&bytes)?,
                None => mou_core::api::identify_file(&bytes),
            };
            print::identification(out, &a.file.display().to_string(), &identification, a.json);
            let exact = matches!(&identification.file, Identified::Ours(d) if d.integrity == Integrity::Exact);
            Ok(if exact {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Templates(TemplatesCommand::List { json }) => {
            print::templates(out, &templates(&data_dir).fresh()?.list(), json);
            ok
        }
        Command::Templates(TemplatesCommand::Check { path }) => check_template(out, &path),
        Command::Schema => {
            out.push_str(&exchange::json_schema()?);
            ok
        }
        Command::Clauses(a) => {
            print::clause_library(out, &mou_core::api::clause_library(), a.json);
            ok
        }
    }
}

/// A target that is a draft id rather than a file on disk.
fn draft_id(target: &str) -> Option<DraftId> {
    if Path::new(target).is_file() {
        return None;
    }
    target.parse().ok().map(DraftId)
}

/// The library in the data folder if there is one; none is made just to look.
fn existing_library(data_dir: &Option<PathBuf>) -> Result<Option<Library>, Failure> {
    let Some(dir) = data_folder(data_dir) else {
        return Ok(None);
    };
    if !dir.join(paths::LIBRARY_FILE).is_file() {
        return Ok(None);
    }
    Ok(Some(Library::open(&dir)?))
}

/// A `validate` target: an existing file, or else a draft id.
fn load_target(target: &str, data_dir: &Option<PathBuf>) -> Result<(String, Agreement), Failure> {
    let path = Path::new(target);
    if path.is_file() {
        return Ok((target.to_string(), exchange::read_file(path)?));
    }
    let Ok(id) = target.parse::<i64>() else {
        return Err(usage(format!(
            "\"{target}\" is neither an agreement file nor a draft id. Give the path of a .json file, or a draft id from `mou list`."
        )));
    };
    let lib = library(data_dir)?;
    let draft = lib.open_draft(DraftId(id), None)?;
    Ok((
        format!("Draft {id} \"{}\"", draft.summary.title),
        lib.as_shown(DraftId(id), draft.agreement)?,
    ))
}
