use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Declares the finding codes once: the enum, its stable strings and the full list.
macro_rules! finding_codes {
    ($($variant:ident => $code:literal,)*) => {
        /// A stable identifier for each rule. The strings never change once released.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        pub enum FindingCode {
            $(#[serde(rename = $code)] $variant,)*
        }

        impl FindingCode {
            pub const ALL: &'static [FindingCode] = &[$(FindingCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(FindingCode::$variant => $code,)*
                }
            }
        }
    };
}

finding_codes! {
    UnknownPartner => "reference.unknown_partner",
    TitleMissing => "details.title_missing",
    PartnershipNameMissing => "details.partnership_name_missing",
    VersionMissing => "details.version_missing",
    StartDateMissing => "details.start_date_missing",
    ReviewDateMissing => "details.review_date_missing",
    EndBeforeStart => "details.end_before_start",
    ExtensionWithoutEnd => "details.extension_without_end",
    ExtensionLengthMissing => "details.extension_length_missing",
    ReviewBeforeStart => "details.review_before_start",
    ReviewAfterEnd => "details.review_after_end",
    TooFewPartners => "partners.too_few",
    PartnerIdMissing => "partners.id_missing",
    PartnerIdDuplicate => "partners.id_duplicate",
    PartnerNameMissing => "partners.name_missing",
    PartnerNameDuplicate => "partners.name_duplicate",
    PartnerTypeMissing => "partners.type_missing",
    SignatoryNameMissing => "partners.signatory_name_missing",
    SignatoryJobTitleMissing => "partners.signatory_job_title_missing",
    LeadContactMissing => "partners.lead_contact_missing",
    EmailInvalid => "partners.email_invalid",
    VisionStatementMissing => "vision.statement_missing",
    BackgroundMissing => "vision.background_missing",
    PopulationMissing => "vision.population_missing",
    NoObjectives => "objectives.none",
    MeasureIndicatorMissing => "objectives.measure_indicator_missing",
    MeasureObjectiveUnknown => "objectives.measure_objective_unknown",
    MeasureTargetMissing => "objectives.measure_target_missing",
    ObjectiveTitleMissing => "objectives.title_missing",
    ObjectiveMeasureMissing => "objectives.measure_missing",
    ObjectiveTargetDateMissing => "objectives.target_date_missing",
    ObjectiveTargetOutsideTerm => "objectives.target_outside_term",
    ObjectiveLeadMissing => "objectives.lead_missing",
    NoPrinciples => "principles.none",
    PrincipleTitleMissing => "principles.title_missing",
    ResponsibilitiesMissing => "roles.responsibilities_missing",
    ResponsibilitiesRepeated => "roles.responsibilities_repeated",
    NoRaci => "roles.raci_none",
    RaciActivityMissing => "roles.raci_activity_missing",
    RaciActivityDuplicate => "roles.raci_activity_duplicate",
    RaciNoAccountable => "roles.raci_no_accountable",
    RaciSeveralAccountable => "roles.raci_several_accountable",
    RaciNoResponsible => "roles.raci_no_responsible",
    RaciLetterRepeated => "roles.raci_letter_repeated",
    BoardNameMissing => "governance.board_name_missing",
    ChairMissing => "governance.chair_missing",
    MeetingFrequencyMissing => "governance.meeting_frequency_missing",
    QuorumMissing => "governance.quorum_missing",
    DecisionMakingMissing => "governance.decision_making_missing",
    EscalationMissing => "governance.escalation_missing",
    EscalationWhoMissing => "governance.escalation_who_missing",
    MemberRoleMissing => "governance.member_role_missing",
    PartnerNotOnBoard => "governance.partner_not_on_board",
    NoContributions => "finance.no_contributions",
    ContributionsWithoutMoney => "finance.contributions_without_money",
    PooledWithoutMoney => "finance.pooled_without_money",
    ContributionPartnerMissing => "finance.contribution_partner_missing",
    ContributionNegative => "finance.contribution_negative",
    InKindPartnerMissing => "finance.in_kind_partner_missing",
    InKindKindMissing => "finance.in_kind_kind_missing",
    InKindDescriptionMissing => "finance.in_kind_description_missing",
    InKindValueNegative => "finance.in_kind_value_negative",
    ContributionFractionOfPenny => "finance.contribution_fraction_of_penny",
    PooledHostMissing => "finance.pooled_host_missing",
    PooledHostNotContributing => "finance.pooled_host_not_contributing",
    RiskShareMissing => "finance.risk_share_missing",
    RiskSharePartnerMissing => "finance.risk_share_partner_missing",
    RiskShareRepeated => "finance.risk_share_repeated",
    RiskShareOutOfRange => "finance.risk_share_out_of_range",
    RiskShareTotal => "finance.risk_share_total",
    OverspendMissing => "finance.overspend_missing",
    UnderspendMissing => "finance.underspend_missing",
    NoRisks => "risks.none",
    RiskIdMissing => "risks.id_missing",
    RiskIdDuplicate => "risks.id_duplicate",
    RiskDescriptionMissing => "risks.description_missing",
    RiskCategoryMissing => "risks.category_missing",
    RiskOwnerMissing => "risks.owner_missing",
    RiskNotRated => "risks.not_rated",
    RatingOutOfRange => "risks.rating_out_of_range",
    MitigationMissing => "risks.mitigation_missing",
    ResidualNotRated => "risks.residual_not_rated",
    ResidualHigher => "risks.residual_higher",
    RiskReviewDateMissing => "risks.review_date_missing",
    RiskReviewOutsideTerm => "risks.review_date_outside_term",
    ClauseTitleMissing => "clauses.title_missing",
    ClauseTextMissing => "clauses.text_missing",
    ClauseKeyDuplicate => "clauses.key_duplicate",
    NonBindingClauseOff => "clauses.non_binding_off",
    DataProtectionClauseOff => "clauses.data_protection_off",
    BindingOnlyClauseInMemorandum => "clauses.binding_only_in_memorandum",
    GlossaryTermMissing => "glossary.term_missing",
    GlossaryMeaningMissing => "glossary.meaning_missing",
    GlossaryTermDuplicate => "glossary.term_duplicate",
    ReviewRepeated => "sign_off.review_repeated",
    ApprovedWithoutVersion => "sign_off.approved_without_version",
    ApprovedOlderVersion => "sign_off.approved_older_version",
    NotApproved => "sign_off.not_approved",
    TooLong => "layout.too_long",
    Section75Aims => "section_75.aims",
    Section75Contributions => "section_75.contributions",
    Section75Functions => "section_75.functions",
    Section75Eligibility => "section_75.eligibility",
    Section75InKind => "section_75.in_kind",
    Section75Term => "section_75.term",
    Section75ReviewVariationTermination => "section_75.review_variation_termination",
    Section75PoolManagement => "section_75.pool_management",
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_serialize_as_their_string() {
        let strings: HashSet<_> = FindingCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(strings.len(), FindingCode::ALL.len());
        for code in FindingCode::ALL {
            let json = serde_json::to_string(code).expect("serializes");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }
}
