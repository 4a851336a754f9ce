//! The review round: issuing versions to the partners, the version label a
//! document shows, PDFs made from drafts (and recorded), and what a PDF is.

use super::{ApiError, Library};
use crate::document_control::VersionRecord;
use crate::fingerprint::hex;
use crate::identify::{Identified, identify};
use crate::model::{Agreement, PartnerId, PartnerReview, ReviewStatus, Step, VersionNumber};
use crate::overview::Overview;
use crate::store::{
    Comment, Decision, DecisionStatus, DraftId, DraftSummary, IssuedVersion, MadeDocument,
    NewComment, NewVersion, Resolution, StoreError,
};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// What the drafter asks for when issuing a version; every field may be left to
/// the proposal.
#[derive(Debug, Clone, Default)]
pub struct IssueRequest {
    /// By default the next number (see [`Library::next_version`]).
    pub version: Option<VersionNumber>,
    /// By default today.
    pub issued_on: Option<NaiveDate>,
    /// By default every partner.
    pub sent_to: Vec<PartnerId>,
    pub note: String,
}

/// The content of a PDF to make from a draft (see [`Library::document_job`]).
#[derive(Debug, Clone)]
pub struct DocumentJob {
    pub id: DraftId,
    pub revision: u32,
    pub agreement: Agreement,
    /// The versions issued so far, for the document-control table.
    pub history: Vec<VersionRecord>,
}

/// A PDF rendered, with what it was rendered with.
#[derive(Debug, Clone)]
pub struct Made {
    pub template: String,
    pub final_: bool,
    pub rendered: crate::render::Rendered,
}

/// A PDF made from a draft and written to disk.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MadePdf {
    pub template: String,
    pub pages: u32,
    pub bytes: u64,
    /// As printed in the footer.
    pub fingerprint: String,
    pub version: String,
}

/// What a file is, with what this library knows of it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Identification {
    pub file: Identified,
    /// The record of this exact file, or else of a file showing the same content,
    /// if this library made one.
    pub known: Option<KnownDocument>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct KnownDocument {
    /// Whether the record is of these very bytes (else of the same content).
    pub same_file: bool,
    pub made: MadeDocument,
    /// The draft's title now, unless it was deleted.
    pub draft_title: Option<String>,
    /// When the version it shows was issued, if it was.
    pub issued: Option<IssuedVersion>,
}

impl Library {
    /// The number the next issue should have: one after the last issued version;
    /// for a draft never issued, its own version label if that is a number (so
    /// existing drafts keep their numbering), else 0.1.
    pub fn next_version(&self, id: DraftId) -> Result<VersionNumber, ApiError> {
        if let Some(last) = self.store.issued_versions(id)?.last() {
            return Ok(last.version.next_minor());
        }
        let draft = self.store.open_draft(id)?;
        Ok(draft
            .agreement
            .details
            .version
            .parse()
            .unwrap_or(VersionNumber::FIRST))
    }

    /// Issues the draft's newest content as a version for review. The version
    /// label in the issued content is the version's number.
    pub fn issue(
        &mut self,
        id: DraftId,
        request: &IssueRequest,
    ) -> Result<(DraftSummary, IssuedVersion), ApiError> {
        let mut agreement = self.store.open_draft(id)?.agreement;
        let version = match request.version {
            Some(v) => v,
            None => self.next_version(id)?,
        };
        let known: Vec<&PartnerId> = agreement.partners.iter().map(|p| &p.id).collect();
        if let Some(stranger) = request.sent_to.iter().find(|p| !known.contains(p)) {
            return Err(ApiError::UnknownPartner {
                id: stranger.to_string(),
                known: known.iter().map(|p| p.to_string()).collect(),
            });
        }
        let sent_to = if request.sent_to.is_empty() {
            known.into_iter().cloned().collect()
        } else {
            request.sent_to.clone()
        };
        agreement.details.version = version.to_string();
        let new = NewVersion {
            version,
            issued_on: request
                .issued_on
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
            sent_to,
            note: request.note.clone(),
        };
        Ok(self.store.issue(id, &agreement, &new)?)
    }

    pub fn issued_versions(&self, id: DraftId) -> Result<Vec<IssuedVersion>, ApiError> {
        Ok(self.store.issued_versions(id)?)
    }

