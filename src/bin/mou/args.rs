//! The command line, as clap types. Each subcommand maps to one call into the core.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// MoU Builder: draft, check and keep memoranda of understanding for health and social care partnerships.
///
/// Drafts live in a library in the data folder (the same one the desktop app uses).
/// Exit codes: 0 success, 1 validation found errors, 2 bad input or usage.
#[derive(Debug, Parser)]
#[command(name = "mou", version, propagate_version = true)]
pub struct Cli {
    /// Data folder holding the draft library [default: the platform's app-data folder].
    #[arg(long, global = true, env = mou_core::paths::DATA_DIR_ENV, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new, empty agreement (with the standard clause library switched on).
    New(NewArgs),
    /// List the drafts in the library, most recently changed first.
    List(ListArgs),
    /// Show a draft's details, partners and the state of each step.
    Show(ShowArgs),
    /// Import an agreement file (JSON, or a PDF MoU Builder made) as a new draft, or as a new
    /// revision of an existing draft.
    Import(ImportArgs),
    /// Export a draft to an agreement file (JSON).
    Export(ExportArgs),
    /// Check a draft or an agreement file and list what is missing or inconsistent.
    Validate(ValidateArgs),
    /// List a draft's saved revisions, newest first.
    Revisions(RevisionsArgs),
    /// Make an earlier revision the newest again (the revisions in between are kept).
    Restore(RestoreArgs),
    /// Copy a draft into a new one.
    Duplicate(DuplicateArgs),
    /// Hide a draft from the usual list without deleting it.
    Archive(IdArg),
    /// Bring an archived draft back into the usual list.
    Unarchive(IdArg),
    /// Delete a draft and all its revisions, for good.
    Delete(DeleteArgs),
    /// Make the PDF of a draft or an agreement file.
    Render(RenderArgs),
    /// List the document templates, or check one you are writing.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Print the JSON Schema of the agreement file.
    Schema,
    /// List the clause library: every clause a draft can include, with when it is usually needed.
    Clauses(ClausesArgs),
    /// Issue a draft's current content as a numbered version for the partners to review.
    Issue(IssueArgs),
    /// List the versions issued for review.
    Versions(VersionsArgs),
    /// Say what a PDF is: which agreement and version, and whether it was changed since it was made.
    Identify(IdentifyArgs),
    /// Record a partner's decision on an issued version.
    Review(ReviewArgs),
    /// Show every partner's decision on every issued version.
    Reviews(VersionsArgs),
    /// Compare two versions (0.2), revisions (r14) or the current draft (draft), step by step.
    Diff(DiffArgs),
    /// Record a partner's comment on an issued version.
    Comment(CommentArgs),
    /// Resolve a comment: accepted, not accepted (with a reason), or reopened.
    Resolve(ResolveArgs),
    /// List a draft's comments and how each was resolved.
    Comments(CommentsArgs),
}

#[derive(Debug, Args)]
pub struct CommentArgs {
    /// The draft's id.
    pub id: i64,
    /// The issued version commented on, e.g. 0.3.
    #[arg(value_name = "VERSION")]
    pub number: mou_core::model::VersionNumber,
    /// The partner, by id.
    pub partner: String,
    /// The step it concerns: details, partners, vision, objectives, principles, roles,
    /// governance, finance, risks, clauses, glossary or sign_off.
    #[arg(value_parser = parse_step)]
    pub step: mou_core::model::Step,
    /// What the partner said.
    pub text: String,
    /// The item it concerns: risk:R07, clause:<key>, objective:<id>, raci:<id>,
    /// partner:<id> or term:<term>.
    #[arg(long, default_value = "")]
    pub item: String,
    /// Print the comment as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The draft's id.
    pub id: i64,
    /// The comment's number (see `mou comments ID`).
    pub comment: i64,
    /// How it was dealt with.
    pub how: How,
    /// The revision that dealt with an accepted comment [default: the newest].
    #[arg(long)]
    pub revision: Option<u32>,
    /// Why it was not accepted (needed for `not-accepted`).
    #[arg(long, default_value = "")]
    pub reason: String,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum How {
    Accepted,
    NotAccepted,
    Reopen,
}

#[derive(Debug, Args)]
pub struct CommentsArgs {
    /// The draft's id.
    pub id: i64,
    /// Only the comments still open.
    #[arg(long)]
    pub open: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ClausesArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// A step by the name the agreement file uses for it.
fn parse_step(s: &str) -> Result<mou_core::model::Step, String> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_lowercase().replace('-', "_")))
        .map_err(|_| {
            format!(
                "\"{s}\" is not a step; use one of details, partners, vision, objectives, principles, roles, governance, finance, risks, clauses, glossary, sign_off"
            )
        })
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The draft's id.
    pub id: i64,
    /// The earlier side: a version (0.2), a revision (r14) or "draft".
    pub from: String,
    /// The later side [default: the current draft].
    #[arg(default_value = "draft")]
    pub to: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The draft's id.
    pub id: i64,
    /// The issued version, e.g. 0.3.
    #[arg(value_name = "VERSION")]
    pub number: mou_core::model::VersionNumber,
    /// The partner, by id (see `mou show ID`).
    pub partner: String,
    /// What the partner did.
    pub decision: Decision,
    /// When, YYYY-MM-DD [default: today].
    #[arg(long, value_name = "DATE")]
    pub on: Option<chrono::NaiveDate>,
    /// Who approved [default: the partner's signatory].
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// The job title of who approved.
    #[arg(long, value_name = "TITLE")]
    pub job_title: Option<String>,
    /// Why the partner declined (needed for `declined`), or what they commented.
    #[arg(long, default_value = "")]
    pub reason: String,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Decision {
    Sent,
    Commented,
    Approved,
    Declined,
}

