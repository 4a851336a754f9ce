use super::{Store, StoreError, now};
use crate::exchange::FORMAT_VERSION;
use crate::model::Agreement;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A draft's number in the library. Never reused while the library exists.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(transparent)]
pub struct DraftId(pub i64);

impl fmt::Display for DraftId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// One line of the library list.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DraftSummary {
    pub id: DraftId,
    pub title: String,
    pub reference: String,
    pub partnership_name: String,
    pub partners: Vec<String>,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
    /// Number of the newest revision, which is also how many saves there have been.
    pub revision: u32,
    /// How many of the twelve steps were complete, and how many had problems, at the
    /// last save (by the default checks); none for a draft not saved since this was added.
    pub steps_complete: Option<u32>,
    pub steps_with_problems: Option<u32>,
    /// Where the review round stands, once a version has been issued.
    pub review: Option<ReviewState>,
}

/// The latest version issued: to how many partners, how many approved it, and how
/// many comments (on any version) are still open.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewState {
    pub version: String,
    pub sent_to: u32,
    pub approved: u32,
    pub comments_open: u32,
    /// The above in words, as every front end shows it.
    pub summary: String,
}

impl std::fmt::Display for ReviewState {
    /// "0.3 with partners: 5 of 8 approved, 2 comments open".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} with partners: {} of {} approved",
            self.version, self.approved, self.sent_to
        )?;
        match self.comments_open {
            0 => Ok(()),
            1 => f.write_str(", 1 comment open"),
            n => write!(f, ", {n} comments open"),
        }
    }
}

/// A draft opened for editing: its newest revision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draft {
    pub summary: DraftSummary,
    pub agreement: Agreement,
}

/// Which drafts a list shows, by archive state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Archived {
    #[default]
    Hide,
    Only,
    Include,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct ListQuery {
    /// Matches title, reference, partnership name or any partner name; empty lists all.
    pub search: String,
    pub archived: Archived,
}

const SUMMARY_COLUMNS: &str = "id, title, reference, partnership_name, partner_names, archived, created_at, updated_at, head_number, steps_complete, steps_with_problems,
    (SELECT major || '.' || minor FROM issued_versions v WHERE v.draft_id = drafts.id ORDER BY major DESC, minor DESC LIMIT 1),
    (SELECT count(*) FROM decisions c WHERE c.draft_id = drafts.id AND (c.major, c.minor) =
        (SELECT major, minor FROM issued_versions v WHERE v.draft_id = drafts.id ORDER BY major DESC, minor DESC LIMIT 1)),
    (SELECT count(*) FROM decisions c WHERE c.draft_id = drafts.id AND c.status = 'approved' AND (c.major, c.minor) =
        (SELECT major, minor FROM issued_versions v WHERE v.draft_id = drafts.id ORDER BY major DESC, minor DESC LIMIT 1)),
    (SELECT count(*) FROM comments m WHERE m.draft_id = drafts.id AND m.state = 'open')";

fn summary_from_row(r: &rusqlite::Row) -> rusqlite::Result<DraftSummary> {
    let names: String = r.get(4)?;
    Ok(DraftSummary {
        id: DraftId(r.get(0)?),
        title: r.get(1)?,
        reference: r.get(2)?,
        partnership_name: r.get(3)?,
        partners: names.lines().map(str::to_string).collect(),
        archived: r.get(5)?,
        created_at: r.get(6)?,
        updated_at: r.get(7)?,
        revision: r.get(8)?,
        steps_complete: r.get(9)?,
        steps_with_problems: r.get(10)?,
        review: r
            .get::<_, Option<String>>(11)?
            .map(|version| -> rusqlite::Result<_> {
                let mut state = ReviewState {
                    version,
                    sent_to: r.get(12)?,
                    approved: r.get(13)?,
                    comments_open: r.get(14)?,
                    summary: String::new(),
                };
                state.summary = state.to_string();
                Ok(state)
            })
            .transpose()?,
    })
}

impl Store {
    /// Creates a draft whose first revision is `agreement`.
    pub fn create(
        &mut self,
        agreement: &Agreement,
        label: Option<&str>,
    ) -> Result<DraftSummary, StoreError> {
        let content = to_content(agreement)?;
        let (complete, problems) = self.progress(agreement);
        let at = now();
        let path = self.path.clone();
        let err = |e| StoreError::from_sqlite(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        let d = &agreement.details;
        tx.execute(
            "INSERT INTO drafts (title, reference, partnership_name, partner_names, created_at, updated_at, head_number,
                                 steps_complete, steps_with_problems)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, 1, ?6, ?7)",
            params![d.title, d.reference, d.partnership_name, agreement.partner_names().join("\n"), at, complete, problems],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        insert_revision(&tx, id, 1, &at, label, &content).map_err(err)?;
        tx.commit().map_err(err)?;
        self.summary(DraftId(id))
    }