    /// The last version issued, its content, and whether `agreement` (content of
    /// draft `id`) differs from it in anything but the version label; none before
    /// the first issue.
    fn last_issue(
        &self,
        id: DraftId,
        agreement: &Agreement,
    ) -> Result<Option<(IssuedVersion, Agreement, bool)>, ApiError> {
        let Some(last) = self.store.issued_versions(id)?.pop() else {
            return Ok(None);
        };
        let (_, issued) = self.store.issued_version(id, last.version)?;
        let mut now = agreement.clone();
        now.details.version = issued.details.version.clone();
        let changed = now != issued;
        Ok(Some((last, issued, changed)))
    }

    /// What the workspace shows beside the forms for `agreement` (content of draft
    /// `id`, saved or not), checked as its documents show it.
    pub fn overview_of(&self, id: DraftId, agreement: &Agreement) -> Result<Overview, ApiError> {
        let (shown, issued) = self.shown(id, agreement.clone())?;
        let mut overview = self.templates.overview(&shown);
        if issued {
            overview.version_from_review = Some(shown.details.version);
        }
        Ok(overview)
    }

    /// `agreement` (content of draft `id`, saved or not) as a document of it shows
    /// it, and as the task list checks it: its version label, and its sign-off from
    /// the recorded decisions once there are any.
    pub fn as_shown(&self, id: DraftId, agreement: Agreement) -> Result<Agreement, ApiError> {
        Ok(self.shown(id, agreement)?.0)
    }

    /// As [`Library::as_shown`], and whether any version has been issued.
    fn shown(&self, id: DraftId, mut agreement: Agreement) -> Result<(Agreement, bool), ApiError> {
        // The last version's number while nothing changed since, "0.3 + changes"
        // after an edit; a draft never issued keeps its own label.
        let last = self.last_issue(id, &agreement)?;
        agreement.details.version = match &last {
            None => agreement.details.version.trim().to_string(),
            Some((v, _, false)) => v.version.to_string(),
            Some((v, _, true)) => format!("{} + changes", v.version),
        };
        let issued = last.is_some();
        // Once a version is issued, the decisions on issued versions are the
        // sign-off; records typed by hand before then no longer count.
        if !issued {
            return Ok((agreement, issued));
        }
        let decisions = self.store.decisions(id)?;
        agreement.sign_off.reviews = agreement
            .partners
            .iter()
            .filter_map(|p| {
                let theirs = decisions.iter().filter(|d| d.partner == p.id);
                let latest = theirs
                    .clone()
                    .rev()
                    .find(|d| d.status != DecisionStatus::Sent)
                    .or_else(|| theirs.clone().next_back())?;
                Some(PartnerReview {
                    partner: p.id.clone(),
                    reviewed_version: latest.version.to_string(),
                    reviewed_on: Some(latest.decided_on),
                    status: match latest.status {
                        DecisionStatus::Sent => ReviewStatus::Pending,
                        DecisionStatus::Approved => ReviewStatus::Approved,
                        DecisionStatus::Commented | DecisionStatus::Declined => {
                            ReviewStatus::ChangesRequested
                        }
                    },
                    comments: latest.reason.clone(),
                })
            })
            .collect();
        Ok((agreement, issued))
    }

    /// What a PDF of the draft's newest content is made from: the revision and the
    /// agreement as its document shows it. Rendering it needs no library
    /// ([`super::Templates::render`]), so a front end can do it outside any lock.
    /// A final document also waits for every comment to be resolved.
    pub fn document_job(&self, id: DraftId, final_: bool) -> Result<DocumentJob, ApiError> {
        // Read once: the checks, the history and the content all see this revision.
        let draft = self.store.open_draft(id)?;
        if final_ {
            let open = self.open_comments(id)?;
            if !open.is_empty() {
                let list: Vec<String> = open
                    .iter()
                    .map(|c| {
                        format!(
                            "comment {} from {} on {}",
                            c.comment.id, c.partner_name, c.concerns
                        )
                    })
                    .collect();
                return Err(ApiError::CommentsOpen(format!(
                    "A final document cannot be made while comments are open: {}. Accept each one (with the revision that dealt with it) or say why it is not accepted, then try again.",
                    list.join("; ")
                )));
            }
            self.final_version_issued(id, &draft.agreement)?;
        }
        Ok(DocumentJob {
            id,
            revision: draft.summary.revision,
            history: self.history(id, &draft.agreement)?,
            // As its document shows it: the version label and, once versions are
            // issued, the sign-off table from the recorded decisions.
            agreement: self.as_shown(id, draft.agreement)?,
        })
    }

