//! Templates: Tera files that turn an agreement into document markup.
//!
//! Built-in templates live in `templates/` (and are compiled into the program);
//! a user adds their own as folders in `templates/` inside the data folder. Each
//! folder holds a `manifest.toml` and the Tera files it names. Any template may
//! extend or include a built-in one, e.g. `{% extends "health-and-care-partnership/document.xml" %}`.

mod context;
pub(crate) mod filters;
mod manifest;

pub use filters::format_money;
pub use manifest::{Fonts, Guidance, Manifest};

use crate::document::{self, Document};
use crate::document_control::VersionRecord;
use crate::error::ErrorCode;
use crate::model::Agreement;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The template new agreements use.
pub const DEFAULT: &str = "health-and-care-partnership";

/// Built-in templates: (name, [(file, content)]), the manifest first.
const BUILT_IN: &[(&str, &[(&str, &str)])] = &[
    (
        "health-and-care-partnership",
        &[
            (
                "manifest.toml",
                include_str!("../../templates/health-and-care-partnership/manifest.toml"),
            ),
            (
                "document.xml",
                include_str!("../../templates/health-and-care-partnership/document.xml"),
            ),
            // Parts the document sets in its body, or a template in a schedule.
            (
                "parts/scope.xml",
                include_str!("../../templates/health-and-care-partnership/parts/scope.xml"),
            ),
            (
                "parts/partners.xml",
                include_str!("../../templates/health-and-care-partnership/parts/partners.xml"),
            ),
            (
                "parts/contributions.xml",
                include_str!("../../templates/health-and-care-partnership/parts/contributions.xml"),
            ),
            (
                "parts/risk-register.xml",
                include_str!("../../templates/health-and-care-partnership/parts/risk-register.xml"),
            ),
            (
                "parts/measures.xml",
                include_str!("../../templates/health-and-care-partnership/parts/measures.xml"),
            ),
        ],
    ),
    (
        "integrated-care-pooled-budget",
        &[
            (
                "manifest.toml",
                include_str!("../../templates/integrated-care-pooled-budget/manifest.toml"),
            ),
            (
                "document.xml",
                include_str!("../../templates/integrated-care-pooled-budget/document.xml"),
            ),
        ],
    ),
    (
        "voluntary-sector-mou",
        &[
            (
                "manifest.toml",
                include_str!("../../templates/voluntary-sector-mou/manifest.toml"),
            ),
            (
                "document.xml",
                include_str!("../../templates/voluntary-sector-mou/document.xml"),
            ),
        ],
    ),
];

/// What went wrong with a template, and where: the template's name, the file, and
/// the line and column when they can be known.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct TemplateError {
    pub kind: TemplateErrorKind,
    pub template: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateErrorKind {
    NotFound,
    Read,
    Manifest,
    Syntax,
    Runtime,
    Markup,
}

impl TemplateError {
    fn new(kind: TemplateErrorKind, template: &str, message: String) -> Self {
        TemplateError {
            kind,
            template: template.to_string(),
            file: None,
            line: None,
            column: None,
            message,
        }
    }

    fn describe(&self) -> String {
        let mut place = format!("Template \"{}\"", self.template);
        if let Some(file) = &self.file {
            place.push_str(&format!(", {file}"));
        }
        if let (Some(l), Some(c)) = (self.line, self.column) {
            place.push_str(&format!(":{l}:{c}"));
        }
        let advice = match self.kind {
            TemplateErrorKind::NotFound => {
                "Choose one of the templates listed by `mou templates list`."
            }
            TemplateErrorKind::Read => {
                "Check the path: a template is a folder holding manifest.toml and its .xml files, or a single .xml file."
            }
            TemplateErrorKind::Manifest => {
                "Correct manifest.toml (docs/templates.md describes every field)."
            }
            TemplateErrorKind::Syntax | TemplateErrorKind::Runtime => {
                "Correct the template at that place, or choose a built-in template."
            }
            TemplateErrorKind::Markup => {
                "The template produced markup this program cannot read; correct the template (docs/templates.md lists the blocks)."
            }
        };
        format!("{place}: {}. {advice}", self.message.trim_end_matches('.'))
    }
}