    /// Saves `agreement` as the newest revision of draft `id`. Saving content identical
    /// to the newest revision, with no label, adds nothing and returns that revision.
    pub fn save(
        &mut self,
        id: DraftId,
        agreement: &Agreement,
        label: Option<&str>,
    ) -> Result<DraftSummary, StoreError> {
        self.save_with(id, agreement, label, None, |_, _| Ok(()))
    }

    /// Saves as [`Store::save`] does, but folds the edits of one sitting into one
    /// revision, as an autosave should: when the newest revision is itself an
    /// unlabelled save (not the first revision) first made less than `window` ago,
    /// it is replaced instead of a new one being added. So the history keeps one
    /// revision per `window` of editing rather than one per pause in typing.
    pub fn autosave(
        &mut self,
        id: DraftId,
        agreement: &Agreement,
        window: std::time::Duration,
    ) -> Result<DraftSummary, StoreError> {
        self.save_with(id, agreement, None, Some(window), |_, _| Ok(()))
    }

    /// Saves as above; `also` runs in the same transaction with the number of the
    /// revision saved (or kept, when nothing changed), so what it writes lands
    /// together with the revision or not at all.
    pub(super) fn save_with(
        &mut self,
        id: DraftId,
        agreement: &Agreement,
        label: Option<&str>,
        fold_within: Option<std::time::Duration>,
        also: impl FnOnce(&rusqlite::Transaction, u32) -> Result<(), StoreError>,
    ) -> Result<DraftSummary, StoreError> {
        let content = to_content(agreement)?;
        let (complete, problems) = self.progress(agreement);
        let path = self.path.clone();
        let err = |e| StoreError::from_sqlite(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        let head: u32 = tx
            .query_row(
                "SELECT head_number FROM drafts WHERE id = ?1",
                [id.0],
                |r| r.get(0),
            )
            .optional()
            .map_err(err)?
            .ok_or(StoreError::DraftNotFound { id: id.0 })?;
        let unchanged = label.is_none()
            && tx
                .query_row(
                    "SELECT content = ?3 FROM revisions WHERE draft_id = ?1 AND number = ?2",
                    params![id.0, head, content],
                    |r| r.get::<_, bool>(0),
                )
                .map_err(err)?;
        let mut saved_as = head;
        if !unchanged {
            let at = now();
            let fold = match fold_within {
                Some(window) if head > 1 => {
                    let cutoff = chrono::Utc::now()
                        - chrono::Duration::from_std(window).unwrap_or(chrono::Duration::zero());
                    let cutoff = cutoff.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
                    tx.query_row(
                        "SELECT label IS NULL AND coalesce(first_saved_at, saved_at) > ?3
                         FROM revisions WHERE draft_id = ?1 AND number = ?2",
                        params![id.0, head, cutoff],
                        |r| r.get::<_, bool>(0),
                    )
                    .map_err(err)?
                }
                _ => false,
            };
            let number = if fold {
                tx.execute(
                    "UPDATE revisions SET first_saved_at = coalesce(first_saved_at, saved_at),
                            saved_at = ?3, format_version = ?4, content = ?5
                     WHERE draft_id = ?1 AND number = ?2",
                    params![id.0, head, at, FORMAT_VERSION, content],
                )
                .map_err(err)?;
                head
            } else {
                insert_revision(&tx, id.0, head + 1, &at, label, &content).map_err(err)?;
                head + 1
            };
            let d = &agreement.details;
            tx.execute(
                "UPDATE drafts SET title = ?2, reference = ?3, partnership_name = ?4, partner_names = ?5,
                        updated_at = ?6, head_number = ?7, steps_complete = ?8, steps_with_problems = ?9
                 WHERE id = ?1",
                params![id.0, d.title, d.reference, d.partnership_name, agreement.partner_names().join("\n"), at, number, complete, problems],
            )
            .map_err(err)?;
            saved_as = number;
        }
        also(&tx, saved_as)?;
        tx.commit().map_err(err)?;
        self.summary(id)
    }

    /// Steps complete and steps with problems, for the library list.
    fn progress(&self, agreement: &Agreement) -> (u32, u32) {
        use crate::validation::{self, StepStatus};
        let config = (self.checks)(&agreement.details.template);
        let findings = validation::validate(agreement, &config);
        let statuses = validation::step_statuses(agreement, &findings);
        let count = |s| statuses.iter().filter(|(_, st)| *st == s).count() as u32;
        (count(StepStatus::Complete), count(StepStatus::HasProblems))
    }

    /// Counts the steps of drafts saved before the library kept counts (they would
    /// show no status until saved again); returns how many were counted. A draft
    /// that cannot be read is left uncounted, for opening it to report why.
    pub fn count_uncounted(&mut self) -> Result<usize, StoreError> {
        let path = self.path.clone();
        let err = |e| StoreError::from_sqlite(&path, e);
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM drafts WHERE steps_complete IS NULL")
            .and_then(|mut q| q.query_map([], |r| r.get(0))?.collect())
            .map_err(err)?;
        let mut counted = 0;
        for id in &ids {
            let Ok(draft) = self.open_draft(DraftId(*id)) else {
                continue;
            };
            let (complete, problems) = self.progress(&draft.agreement);
            self.conn
                .execute(
                    "UPDATE drafts SET steps_complete = ?2, steps_with_problems = ?3 WHERE id = ?1",
                    params![id, complete, problems],
                )
                .map_err(err)?;
            counted += 1;
        }
        Ok(counted)
    }

    /// Lists drafts, newest change first.
    pub fn list(&self, query: &ListQuery) -> Result<Vec<DraftSummary>, StoreError> {
        let archived_clause = match query.archived {
            Archived::Hide => "archived = 0",
            Archived::Only => "archived = 1",
            Archived::Include => "1",
        };
        let search = query.search.trim();
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM drafts WHERE {archived_clause} AND (?1 = ''
                OR title LIKE ?2 ESCAPE '\\' OR reference LIKE ?2 ESCAPE '\\'
                OR partnership_name LIKE ?2 ESCAPE '\\' OR partner_names LIKE ?2 ESCAPE '\\')
             ORDER BY updated_at DESC, id DESC"
        );
        let pattern = format!("%{}%", escape_like(search));
        let mut stmt = self.conn.prepare_cached(&sql).map_err(self.err())?;
        let rows = stmt
            .query_map(params![search, pattern], summary_from_row)
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// The list line of one draft.
    pub fn summary(&self, id: DraftId) -> Result<DraftSummary, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {SUMMARY_COLUMNS} FROM drafts WHERE id = ?1"),
                [id.0],
                summary_from_row,
            )
            .optional()
            .map_err(self.err())?
            .ok_or(StoreError::DraftNotFound { id: id.0 })
    }

    /// Opens a draft at its newest revision.
    pub fn open_draft(&self, id: DraftId) -> Result<Draft, StoreError> {
        let summary = self.summary(id)?;
        let agreement = self.revision(id, summary.revision)?;
        Ok(Draft { summary, agreement })
    }

    /// Copies a draft's newest revision into a new draft titled `title`
    /// (by default "Copy of …"). The copy starts with a single revision.
    pub fn duplicate(
        &mut self,
        id: DraftId,
        title: Option<&str>,
    ) -> Result<DraftSummary, StoreError> {
        let mut agreement = self.open_draft(id)?.agreement;
        agreement.details.title = match title {
            Some(t) => t.trim().to_string(),
            None => format!("Copy of {}", agreement.details.title.trim()),
        };
        self.create(&agreement, Some(&format!("Duplicated from draft {id}")))
    }

    /// Archives or unarchives a draft. Archived drafts are hidden from the usual list.
    pub fn set_archived(
        &mut self,
        id: DraftId,
        archived: bool,
    ) -> Result<DraftSummary, StoreError> {
        let changed = self
            .conn
            .execute(
                "UPDATE drafts SET archived = ?2 WHERE id = ?1",
                params![id.0, archived],
            )
            .map_err(self.err())?;
        if changed == 0 {
            return Err(StoreError::DraftNotFound { id: id.0 });
        }
        self.summary(id)
    }

    /// Deletes a draft and all its revisions, for good.
    pub fn delete(&mut self, id: DraftId) -> Result<(), StoreError> {
        let changed = self
            .conn
            .execute("DELETE FROM drafts WHERE id = ?1", [id.0])
            .map_err(self.err())?;
        if changed == 0 {
            return Err(StoreError::DraftNotFound { id: id.0 });
        }
        Ok(())
    }
}

pub(super) fn insert_revision(
    tx: &rusqlite::Transaction,
    id: i64,
    number: u32,
    at: &str,
    label: Option<&str>,
    content: &str,
) -> rusqlite::Result<()> {
    let label = label.map(str::trim).filter(|l| !l.is_empty());
    tx.execute(
        "INSERT INTO revisions (draft_id, number, saved_at, label, format_version, content)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, number, at, label, FORMAT_VERSION, content],
    )?;
    Ok(())
}

/// The stored form of an agreement: compact JSON of the model.
fn to_content(agreement: &Agreement) -> Result<String, StoreError> {
    serde_json::to_string(agreement).map_err(|e| StoreError::Serialize {
        detail: e.to_string(),
    })
}

/// Escapes LIKE's wildcards so a search for "100%" means the text "100%".
fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