    /// Every version issued, as a document's control table lists it: its date,
    /// how much changed since the one before (and the note), who approved it and
    /// who it went to, partners named as `now` (the draft's newest content) names them.
    fn history(&self, id: DraftId, now: &Agreement) -> Result<Vec<VersionRecord>, ApiError> {
        let versions = self.store.issued_versions(id)?;
        let decisions = self.store.decisions(id)?;
        let name = |p: &PartnerId| {
            now.partner(p)
                .map_or_else(|| p.to_string(), |x| x.name.trim().to_string())
        };
        let mut history = Vec::with_capacity(versions.len());
        for (i, v) in versions.iter().enumerate() {
            let mut summary = match i.checked_sub(1).map(|before| versions[before].version) {
                None => "First version issued.".to_string(),
                Some(before) => {
                    let n = self
                        .compare(id, Point::Version(before), Point::Version(v.version))?
                        .count();
                    match n {
                        0 if v.version.is_final() => format!("The words of {before}, as agreed."),
                        0 => format!("No changes since {before}."),
                        1 => format!("1 change since {before}."),
                        n => format!("{n} changes since {before}."),
                    }
                }
            };
            if !v.note.trim().is_empty() {
                summary = format!("{summary} {}", v.note.trim());
            }
            let approved_by = now
                .partners
                .iter()
                .filter(|p| {
                    decisions.iter().any(|d| {
                        d.version == v.version
                            && d.partner == p.id
                            && d.status == DecisionStatus::Approved
                    })
                })
                .map(|p| p.name.trim().to_string())
                .collect();
            history.push(VersionRecord {
                version: v.version.to_string(),
                issued_on: v.issued_on,
                summary,
                approved_by,
                sent_to: v.sent_to.iter().map(name).collect(),
            });
        }
        Ok(history)
    }

    /// Once versions are issued, a final document shows a final version (1.0, 2.0):
    /// what blocks it first (errors, partners who have not approved), else the
    /// step left, issuing the final version. A draft never issued keeps the
    /// sign-off records typed into it.
    fn final_version_issued(&self, id: DraftId, newest: &Agreement) -> Result<(), ApiError> {
        let Some((last, _, changed)) = self.last_issue(id, newest)? else {
            return Ok(());
        };
        if !changed && last.version.is_final() {
            return Ok(());
        }
        let shown = self.as_shown(id, newest.clone())?;
        let config = self.templates.config_for(&shown);
        let blockers = crate::validation::final_blockers(&shown, &config);
        if !blockers.is_empty() {
            return Err(crate::render::RenderError::NotReady(blockers).into());
        }
        Err(ApiError::FinalVersionNotIssued(format!(
            "every partner approved version {}, and a final document shows the final version. Issue it as version {} (in the Review round, or with `mou issue {id} --final`), then make the final document",
            last.version,
            last.version.next_major()
        )))
    }

    /// Records a PDF made from `job`, so the file can be recognised later.
    pub fn record_made(&mut self, job: &DocumentJob, made: &Made) -> Result<MadePdf, ApiError> {
        let record = MadeDocument {
            sha256: hex(&Sha256::digest(&made.rendered.pdf)),
            fingerprint: made.rendered.fingerprint.hex(),
            draft: Some(job.id),
            revision: Some(job.revision),
            version: job.agreement.details.version.clone(),
            final_: made.final_,
            template: made.template.clone(),
            pages: made.rendered.pages as u32,
            bytes: made.rendered.pdf.len() as u64,
            made_at: String::new(),
        };
        self.store.record_document(&record)?;
        Ok(MadePdf {
            template: record.template,
            pages: record.pages,
            bytes: record.bytes,
            fingerprint: made.rendered.fingerprint.short(),
            version: record.version,
        })
    }