#[derive(Debug, Args)]
pub struct IssueArgs {
    /// The draft's id.
    pub id: i64,
    /// The version number, e.g. 0.3 [default: the next one].
    #[arg(long, short, value_name = "VERSION")]
    pub number: Option<mou_core::model::VersionNumber>,
    /// The date the version carries, YYYY-MM-DD [default: today].
    #[arg(long, value_name = "DATE")]
    pub on: Option<chrono::NaiveDate>,
    /// A partner it is sent to, by id (repeat for several) [default: every partner].
    #[arg(long = "to", value_name = "PARTNER_ID")]
    pub to: Vec<String>,
    /// A note on the version, e.g. "After the February board".
    #[arg(long, default_value = "")]
    pub note: String,
    /// Issue the final version (1.0 after 0.x): the last version reviewed, once
    /// every partner approved it and no comment is open.
    #[arg(long = "final", conflicts_with_all = ["number", "to"])]
    pub final_: bool,
    /// Print the issued version as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct VersionsArgs {
    /// The draft's id.
    pub id: i64,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IdentifyArgs {
    /// The PDF to identify.
    pub file: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// A draft id, or the path of an agreement file.
    pub target: String,
    /// Where to write the PDF.
    #[arg(long, short)]
    pub output: std::path::PathBuf,
    /// The template to use [default: the one the agreement names].
    #[arg(long, short)]
    pub template: Option<String>,
    /// A final document: no DRAFT watermark; refused unless there are no errors, every partner approved, no comment is open and (once versions are issued) the final version is issued.
    #[arg(long = "final")]
    pub final_: bool,
    /// End with an appendix of what changed since this version (0.2), revision
    /// (r14) or "reviewed" (the version partners last reviewed; the oldest, if
    /// they differ), for a partner who approved it (a draft from the library only).
    #[arg(long, value_name = "VERSION")]
    pub changes_since: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// List the built-in templates and those in the data folder's templates/ folder.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Parse a template folder (or a single template file) and render it against the
    /// full example, reporting every error with file:line:column.
    Check {
        /// A template folder with manifest.toml, or one .xml template file.
        path: std::path::PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The agreement's title.
    #[arg(long, default_value = "Untitled memorandum of understanding")]
    pub title: String,
    /// The partnership's reference for the agreement.
    #[arg(long, default_value = "")]
    pub reference: String,
    /// The name of the partnership.
    #[arg(long, default_value = "")]
    pub partnership: String,
    /// The document template, whose clause wording the new agreement starts with.
    #[arg(long, short, default_value = mou_core::templates::DEFAULT)]
    pub template: String,
    /// Print the new draft as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only drafts whose title, reference, partnership or a partner's name contains this text.
    #[arg(long, short, default_value = "")]
    pub search: String,
    /// Only archived drafts.
    #[arg(long, conflicts_with = "all")]
    pub archived: bool,
    /// Archived drafts as well as the others.
    #[arg(long)]
    pub all: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The draft's id (see `mou list`).
    pub id: i64,
    /// Show this revision instead of the newest.
    #[arg(long, short)]
    pub revision: Option<u32>,
    /// Print the agreement file (JSON) instead of a summary.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The agreement file to import: JSON as `mou export` writes it, or a PDF MoU Builder
    /// made, which carries its agreement (restored exactly as the PDF shows it; a PDF
    /// whose agreement does not match what it shows is refused).
    pub file: PathBuf,
    /// Save as a new revision of this draft instead of creating a new draft.
    #[arg(long, value_name = "ID")]
    pub into: Option<i64>,
    /// A label for the revision, e.g. "Sent to partners for review".
    #[arg(long)]
    pub label: Option<String>,
    /// Print the draft as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The draft's id.
    pub id: i64,
    /// Where to write the agreement file; "-" writes to standard output.
    #[arg(long, short)]
    pub output: PathBuf,
    /// Export this revision instead of the newest.
    #[arg(long, short)]
    pub revision: Option<u32>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// A draft id, or the path of an agreement file.
    pub target: String,
    /// Also require what a final document needs: no errors and every partner's approval.
    #[arg(long = "final")]
    pub final_: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RevisionsArgs {
    /// The draft's id.
    pub id: i64,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The draft's id.
    pub id: i64,
    /// The revision number to restore (see `mou revisions ID`).
    pub revision: u32,
}

#[derive(Debug, Args)]
pub struct DuplicateArgs {
    /// The draft to copy.
    pub id: i64,
    /// Title of the copy [default: "Copy of" and the original title].
    #[arg(long)]
    pub title: Option<String>,
}

#[derive(Debug, Args)]
pub struct IdArg {
    /// The draft's id.
    pub id: i64,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The draft's id.
    pub id: i64,
    /// Confirm that the draft and every revision of it should be deleted.
    #[arg(long)]
    pub yes: bool,
}

#[cfg(test)]
mod tests {
    /// clap's own consistency checks (unique names, valid defaults) on every command.
    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
