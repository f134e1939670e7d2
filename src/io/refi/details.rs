//! What a Coda project holds that REFI-QDA has no element for, kept in one note of the project
//! ("Coda details") so that Coda → .qdpx → Coda loses nothing. Other programs show it as an
//! ordinary note and may drop it; Coda reads it back when its ids still match.
//!
//! The note's text is a first line saying what it is, then RON.

use crate::model::{
    CodeId, CoderId, Coverage, DocId, PageStart, ProjectId, SourceFormat, StyleSpan,
};
use serde::{Deserialize, Serialize};

/// The name of the note.
pub const NOTE_NAME: &str = "Coda details";

/// The note's first line (the RON follows on the next line).
const FIRST_LINE: &str = "Coda details: what REFI-QDA has no place for, read back by Coda. Other programs may ignore this note.";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    pub project_id: Option<ProjectId>,
    pub current_coder: Option<CoderId>,
    /// The codebook's list order (the file holds the tree, whose order can differ).
    #[serde(default)]
    pub code_order: Vec<CodeId>,
    #[serde(default)]
    pub hotkeys: Vec<(CodeId, u8)>,
    #[serde(default)]
    pub documents: Vec<DocumentDetails>,
    #[serde(default)]
    pub coverage: Vec<Coverage>,
    /// The names of the document properties among the file's `<Variable>`s (their GUIDs are
    /// derived from these names); every other variable is a document variable. `None`: the
    /// note was written before Coda had document variables, so every variable is a property.
    #[serde(default)]
    pub property_variables: Option<Vec<String>>,
}

/// A document's origin and layout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDetails {
    pub id: DocId,
    pub file_name: String,
    pub format: SourceFormat,
    pub encoding: String,
    #[serde(default)]
    pub styles: Vec<StyleSpan>,
    #[serde(default)]
    pub pages: Vec<PageStart>,
}

/// The note's text.
pub fn to_note_text(details: &Details) -> String {
    let ron = ron::to_string(details).unwrap_or_default();
    format!("{FIRST_LINE}\n{ron}")
}

/// The details in a note's text, if it is such a note.
pub fn from_note_text(text: &str) -> Result<Details, String> {
    let body = text
        .strip_prefix(FIRST_LINE)
        .and_then(|rest| rest.strip_prefix('\n'))
        .ok_or_else(|| "it does not start as Coda writes it".to_string())?;
    let options = ron::Options::default().with_recursion_limit(64);
    options.from_str(body).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Extent, Style};

    #[test]
    fn details_read_back() {
        let doc = DocId::from_u128(7);
        let details = Details {
            project_id: Some(ProjectId::from_u128(1)),
            current_coder: Some(CoderId::from_u128(2)),
            code_order: vec![CodeId::from_u128(3)],
            hotkeys: vec![(CodeId::from_u128(3), 4)],
            documents: vec![DocumentDetails {
                id: doc,
                file_name: "a \"b\".pdf".into(),
                format: SourceFormat::Pdf,
                encoding: String::new(),
                styles: vec![StyleSpan {
                    start: 0,
                    end: 2,
                    style: Style::Heading(1),
                }],
                pages: vec![PageStart {
                    start: 0,
                    label: "iv".into(),
                }],
            }],
            coverage: vec![Coverage {
                coder: CoderId::from_u128(2),
                document: doc,
                extent: Extent::Whole,
            }],
            property_variables: Some(vec!["date".into()]),
        };
        assert_eq!(from_note_text(&to_note_text(&details)), Ok(details));
        assert!(from_note_text("An ordinary note").is_err());
        // A note written before document variables: every variable was a property.
        let old = to_note_text(&Details::default()).replace(",property_variables:None", "");
        assert!(!old.contains("property_variables"), "{old}");
        assert_eq!(from_note_text(&old).unwrap().property_variables, None);
    }
}