    /// Renders the draft's newest content with `template` (by default its own),
    /// writes the PDF to `output` and records it.
    /// With `changes_since`, the PDF ends with what changed from that version (or
    /// revision) to this content.
    pub fn render_draft(
        &mut self,
        id: DraftId,
        template: Option<&str>,
        final_: bool,
        changes_since: Option<Point>,
        output: &std::path::Path,
    ) -> Result<MadePdf, ApiError> {
        let job = self.document_job(id, final_)?;
        let changes = changes_since
            .map(|since| self.compare(id, since, Point::Newest))
            .transpose()?;
        let made = self.templates.make(&job, template, final_, changes)?;
        crate::files::write_output(output, &made.rendered.pdf)?;
        self.record_made(&job, &made)
    }

    /// What `bytes` are: from the file alone, and from this library's records.
    pub fn identify(&self, bytes: &[u8]) -> Result<Identification, ApiError> {
        let file = identify(bytes);
        let known = match &file {
            Identified::Ours(doc) => self.known(&doc.sha256, &doc.fingerprint_hex)?,
            _ => None,
        };
        Ok(Identification { file, known })
    }

    fn known(&self, sha256: &str, fingerprint: &str) -> Result<Option<KnownDocument>, ApiError> {
        let (same_file, made) = match self.store.document_by_sha256(sha256)? {
            Some(made) => (true, made),
            None => match self.store.document_by_fingerprint(fingerprint)? {
                Some(made) => (false, made),
                None => return Ok(None),
            },
        };
        let draft = made.draft.and_then(|id| self.store.summary(id).ok());
        let issued = match (made.draft, made.version.parse::<VersionNumber>()) {
            (Some(id), Ok(version)) => match self.store.issued_version(id, version) {
                Ok((issued, _)) => Some(issued),
                Err(StoreError::VersionNotFound { .. } | StoreError::DraftNotFound { .. }) => None,
                Err(e) => return Err(e.into()),
            },
            _ => None,
        };
        Ok(Some(KnownDocument {
            same_file,
            draft_title: draft.map(|d| d.title),
            issued,
            made,
        }))
    }
}

/// What a file is, from the file alone (for a file read with no library at hand).
pub fn identify_file(bytes: &[u8]) -> Identification {
    Identification {
        file: identify(bytes),
        known: None,
    }
}

/// A partner's decision on a version, as the drafter records it.
#[derive(Debug, Clone)]
pub struct DecisionRequest {
    pub version: VersionNumber,
    pub partner: PartnerId,
    pub status: DecisionStatus,
    /// By default today.
    pub decided_on: Option<NaiveDate>,
    /// Who approved: by default the partner's signatory.
    pub by_name: String,
    pub by_job_title: String,
    /// Why the partner declined; needed for a refusal.
    pub reason: String,
}

/// Where every partner is with every issued version.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewRound {
    pub versions: Vec<IssuedVersion>,
    pub partners: Vec<PartnerReviewStatus>,
    /// The version a document's "Changes since" appendix starts from by default
    /// (see [`Library::last_reviewed`]).
    pub last_reviewed: Option<VersionNumber>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PartnerReviewStatus {
    pub partner: PartnerId,
    pub name: String,
    /// One entry per issued version, in the same order: none when not sent to them.
    pub decisions: Vec<Option<Decision>>,
    /// In words: "approved 0.2; 0.3 not yet reviewed".
    pub summary: String,
}

impl Library {
    /// Records a partner's decision on an issued version.
    pub fn decide(&mut self, id: DraftId, request: &DecisionRequest) -> Result<(), ApiError> {
        let (_, content) = self.store.issued_version(id, request.version)?;
        let Some(partner) = content.partner(&request.partner) else {
            return Err(ApiError::UnknownPartner {
                id: request.partner.to_string(),
                known: content.partners.iter().map(|p| p.id.to_string()).collect(),
            });
        };
        let name = partner.name.trim().to_string();
        let (mut by_name, mut by_job_title) = (
            request.by_name.trim().to_string(),
            request.by_job_title.trim().to_string(),
        );
        if request.status == DecisionStatus::Approved {
            if by_name.is_empty() {
                by_name = partner.signatory.name.trim().to_string();
                by_job_title = partner.signatory.job_title.trim().to_string();
            }
            if by_name.is_empty() {
                return Err(ApiError::DecisionIncomplete(format!(
                    "Say who approved version {} for {name}: their name and job title (the partner has no signatory to take them from).",
                    request.version
                )));
            }
        }
        if request.status == DecisionStatus::Declined && request.reason.trim().is_empty() {
            return Err(ApiError::DecisionIncomplete(format!(
                "Say why {name} declined version {}, so the next version can answer it.",
                request.version
            )));
        }
        let decision = Decision {
            version: request.version,
            partner: request.partner.clone(),
            status: request.status,
            decided_on: request
                .decided_on
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
            by_name,
            by_job_title,
            reason: request.reason.trim().to_string(),
        };
        Ok(self.store.record_decision(id, &decision)?)
    }

