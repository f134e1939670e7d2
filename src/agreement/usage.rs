//! What each figure rests on: per code, how much each coder coded in the compared text, and
//! warnings where a figure should be read with care.

use super::{Metric, Report, Scope, Unit};
use crate::model::{CodeId, CoderId};
use serde::Serialize;

/// Fewer coded units than this and a figure rests on too little to say much.
pub const FEW_UNITS: u64 = 10;
/// A code on less than this share of the units is rare (prevalence).
pub const RARE_SHARE: f64 = 0.10;
/// Percent agreement this far above kappa on a rare code: the prevalence warning.
pub const PREVALENCE_GAP: f64 = 0.30;

/// One coder's use of one code in the compared text (all compared documents).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CoderUsage {
    #[serde(skip)]
    pub coder: CoderId,
    /// Segments, a coder's overlapping or touching segments of the code counted once.
    pub segments: u64,
    pub coded_chars: u64,
    /// Units (of `--unit`) the coder coded.
    pub coded_units: u64,
}

/// One code's usage: the units compared and each coder's share.
#[derive(Clone, Debug, PartialEq)]
pub struct Usage {
    pub code: CodeId,
    /// Units compared (of `--unit`), all compared documents.
    pub units: u64,
    /// Units coded by at least one coder.
    pub coded_units: u64,
    pub coders: Vec<CoderUsage>,
    pub warnings: Vec<Warning>,
}

/// Why a code's figures should be read with care.
#[derive(Clone, Debug, PartialEq)]
pub enum Warning {
    /// The figures rest on fewer than [`FEW_UNITS`] coded units.
    FewUnits { coded: u64, unit: Unit },
    /// Some coders never used the code where others did.
    NotUsedBy { names: Vec<String> },
    /// A rare code: percent agreement far above kappa.
    Prevalence {
        share: f64,
        percent: f64,
        kappa: f64,
    },
}

impl Warning {
    /// The name in JSON.
    pub fn key(&self) -> &'static str {
        match self {
            Warning::FewUnits { .. } => "few_units",
            Warning::NotUsedBy { .. } => "not_used_by",
            Warning::Prevalence { .. } => "prevalence",
        }
    }

    /// A short mark for tables.
    pub fn mark(&self) -> &'static str {
        match self {
            Warning::FewUnits { .. } => "few",
            Warning::NotUsedBy { .. } => "one-sided",
            Warning::Prevalence { .. } => "rare",
        }
    }

    /// What happened, in plain words, for this code.
    pub fn detail(&self) -> String {
        match self {
            Warning::FewUnits { coded, unit } => format!(
                "rests on {} coded by anyone",
                crate::wording::plural(*coded as usize, unit.name(), &format!("{}s", unit.name()))
            ),
            Warning::NotUsedBy { names } => {
                format!("{} never used it", crate::wording::join_names(names))
            }
            Warning::Prevalence {
                share,
                percent,
                kappa,
            } => format!(
                "{:.1} % of the units coded by anyone; agreement {:.1} %, kappa {}",
                share * 100.0,
                percent * 100.0,
                if kappa.abs() < 0.0005 {
                    "0.000".to_string()
                } else {
                    format!("{kappa:.3}")
                }
            ),
        }
    }

    /// Why it matters: the same for every code with this warning.
    pub fn meaning(&self) -> String {
        match self {
            Warning::FewUnits { .. } => format!(
                "fewer than {FEW_UNITS} coded units: one passage more or less changes the figures a lot"
            ),
            Warning::NotUsedBy { .. } => "one coder never used the code where another did: a kappa \
                 of 0 then says the code was not used, not that the coders marked different passages"
                .to_string(),
            Warning::Prevalence { .. } => format!(
                "a rare code (under {:.0} % of the units) with percent agreement at least {:.0} \
                 points above kappa: the agreement is high because most text was coded by neither \
                 coder; kappa corrects for that chance agreement",
                RARE_SHARE * 100.0,
                PREVALENCE_GAP * 100.0
            ),
        }
    }

    /// One line: what happened, then why it matters.
    pub fn explanation(&self) -> String {
        format!("{}: {}", self.detail(), self.meaning())
    }
}

/// The warnings of one code from its usage and the report's pooled rows.
pub fn warnings(
    report: &Report,
    code: CodeId,
    units: u64,
    coded_units: u64,
    coders: &[CoderUsage],
    names: &dyn Fn(CoderId) -> String,
) -> Vec<Warning> {
    let mut out = Vec::new();
    if coded_units < FEW_UNITS {
        out.push(Warning::FewUnits {
            coded: coded_units,
            unit: report.options.unit,
        });
    }
    if coded_units > 0 {
        let unused: Vec<String> = coders
            .iter()
            .filter(|c| c.coded_units == 0)
            .map(|c| names(c.coder))
            .collect();
        if !unused.is_empty() {
            out.push(Warning::NotUsedBy { names: unused });
        }
    }
    let share = if units == 0 {
        0.0
    } else {
        coded_units as f64 / units as f64
    };
    if coded_units > 0 && share < RARE_SHARE {
        let percents = report.find(Metric::PercentAgreement, Some(code), Scope::All);
        let kappas = report.find(Metric::CohenKappa, Some(code), Scope::All);
        let widest = percents
            .iter()
            .zip(&kappas)
            .filter_map(|(p, k)| Some((p.value.number()?, k.value.number()?)))
            .max_by(|a, b| (a.0 - a.1).total_cmp(&(b.0 - b.1)));
        if let Some((percent, kappa)) = widest
            && percent - kappa >= PREVALENCE_GAP
        {
            out.push(Warning::Prevalence {
                share,
                percent,
                kappa,
            });
        }
    }
    out
}