impl ErrorCode for TemplateError {
    fn code(&self) -> &'static str {
        match self.kind {
            TemplateErrorKind::NotFound => "template.not_found",
            TemplateErrorKind::Read => "template.unreadable",
            TemplateErrorKind::Manifest => "template.manifest_invalid",
            TemplateErrorKind::Syntax => "template.syntax",
            TemplateErrorKind::Runtime => "template.runtime",
            TemplateErrorKind::Markup => "template.markup",
        }
    }
}

/// Where a template came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    User(PathBuf),
}

/// A loaded, parsed template.
pub struct Template {
    pub manifest: Manifest,
    pub origin: Origin,
    /// This template's own files (name, text), for locating errors and fingerprints.
    files: Vec<(String, String)>,
    tera: tera::Tera,
}

impl std::fmt::Debug for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Template")
            .field("name", &self.manifest.name)
            .field("origin", &self.origin)
            .finish()
    }
}

/// Every chained message of a Tera error.
fn tera_messages(e: &tera::Error) -> Vec<String> {
    let mut out = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        out.push(s.to_string());
        source = s.source();
    }
    out
}

/// "--> 12:5" in a Tera parse error.
fn parse_position(text: &str) -> Option<(usize, usize)> {
    let rest = &text[text.find("--> ")? + 4..];
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ':'))?;
    let (l, c) = rest[..end].split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

/// Line and column (1-based) of the first occurrence of `needle` in `text`.
fn position_of(text: &str, needle: &str) -> Option<(usize, usize)> {
    let at = text.find(needle)?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(at, |n| at - n - 1) + 1;
    Some((line, column))
}

/// What a runtime message complains about, as text to look for in the source: a
/// variable in backticks, or a filter or function in quotes (as Tera writes them).
fn culprits(message: &str) -> Vec<String> {
    let mut out = Vec::new();
    for quote in ['`', '\''] {
        let mut rest = message;
        while let Some(start) = rest.find(quote) {
            let after = &rest[start + 1..];
            let Some(len) = after.find(quote) else { break };
            let name = &after[..len];
            if !name.is_empty() && !name.contains('/') && !name.contains(' ') {
                if message.contains("Filter call") && quote == '\'' {
                    out.push(format!("| {name}"));
                    out.push(format!("|{name}"));
                }
                out.push(name.to_string());
            }
            rest = &after[len + 1..];
        }
    }
    out
}