    /// Every partner (of the newest content) against every issued version.
    pub fn review_round(&self, id: DraftId) -> Result<ReviewRound, ApiError> {
        let agreement = self.store.open_draft(id)?.agreement;
        let versions = self.store.issued_versions(id)?;
        let decisions = self.store.decisions(id)?;
        // How much changed from each version someone decided on to the latest one.
        let mut changes_since: HashMap<VersionNumber, usize> = HashMap::new();
        if let Some(latest) = versions.last() {
            for d in &decisions {
                if d.version != latest.version && !changes_since.contains_key(&d.version) {
                    let n = self
                        .compare(
                            id,
                            Point::Version(d.version),
                            Point::Version(latest.version),
                        )?
                        .count();
                    changes_since.insert(d.version, n);
                }
            }
        }
        let partners = agreement
            .partners
            .iter()
            .map(|p| {
                let row: Vec<Option<Decision>> = versions
                    .iter()
                    .map(|v| {
                        decisions
                            .iter()
                            .find(|d| d.version == v.version && d.partner == p.id)
                            .cloned()
                    })
                    .collect();
                PartnerReviewStatus {
                    partner: p.id.clone(),
                    name: p.name.trim().to_string(),
                    summary: summary(&versions, &row, &changes_since),
                    decisions: row,
                }
            })
            .collect();
        Ok(ReviewRound {
            versions,
            partners,
            last_reviewed: self.last_reviewed(id)?,
        })
    }
}

/// "approved 0.2; 0.3 not yet reviewed, 4 changes since", "declined 0.3",
/// "not sent any version".
fn summary(
    versions: &[IssuedVersion],
    row: &[Option<Decision>],
    changes_since: &HashMap<VersionNumber, usize>,
) -> String {
    let latest = versions.last().map(|v| v.version);
    let decided = row
        .iter()
        .flatten()
        .rev()
        .find(|d| d.status != DecisionStatus::Sent);
    let sent_latest = row.last().and_then(Option::as_ref);
    let word = |d: &Decision| match d.status {
        DecisionStatus::Sent => "sent",
        DecisionStatus::Commented => "commented on",
        DecisionStatus::Approved => "approved",
        DecisionStatus::Declined => "declined",
    };
    match (decided, latest) {
        (_, None) => "no version issued yet".into(),
        (Some(d), Some(latest)) if d.version == latest => format!("{} {}", word(d), d.version),
        (Some(d), Some(latest)) if sent_latest.is_some() => {
            let n = changes_since.get(&d.version).copied().unwrap_or_default();
            format!(
                "{} {}; {latest} not yet reviewed, {n} change{} since",
                word(d),
                d.version,
                if n == 1 { "" } else { "s" }
            )
        }
        (Some(d), Some(latest)) => format!("{} {}; {latest} not sent to them", word(d), d.version),
        (None, Some(latest)) if sent_latest.is_some() => format!("{latest} sent, not yet reviewed"),
        (None, Some(_)) => "not sent any version".into(),
    }
}

/// One side of a comparison: an issued version ("0.2"), a revision ("r14"), the
/// newest content ("draft"), or the version partners last reviewed ("reviewed").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    Version(VersionNumber),
    Revision(u32),
    Newest,
    /// The oldest of the versions each partner last reviewed (see
    /// [`Library::last_reviewed`]), so changes since it are news to every partner.
    LastReviewed,
}

