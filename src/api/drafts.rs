//! Drafts and their revisions: making, listing, opening, saving, importing,
//! exporting, duplicating, archiving and deleting them.

use super::{ApiError, Library};
use crate::exchange::{ExchangeFile, ReviewRecord, VersionRecord};
use crate::model::Agreement;
use crate::overview::Overview;
use crate::store::{
    DraftId, DraftSummary, ListQuery, NewComment, NewVersion, Resolution, RevisionSummary,
};
use serde::Serialize;
use std::time::Duration;

/// How long one revision may gather a sitting's autosaves before a new one starts.
pub const AUTOSAVE_SITTING: Duration = Duration::from_secs(5 * 60);

/// A draft opened in the workspace: the revision asked for (by default the newest)
/// and what the task list shows.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OpenedDraft {
    pub summary: DraftSummary,
    /// The revision `agreement` is.
    pub revision: u32,
    pub agreement: Agreement,
    pub overview: Overview,
}

/// What an (auto)save returns: the library line and the fresh overview.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Saved {
    pub summary: DraftSummary,
    pub overview: Overview,
}

/// Details a new draft may start with besides its title.
#[derive(Debug, Clone, Default)]
pub struct NewDraft {
    pub title: String,
    /// The template's name; its wording and clauses fill the new agreement.
    pub template: String,
    pub reference: String,
    pub partnership_name: String,
}

impl Library {
    /// Makes a draft from a template's starting wording.
    pub fn new_draft(&mut self, new: &NewDraft) -> Result<DraftSummary, ApiError> {
        let mut agreement = self
            .templates
            .fresh()?
            .get(&new.template)?
            .new_agreement(&new.title);
        agreement.details.reference = new.reference.clone();
        agreement.details.partnership_name = new.partnership_name.clone();
        Ok(self.store.create(&agreement, None)?)
    }

    pub fn list(&self, query: &ListQuery) -> Result<Vec<DraftSummary>, ApiError> {
        Ok(self.store.list(query)?)
    }

    pub fn summary(&self, id: DraftId) -> Result<DraftSummary, ApiError> {
        Ok(self.store.summary(id)?)
    }

    /// Opens revision `revision` of a draft (by default its newest), checked with
    /// the draft's own template.
    pub fn open_draft(&self, id: DraftId, revision: Option<u32>) -> Result<OpenedDraft, ApiError> {
        let summary = self.store.summary(id)?;
        let revision = revision.unwrap_or(summary.revision);
        let mut agreement = self.store.revision(id, revision)?;
        // Items saved before ids existed get them now; the next save keeps them.
        agreement.give_ids();
        Ok(OpenedDraft {
            overview: self.overview_of(id, &agreement)?,
            summary,
            revision,
            agreement,
        })
    }

    /// Saves what the user typed: the edits of one sitting, up to
    /// [`AUTOSAVE_SITTING`], share one revision, and nothing is saved when the
    /// content is unchanged.
    pub fn autosave(&mut self, id: DraftId, agreement: &Agreement) -> Result<Saved, ApiError> {
        let overview = self.overview_of(id, agreement)?;
        let summary = self.store.autosave(id, agreement, AUTOSAVE_SITTING)?;
        Ok(Saved { summary, overview })
    }

    /// Adds an agreement read from a file: a new draft, or a new revision of `into`.
    pub fn import(
        &mut self,
        agreement: &Agreement,
        into: Option<DraftId>,
        label: Option<&str>,
    ) -> Result<DraftSummary, ApiError> {
        let mut agreement = agreement.clone();
        agreement.give_ids();
        Ok(match into {
            Some(id) => self.store.save(id, &agreement, label)?,
            None => self.store.create(&agreement, label.or(Some("Imported")))?,
        })
    }