impl Template {
    /// Builds a template from its manifest text and files; `files` excludes the manifest.
    fn build(
        manifest_text: &str,
        files: Vec<(String, String)>,
        origin: Origin,
        fallback_name: &str,
    ) -> Result<Template, TemplateError> {
        let manifest: Manifest = toml::from_str(manifest_text).map_err(|e| {
            let mut err = TemplateError::new(
                TemplateErrorKind::Manifest,
                fallback_name,
                e.message().to_string(),
            );
            err.file = Some("manifest.toml".into());
            if let Some(span) = e.span() {
                let (l, c) = position_of(
                    manifest_text,
                    &manifest_text[span.start..span.end.max(span.start)],
                )
                .unwrap_or((1, 1));
                err.line = Some(l);
                err.column = Some(c);
            }
            err
        })?;
        let name = manifest.name.clone();
        if let Err(e) = manifest.risk_bands.check() {
            let mut err = TemplateError::new(TemplateErrorKind::Manifest, &name, e.to_string());
            err.file = Some("manifest.toml".into());
            return Err(err);
        }
        if !files.iter().any(|(f, _)| *f == manifest.entry) {
            return Err(TemplateError::new(
                TemplateErrorKind::Manifest,
                &name,
                format!(
                    "manifest.toml names \"{}\" as the entry file, but the template has no such file",
                    manifest.entry
                ),
            ));
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".xml"]);
        tera.register_filter("money", filters::money);
        tera.register_filter("long_date", filters::long_date);
        tera.register_filter("short_date", filters::short_date);
        // The built-in templates first, so any template can extend or include them.
        let mut all: Vec<(String, String)> = Vec::new();
        for (builtin, builtin_files) in BUILT_IN {
            if *builtin == name && origin == Origin::BuiltIn {
                continue;
            }
            for (file, text) in builtin_files.iter().filter(|(f, _)| *f != "manifest.toml") {
                all.push((format!("{builtin}/{file}"), text.to_string()));
            }
        }
        for (file, text) in &files {
            all.push((format!("{name}/{file}"), text.clone()));
        }
        tera.add_raw_templates(all)
            .map_err(|e| syntax_error(&name, &files, &e))?;
        Ok(Template {
            manifest,
            origin,
            files,
            tera,
        })
    }

    /// Validation with this template's risk bands (checked when the template loaded).
    pub fn validation_config(&self) -> crate::validation::Config {
        crate::validation::Config::new(self.manifest.risk_bands.clone()).unwrap_or_default()
    }

    pub fn name(&self) -> &str {
        &self.manifest.name
    }

    /// Renders the agreement into document markup.
    pub fn render_markup(
        &self,
        agreement: &Agreement,
        final_: bool,
        history: &[VersionRecord],
    ) -> Result<String, TemplateError> {
        let ctx = context::build(
            agreement,
            &self.manifest.risk_bands,
            &self.manifest,
            final_,
            history,
        );
        // A copy, because the filters that need this agreement are registered on it.
        let mut tera = self.tera.clone();
        let mut names = HashMap::new();
        for p in &agreement.partners {
            names.insert(p.id.to_string(), p.name.clone());
            names.insert(format!("short:{}", p.id), p.short_or_name().to_string());
        }
        tera.register_filter("partner", filters::PartnerName(names));
        tera.register_filter(
            "band",
            filters::Band {
                bands: self.manifest.risk_bands.clone(),
                colour: false,
            },
        );
        tera.register_filter(
            "band_colour",
            filters::Band {
                bands: self.manifest.risk_bands.clone(),
                colour: true,
            },
        );
        let entry = format!("{}/{}", self.manifest.name, self.manifest.entry);
        tera.render(&entry, &ctx)
            .map_err(|e| self.runtime_error(&e))
    }

    /// Renders and parses: the document the layout receives.
    pub fn document(
        &self,
        agreement: &Agreement,
        final_: bool,
        history: &[VersionRecord],
    ) -> Result<Document, TemplateError> {
        let markup = self.render_markup(agreement, final_, history)?;
        document::parse(&markup).map_err(|e| {
            let line_text = markup
                .lines()
                .nth(e.line.saturating_sub(1) as usize)
                .unwrap_or("")
                .trim();
            let snippet: String = line_text.chars().take(100).collect();
            let mut err = TemplateError::new(
                TemplateErrorKind::Markup,
                self.name(),
                format!("{} (the output line reads: {snippet})", e.message),
            );
            err.file = Some("generated markup".into());
            err.line = Some(e.line as usize);
            err.column = Some(e.column as usize);
            err
        })
    }

    /// Locates a render error in the template's files by the name it complains about.
    fn runtime_error(&self, e: &tera::Error) -> TemplateError {
        let messages = tera_messages(e);
        let cause = messages.last().cloned().unwrap_or_default();
        let mut err = TemplateError::new(TemplateErrorKind::Runtime, self.name(), cause.clone());
        // The template's own files first, then the built-in ones it may extend.
        let sources: Vec<(String, String)> = self
            .files
            .iter()
            .cloned()
            .chain(BUILT_IN.iter().flat_map(|(n, files)| {
                files
                    .iter()
                    .map(move |(f, t)| (format!("{n}/{f}"), t.to_string()))
            }))
            .collect();
        let found = messages
            .iter()
            .flat_map(|m| culprits(m))
            .find_map(|needle| {
                sources.iter().find_map(|(file, text)| {
                    position_of(text, &needle).map(|(l, c)| (file.clone(), l, c))
                })
            });
        if let Some((file, l, c)) = found {
            // Tera does not say where a render failed; this is the first place the
            // culprit is used, which is where to start looking.
            err.message = format!(
                "{} (at its first use here)",
                err.message.trim_end_matches('.')
            );
            err.file = Some(file);
            err.line = Some(l);
            err.column = Some(c);
        }
        err
    }

    /// A new, empty agreement that uses this template, with the standard clause
    /// library adjusted by the template: a clause the manifest gives replaces the
    /// library clause with the same key, or is added after them.
    pub fn new_agreement(&self, title: &str) -> Agreement {
        let mut agreement = Agreement::new(title);
        agreement.details.template = self.manifest.name.clone();
        for clause in &self.manifest.clauses {
            match agreement.clauses.iter_mut().find(|c| c.key == clause.key) {
                Some(existing) => *existing = clause.clone(),
                None => agreement.clauses.push(clause.clone()),
            }
        }
        agreement
    }

    /// Bytes that identify this template's content, for the PDF's /ID.
    pub fn fingerprint(&self) -> Vec<u8> {
        let mut out = self.manifest.name.as_bytes().to_vec();
        for (f, t) in &self.files {
            out.extend_from_slice(f.as_bytes());
            out.extend_from_slice(t.as_bytes());
        }
        out
    }
}