impl std::str::FromStr for Point {
    type Err = ApiError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        match t.to_lowercase().as_str() {
            "draft" | "newest" | "now" => return Ok(Point::Newest),
            "reviewed" | "last-reviewed" => return Ok(Point::LastReviewed),
            _ => {}
        }
        if let Some(n) = t.strip_prefix(['r', 'R']).and_then(|n| n.parse().ok()) {
            return Ok(Point::Revision(n));
        }
        t.parse().map(Point::Version).map_err(|_| {
            ApiError::BadPoint(format!(
                "\"{s}\" is neither a version (such as 0.2), a revision (such as r14), \"draft\" nor \"reviewed\". Name what to compare in one of those ways."
            ))
        })
    }
}

impl std::fmt::Display for Point {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Point::Version(v) => write!(f, "version {v}"),
            Point::Revision(n) => write!(f, "revision {n}"),
            Point::Newest => f.write_str("the current draft"),
            Point::LastReviewed => f.write_str("the version partners last reviewed"),
        }
    }
}

impl Library {
    /// The agreement at `point`.
    pub fn agreement_at(&self, id: DraftId, point: Point) -> Result<Agreement, ApiError> {
        Ok(match self.resolve(id, point)? {
            Point::Version(v) => self.store.issued_version(id, v)?.1,
            Point::Revision(n) => self.store.revision(id, n)?,
            Point::Newest | Point::LastReviewed => self.store.open_draft(id)?.agreement,
        })
    }

    /// `point` with "the version partners last reviewed" named as the version it is.
    fn resolve(&self, id: DraftId, point: Point) -> Result<Point, ApiError> {
        if point != Point::LastReviewed {
            return Ok(point);
        }
        self.last_reviewed(id)?.map(Point::Version).ok_or_else(|| {
            ApiError::BadPoint(
                "There is no version partners last reviewed that this draft differs from: either no partner has decided on a version yet, or every one reviewed exactly this content. Record the partners' decisions first, or name a version (such as 0.2).".into(),
            )
        })
    }

    /// The version to show changes since, by default: of the versions each
    /// partner last decided on (approved, commented on or declined), the oldest,
    /// so that what changed since is new to every one of them. None while no
    /// partner has decided, or when they all reviewed exactly what the draft is now.
    pub fn last_reviewed(&self, id: DraftId) -> Result<Option<VersionNumber>, ApiError> {
        let decisions = self.store.decisions(id)?;
        let agreement = self.store.open_draft(id)?.agreement;
        let oldest = agreement
            .partners
            .iter()
            .filter_map(|p| {
                decisions
                    .iter()
                    .filter(|d| d.partner == p.id && d.status != DecisionStatus::Sent)
                    .map(|d| d.version)
                    .max()
            })
            .min();
        let Some(oldest) = oldest else {
            return Ok(None);
        };
        let unchanged = matches!(
            self.last_issue(id, &agreement)?,
            Some((last, _, false)) if last.version == oldest
        );
        Ok((!unchanged).then_some(oldest))
    }

    /// Every change from `from` to `to`, step by step, down to the words.
    pub fn compare(
        &self,
        id: DraftId,
        from: Point,
        to: Point,
    ) -> Result<crate::compare::Comparison, ApiError> {
        let (from, to) = (self.resolve(id, from)?, self.resolve(id, to)?);
        let before = self.agreement_at(id, from)?;
        let after = self.agreement_at(id, to)?;
        let config = self.templates.config_for(&after);
        Ok(crate::compare::compare(
            &before,
            &after,
            config.bands(),
            &from.to_string(),
            &to.to_string(),
        ))
    }
}

/// A comment as the drafter records it.
#[derive(Debug, Clone)]
pub struct CommentRequest {
    pub version: VersionNumber,
    pub partner: PartnerId,
    pub step: Step,
    /// "risk:R07", "clause:review", "objective:<id>", "raci:<id>", "partner:<id>",
    /// "term:<term>", or empty for the step as a whole.
    pub item: String,
    pub text: String,
}

/// How the drafter resolves a comment.
#[derive(Debug, Clone)]
pub enum ResolutionRequest {
    Reopen,
    /// Taken in: by default in the newest revision.
    Accepted {
        revision: Option<u32>,
    },
    NotAccepted {
        reason: String,
    },
}

/// A comment with what it concerns named as the agreement reads now.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CommentView {
    #[serde(flatten)]
    pub comment: Comment,
    pub partner_name: String,
    /// "Risk R07", "Objective \"Fewer admissions\"" (its title now), or the step.
    pub concerns: String,
}