    /// A draft as an agreement file: revision `revision` (by default the newest)
    /// and, for the newest, its review round (versions with their content,
    /// decisions, comments).
    pub fn export(
        &self,
        id: DraftId,
        revision: Option<u32>,
    ) -> Result<(Agreement, ReviewRecord), ApiError> {
        let summary = self.store.summary(id)?;
        let revision = revision.unwrap_or(summary.revision);
        let agreement = self.store.revision(id, revision)?;
        if revision != summary.revision {
            return Ok((agreement, ReviewRecord::default()));
        }
        let versions = self
            .store
            .issued_versions(id)?
            .into_iter()
            .map(|v| {
                let (_, content) = self.store.issued_version(id, v.version)?;
                Ok(VersionRecord {
                    version: v.version,
                    issued_on: v.issued_on,
                    sent_to: v.sent_to,
                    note: v.note,
                    agreement: content,
                })
            })
            .collect::<Result<_, ApiError>>()?;
        let review = ReviewRecord {
            versions,
            decisions: self.store.decisions(id)?,
            comments: self.store.comments(id)?,
        };
        Ok((agreement, review))
    }

    /// Adds an agreement file: a new draft with the file's review round (each
    /// version issued again with its own content, then the decisions and the
    /// comments), its agreement the newest revision. Into an existing draft only
    /// the agreement goes, as a new revision; a review round there is refused
    /// rather than dropped.
    pub fn import_file(
        &mut self,
        file: &ExchangeFile,
        into: Option<DraftId>,
        label: Option<&str>,
    ) -> Result<DraftSummary, ApiError> {
        let review = &file.review;
        if review.is_empty() {
            return self.import(&file.agreement, into, label);
        }
        if into.is_some() {
            return Err(ApiError::ReviewNotMerged);
        }
        let Some(first) = review.versions.first() else {
            return Err(ApiError::ReviewWithoutVersions);
        };
        let mut start = first.agreement.clone();
        start.give_ids();
        let id = self.store.create(&start, label.or(Some("Imported")))?.id;
        for v in &review.versions {
            let new = NewVersion {
                version: v.version,
                issued_on: v.issued_on,
                sent_to: v.sent_to.clone(),
                note: v.note.clone(),
            };
            let mut content = v.agreement.clone();
            content.give_ids();
            self.store.issue(id, &content, &new)?;
        }
        for d in &review.decisions {
            self.store.record_decision(id, d)?;
        }
        let mut newest = file.agreement.clone();
        newest.give_ids();
        let summary = self.store.save(id, &newest, label.or(Some("Imported")))?;
        for c in &review.comments {
            let added = self.store.add_comment(
                id,
                &NewComment {
                    version: c.version,
                    partner: c.partner.clone(),
                    step: c.step,
                    item: c.item.clone(),
                    text: c.text.clone(),
                    created_at: (!c.created_at.is_empty()).then(|| c.created_at.clone()),
                },
            )?;
            // An accepted comment's revision is this library's newest: the numbers
            // of another library's revisions mean nothing here.
            let resolution = match &c.resolution {
                Resolution::Accepted { .. } => Resolution::Accepted {
                    revision: summary.revision,
                },
                other => other.clone(),
            };
            if resolution != Resolution::Open {
                self.store.resolve_comment(id, added.id, &resolution)?;
            }
        }
        Ok(self.store.summary(id)?)
    }

    pub fn duplicate(
        &mut self,
        id: DraftId,
        title: Option<&str>,
    ) -> Result<DraftSummary, ApiError> {
        Ok(self.store.duplicate(id, title)?)
    }

    pub fn set_archived(&mut self, id: DraftId, archived: bool) -> Result<DraftSummary, ApiError> {
        Ok(self.store.set_archived(id, archived)?)
    }

    pub fn delete(&mut self, id: DraftId) -> Result<(), ApiError> {
        Ok(self.store.delete(id)?)
    }

    pub fn revisions(&self, id: DraftId) -> Result<Vec<RevisionSummary>, ApiError> {
        Ok(self.store.revisions(id)?)
    }

    /// Restores an old revision as a new one; nothing saved is lost.
    pub fn restore(&mut self, id: DraftId, revision: u32) -> Result<DraftSummary, ApiError> {
        Ok(self.store.restore(id, revision)?)
    }

    /// Counts the steps of drafts saved before the library kept step counts.
    pub fn count_uncounted(&mut self) -> Result<usize, ApiError> {
        Ok(self.store.count_uncounted()?)
    }
}