fn syntax_error(name: &str, files: &[(String, String)], e: &tera::Error) -> TemplateError {
    let messages = tera_messages(e);
    let joined = messages.join("\n");
    let mut err = TemplateError::new(
        TemplateErrorKind::Syntax,
        name,
        messages
            .iter()
            .map(|m| {
                m.lines()
                    .filter(|l| !l.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join(": "),
    );
    // Tera names the file as 'template/file'.
    err.file = files
        .iter()
        .map(|(f, _)| f)
        .find(|f| joined.contains(&format!("{name}/{f}")))
        .cloned();
    if let Some((l, c)) = parse_position(&joined) {
        err.line = Some(l);
        err.column = Some(c);
    }
    err
}

/// Loads a template folder: `manifest.toml` and every `.xml` file beside it.
pub fn load_dir(dir: &Path) -> Result<Template, TemplateError> {
    let folder = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let read_err = |what: String| TemplateError::new(TemplateErrorKind::Read, &folder, what);
    let manifest_path = dir.join("manifest.toml");
    let manifest = std::fs::read_to_string(&manifest_path)
        .map_err(|e| read_err(format!("cannot read {}: {e}", manifest_path.display())))?;
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| read_err(format!("cannot read {}: {e}", dir.display())))?;
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
    {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| read_err(format!("cannot read {}: {e}", path.display())))?;
        let file = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        files.push((file, text));
    }
    let template = Template::build(&manifest, files, Origin::User(dir.to_path_buf()), &folder)?;
    if template.manifest.name != folder {
        return Err(TemplateError::new(
            TemplateErrorKind::Manifest,
            &template.manifest.name,
            format!(
                "the manifest's name \"{}\" differs from its folder \"{folder}\"; make them the same",
                template.manifest.name
            ),
        ));
    }
    Ok(template)
}

/// Loads a single template file with a default manifest named after the file,
/// for checking a template while it is being written.
pub fn load_file(path: &Path) -> Result<Template, TemplateError> {
    let file = path.file_name().map_or_else(
        || "template.xml".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let stem = path.file_stem().map_or_else(
        || "template".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let text = std::fs::read_to_string(path).map_err(|e| {
        TemplateError::new(
            TemplateErrorKind::Manifest,
            &stem,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    // Quoted by the TOML library, so any file name makes a valid manifest.
    let quote = |v: &str| toml::Value::String(v.to_string()).to_string();
    let manifest = format!(
        "name = {}\ntitle = {}\nentry = {}\n",
        quote(&stem),
        quote(&stem),
        quote(&file)
    );
    Template::build(
        &manifest,
        vec![(file, text)],
        Origin::User(path.to_path_buf()),
        &stem,
    )
}

/// Every syntax error in a template folder's `.xml` files (or in one file), each
/// with its file, line and column: Tera stops at the first, so each file is parsed
/// on its own here. A template with none may still fail when rendered.
pub fn syntax_errors(path: &Path) -> Vec<TemplateError> {
    let name = if path.is_dir() {
        path.file_name()
    } else {
        path.file_stem()
    }
    .map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut found: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        found.retain(|p| p.extension().is_some_and(|x| x == "xml"));
        found.sort();
        found
    } else {
        vec![path.to_path_buf()]
    };
    let mut errors = Vec::new();
    for file in files {
        let file_name = file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        if let Err(e) = tera::Template::new(&file_name, None, &text) {
            let messages = tera_messages(&e);
            let joined = messages.join("\n");
            let mut err = TemplateError::new(
                TemplateErrorKind::Syntax,
                &name,
                joined
                    .lines()
                    .filter(|l| {
                        !l.trim().is_empty()
                            && !l.trim_start().starts_with('|')
                            && !l.contains("-->")
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            err.file = Some(file_name);
            if let Some((l, c)) = parse_position(&joined) {
                err.line = Some(l);
                err.column = Some(c);
            }
            errors.push(err);
        }
    }
    errors
}

/// A template as a list shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TemplateInfo {
    pub name: String,
    pub title: String,
    pub description: String,
    /// "built-in", or the folder it was loaded from.
    pub origin: String,
    /// Why it cannot be used, for a user template that failed to load.
    pub problem: Option<String>,
    /// Guidance for the drafter: per step and per clause key.
    pub guidance: Guidance,
}

/// Every template the program can use: built-in ones, then the user's.
pub struct Registry {
    templates: Vec<Template>,
    problems: Vec<(PathBuf, TemplateError)>,
}

impl Registry {
    /// Loads the built-in templates and every folder in `user_dir` (if it exists).
    /// A broken user template is kept as a problem to report, not a reason to fail.
    pub fn load(user_dir: Option<&Path>) -> Result<Registry, TemplateError> {
        let mut templates = Vec::new();
        for (name, files) in BUILT_IN {
            let manifest = files
                .iter()
                .find(|(f, _)| *f == "manifest.toml")
                .map_or("", |(_, t)| *t);
            let own = files
                .iter()
                .filter(|(f, _)| *f != "manifest.toml")
                .map(|(f, t)| (f.to_string(), t.to_string()))
                .collect();
            templates.push(Template::build(manifest, own, Origin::BuiltIn, name)?);
        }
        let mut problems = Vec::new();
        if let Some(dir) = user_dir
            && let Ok(entries) = std::fs::read_dir(dir)
        {
            let mut dirs: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect();
            dirs.sort();
            for d in dirs {
                match load_dir(&d) {
                    Ok(t) if templates.iter().any(|x: &Template| x.name() == t.name()) => problems.push((
                        d.clone(),
                        TemplateError::new(TemplateErrorKind::Manifest, t.name(), "a built-in template already has this name; rename the folder and the manifest's name".into()),
                    )),
                    Ok(t) => templates.push(t),
                    Err(e) => problems.push((d, e)),
                }
            }
        }
        Ok(Registry {
            templates,
            problems,
        })
    }

    /// The checks for a draft made with template `name`: its risk bands, or the NHS
    /// default when the template is unknown or broken.
    pub fn validation_config(&self, name: &str) -> crate::validation::Config {
        self.get(name)
            .map(Template::validation_config)
            .unwrap_or_default()
    }

    pub fn get(&self, name: &str) -> Result<&Template, TemplateError> {
        if let Some(t) = self.templates.iter().find(|t| t.name() == name) {
            return Ok(t);
        }
        if let Some((_, problem)) = self.problems.iter().find(|(_, e)| e.template == name) {
            return Err(problem.clone());
        }
        let known: Vec<&str> = self.templates.iter().map(Template::name).collect();
        Err(TemplateError::new(
            TemplateErrorKind::NotFound,
            name,
            format!(
                "there is no template of that name (the templates are: {})",
                known.join(", ")
            ),
        ))
    }

    pub fn list(&self) -> Vec<TemplateInfo> {
        let ok = self.templates.iter().map(|t| TemplateInfo {
            name: t.name().to_string(),
            title: t.manifest.title.clone(),
            description: t.manifest.description.clone(),
            origin: match &t.origin {
                Origin::BuiltIn => "built-in".into(),
                Origin::User(p) => p.display().to_string(),
            },
            problem: None,
            guidance: t.manifest.guidance.clone(),
        });
        let broken = self.problems.iter().map(|(p, e)| TemplateInfo {
            name: e.template.clone(),
            title: String::new(),
            description: String::new(),
            origin: p.display().to_string(),
            problem: Some(e.to_string()),
            guidance: Guidance::default(),
        });
        ok.chain(broken).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_found() {
        assert_eq!(parse_position("x\n --> 12:5\n"), Some((12, 5)));
        assert_eq!(position_of("ab\ncd {{ x }}", "{{ x"), Some((2, 4)));
        assert_eq!(
            culprits("Variable `agreement.nope` not found"),
            ["agreement.nope"]
        );
        assert_eq!(
            culprits("Filter call 'money' failed"),
            ["| money", "|money", "money"]
        );
    }
}