impl Library {
    /// Records a partner's comment on an issued version, tied to a step and, if
    /// given, an item of it (which must exist).
    pub fn add_comment(
        &mut self,
        id: DraftId,
        request: &CommentRequest,
    ) -> Result<CommentView, ApiError> {
        let (_, content) = self.store.issued_version(id, request.version)?;
        if content.partner(&request.partner).is_none() {
            return Err(ApiError::UnknownPartner {
                id: request.partner.to_string(),
                known: content.partners.iter().map(|p| p.id.to_string()).collect(),
            });
        }
        if request.text.trim().is_empty() {
            return Err(ApiError::CommentIncomplete(
                "The comment has no text. Write what the partner said.".into(),
            ));
        }
        let item = request.item.trim();
        if !item.is_empty() {
            let newest = self.store.open_draft(id)?.agreement;
            match item_of(&content, item).or_else(|| item_of(&newest, item)) {
                Some((step, _)) if step == request.step => {}
                Some((step, label)) => {
                    return Err(ApiError::CommentIncomplete(format!(
                        "{label} belongs to the step \"{}\", not \"{}\". Choose that step, or leave the item out.",
                        step.title(),
                        request.step.title()
                    )));
                }
                None => {
                    return Err(ApiError::CommentIncomplete(format!(
                        "There is no item \"{item}\" in this agreement. Name one as risk:R07, clause:<key>, objective:<id>, raci:<id>, partner:<id> or term:<term>, or leave it out."
                    )));
                }
            }
        }
        let comment = self.store.add_comment(
            id,
            &NewComment {
                version: request.version,
                partner: request.partner.clone(),
                step: request.step,
                item: item.to_string(),
                text: request.text.clone(),
                created_at: None,
            },
        )?;
        self.view(id, comment)
    }

    /// Resolves a comment: accepted (in a revision), not accepted (why), or reopened.
    pub fn resolve_comment(
        &mut self,
        id: DraftId,
        number: i64,
        request: &ResolutionRequest,
    ) -> Result<CommentView, ApiError> {
        let resolution = match request {
            ResolutionRequest::Reopen => Resolution::Open,
            ResolutionRequest::Accepted { revision } => Resolution::Accepted {
                revision: match revision {
                    Some(r) => {
                        self.store.revision(id, *r)?; // a clear "no such revision"
                        *r
                    }
                    None => self.store.summary(id)?.revision,
                },
            },
            ResolutionRequest::NotAccepted { reason } if reason.trim().is_empty() => {
                return Err(ApiError::CommentIncomplete(format!(
                    "Say why comment {number} is not accepted, so the partner can see it was considered."
                )));
            }
            ResolutionRequest::NotAccepted { reason } => Resolution::NotAccepted {
                reason: reason.clone(),
            },
        };
        let comment = self.store.resolve_comment(id, number, &resolution)?;
        self.view(id, comment)
    }

    /// Every comment on a draft, oldest first, named as the agreement reads now.
    pub fn comments(&self, id: DraftId) -> Result<Vec<CommentView>, ApiError> {
        self.store
            .comments(id)?
            .into_iter()
            .map(|c| self.view(id, c))
            .collect()
    }

    /// The comments still open: a final document waits for none.
    pub fn open_comments(&self, id: DraftId) -> Result<Vec<CommentView>, ApiError> {
        Ok(self
            .comments(id)?
            .into_iter()
            .filter(|c| c.comment.resolution == Resolution::Open)
            .collect())
    }

    fn view(&self, id: DraftId, comment: Comment) -> Result<CommentView, ApiError> {
        let newest = self.store.open_draft(id)?.agreement;
        let partner_name = newest.partner(&comment.partner).map_or_else(
            || comment.partner.to_string(),
            |p| p.name.trim().to_string(),
        );
        let concerns = if comment.item.is_empty() {
            format!("the step \"{}\"", comment.step.title())
        } else {
            let (_, then) = self.store.issued_version(id, comment.version)?;
            item_of(&newest, &comment.item)
                .or_else(|| {
                    item_of(&then, &comment.item).map(|(s, l)| (s, format!("{l} (since removed)")))
                })
                .map_or_else(|| comment.item.clone(), |(_, label)| label)
        };
        Ok(CommentView {
            comment,
            partner_name,
            concerns,
        })
    }
}

