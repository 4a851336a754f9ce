//! The templates a library uses, kept between calls: the checks each one implies
//! (its risk bands) and rendering a document with one.

use super::ApiError;
use crate::model::Agreement;
use crate::overview::{Overview, overview};
use crate::paths;
use crate::render::{self, RenderOptions, Rendered};
use crate::templates::{DEFAULT, Registry};
use crate::validation::{self, Config, Finding, Severity};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The built-in templates and the user's, from one folder. Cheap to clone: clones
/// share what was last read.
#[derive(Clone)]
pub struct Templates {
    user_dir: Option<PathBuf>,
    /// The templates as last read. Checks use these: reading every template
    /// costs about 9 ms, and the desktop checks at every pause in typing.
    kept: Arc<Mutex<Option<Arc<Registry>>>>,
}

impl Templates {
    /// The built-in templates and those in `data_dir`'s `templates/` folder.
    pub fn in_data_dir(data_dir: &Path) -> Templates {
        Templates {
            user_dir: Some(data_dir.join(paths::TEMPLATES_DIR)),
            kept: Arc::default(),
        }
    }

    /// The built-in templates only.
    pub fn built_in() -> Templates {
        Templates {
            user_dir: None,
            kept: Arc::default(),
        }
    }

    /// Reads every template again, so a template fixed on disk is picked up (listing
    /// templates, making a draft or a document), and keeps them for the checks.
    pub fn fresh(&self) -> Result<Arc<Registry>, ApiError> {
        let fresh = Arc::new(Registry::load(self.user_dir.as_deref())?);
        if let Ok(mut kept) = self.kept.lock() {
            *kept = Some(fresh.clone());
        }
        Ok(fresh)
    }

    /// The templates as last read, read now if they never were.
    fn kept(&self) -> Option<Arc<Registry>> {
        let kept = self.kept.lock().ok().and_then(|k| k.clone());
        kept.or_else(|| self.fresh().ok())
    }

    /// The checks for a draft made with template `name`: its risk bands, or the NHS
    /// default bands when the template is unknown or broken.
    pub fn config(&self, name: &str) -> Config {
        self.kept()
            .map(|r| r.validation_config(name))
            .unwrap_or_default()
    }

    /// The checks `agreement`'s own template implies.
    pub fn config_for(&self, agreement: &Agreement) -> Config {
        self.config(&template_name(agreement, None))
    }

    /// Every finding on `agreement`, checked as its template says.
    pub fn validate(&self, agreement: &Agreement) -> Vec<Finding> {
        validation::validate(agreement, &self.config_for(agreement))
    }

    /// What stops a final document: every error and every missing approval, then
    /// the warnings, which do not stop it.
    pub fn validate_final(&self, agreement: &Agreement) -> Vec<Finding> {
        let config = self.config_for(agreement);
        let mut findings = validation::final_blockers(agreement, &config);
        findings.extend(
            validation::validate(agreement, &config)
                .into_iter()
                .filter(|f| f.severity == Severity::Warning),
        );
        findings
    }

    /// What the workspace shows beside the forms, checked as the template says.
    pub fn overview(&self, agreement: &Agreement) -> Overview {
        overview(agreement, &self.config_for(agreement))
    }

    /// Renders `agreement` with `template` (by default its own), read afresh, with
    /// a "Changes since" appendix when `changes` is given.
    pub fn render(
        &self,
        agreement: &Agreement,
        template: Option<&str>,
        options: &RenderOptions,
    ) -> Result<(String, Rendered), ApiError> {
        let registry = self.fresh()?;
        let name = template_name(agreement, template);
        let rendered = render::render(agreement, registry.get(&name)?, options)?;
        Ok((name, rendered))
    }
}

impl Templates {
    /// Renders as [`Templates::render`] does, keeping what it was rendered with.
    pub fn make(
        &self,
        job: &super::review::DocumentJob,
        template: Option<&str>,
        final_: bool,
        changes: Option<crate::compare::Comparison>,
    ) -> Result<super::review::Made, ApiError> {
        let options = RenderOptions {
            final_,
            changes,
            history: job.history.clone(),
        };
        let (template, rendered) = self.render(&job.agreement, template, &options)?;
        Ok(super::review::Made {
            template,
            final_,
            rendered,
        })
    }
}

/// The template to use: the one asked for, else the agreement's own, else the default.
pub fn template_name(agreement: &Agreement, asked: Option<&str>) -> String {
    let own = agreement.details.template.trim();
    match asked {
        Some(name) => name.to_string(),
        None if own.is_empty() => DEFAULT.to_string(),
        None => own.to_string(),
    }
}