/// The step and name of the item `reference` points at in `a`, if it is there.
fn item_of(a: &Agreement, reference: &str) -> Option<(Step, String)> {
    let (kind, key) = reference.split_once(':')?;
    let key = key.trim();
    match kind.trim() {
        "risk" => a
            .risks
            .iter()
            .find(|r| r.id.trim().eq_ignore_ascii_case(key))
            .map(|r| (Step::Risks, format!("Risk {}", r.id.trim()))),
        "clause" => a
            .clauses
            .iter()
            .find(|c| c.key == key)
            .map(|c| (Step::Clauses, format!("Clause \"{}\"", c.title.trim()))),
        "objective" => a.objectives.iter().find(|o| o.id == key).map(|o| {
            (
                Step::Objectives,
                format!("Objective \"{}\"", o.title.trim()),
            )
        }),
        "raci" => a.roles.raci.iter().find(|r| r.id == key).map(|r| {
            (
                Step::Roles,
                format!("RACI activity \"{}\"", r.activity.trim()),
            )
        }),
        "partner" => a
            .partner(&PartnerId::from(key))
            .map(|p| (Step::Partners, format!("Partner \"{}\"", p.name.trim()))),
        "term" => a
            .glossary
            .iter()
            .find(|g| g.term.trim().eq_ignore_ascii_case(key))
            .map(|g| (Step::Glossary, format!("Term \"{}\"", g.term.trim()))),
        _ => None,
    }
}

impl Library {
    /// Issues the final version: the next whole number (1.0 after 0.x), with the
    /// content of the last version issued for review, once every partner approved
    /// that version, nothing changed since, no comment is open and the checks find
    /// no error. The approvals carry over to it, for the same words.
    pub fn issue_final(
        &mut self,
        id: DraftId,
        issued_on: Option<NaiveDate>,
        note: &str,
    ) -> Result<(DraftSummary, IssuedVersion), ApiError> {
        let not_yet = |why: String| Err(ApiError::NotReadyForFinal(why));
        let newest = self.store.open_draft(id)?.agreement;
        let Some((last, reviewed, changed)) = self.last_issue(id, &newest)? else {
            return not_yet(
                "no version has been issued for review yet. Issue one, collect every partner's approval, then issue the final version".into(),
            );
        };
        if changed {
            return not_yet(format!(
                "the draft has changed since version {} was issued. Issue the changes for review (version {}) and collect the approvals first",
                last.version,
                last.version.next_minor()
            ));
        }
        let decisions = self.store.decisions(id)?;
        let approval = |p: &PartnerId| {
            decisions.iter().find(|d| {
                d.version == last.version && &d.partner == p && d.status == DecisionStatus::Approved
            })
        };
        let missing: Vec<&str> = reviewed
            .partners
            .iter()
            .filter(|p| approval(&p.id).is_none())
            .map(|p| p.name.trim())
            .collect();
        if !missing.is_empty() {
            return not_yet(format!(
                "{} {} not approved version {}",
                missing.join(", "),
                if missing.len() == 1 { "has" } else { "have" },
                last.version
            ));
        }
        let open = self.open_comments(id)?;
        if !open.is_empty() {
            return not_yet(format!(
                "{} comment{} still open",
                open.len(),
                if open.len() == 1 { " is" } else { "s are" }
            ));
        }
        let errors = crate::validation::counts(&self.templates.validate(&reviewed)).0;
        if errors > 0 {
            return not_yet(format!(
                "the checks find {errors} error{} to fix",
                if errors == 1 { "" } else { "s" }
            ));
        }
        let request = IssueRequest {
            version: Some(last.version.next_major()),
            issued_on,
            sent_to: Vec::new(),
            note: note.to_string(),
        };
        let (summary, issued) = self.issue(id, &request)?;
        for p in &reviewed.partners {
            if let Some(approved) = approval(&p.id) {
                self.store.record_decision(
                    id,
                    &Decision {
                        version: issued.version,
                        ..approved.clone()
                    },
                )?;
            }
        }
        Ok((summary, issued))
    }
}
