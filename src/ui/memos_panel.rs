//! The Memos view: every memo of the project (the project's own, each document's, each code's,
//! each coding's) in one searchable list. The project's and documents' memos are written here;
//! a code's memo opens in the codebook and a coding's in the coding inspector, where they live.

use crate::model::Project;
use crate::ops::{Edit, MemoTarget};
use crate::ui::actions::Action;
use crate::wording::plural;
use egui::Ui;

/// Characters of a memo shown in the list.
const EXCERPT_CHARS: usize = 160;

#[derive(Default)]
pub struct MemosState {
    pub filter: String,
    /// The memo open in the editor (the project's or a document's).
    pub editing: Option<MemoTarget>,
    /// What is typed in the editor, until it is committed (see [`MemosState::pending_edit`]).
    draft: Option<(MemoTarget, String)>,
    /// Focus the editor at the next frame.
    focus_editor: bool,
}

fn memo_of(project: &Project, target: MemoTarget) -> Option<&str> {
    match target {
        MemoTarget::Project => Some(&project.memo),
        MemoTarget::Document(id) => project.document(id).map(|d| d.memo.as_str()),
        MemoTarget::Code(id) => project.code(id).map(|c| c.memo.as_str()),
        MemoTarget::Segment(id) => project.segments.get(&id).map(|s| s.memo.as_str()),
    }
}

/// Who a memo belongs to, as the list and the editor name it.
fn owner(project: &Project, target: MemoTarget) -> String {
    match target {
        MemoTarget::Project => format!("Project “{}”", project.name),
        MemoTarget::Document(id) => project
            .document(id)
            .map_or_else(|| "Document".into(), |d| format!("Document “{}”", d.name)),
        MemoTarget::Code(id) => format!("Code “{}”", project.code_path(id)),
        MemoTarget::Segment(id) => project.segments.get(&id).map_or_else(
            || "Coding".into(),
            |s| {
                let doc = project
                    .document(s.document)
                    .map_or("?", |d| d.name.as_str());
                format!(
                    "Coding “{}” in {doc} {}–{}",
                    project.code_path(s.code),
                    s.start,
                    s.end
                )
            },
        ),
    }
}

fn edit_label(target: MemoTarget) -> &'static str {
    match target {
        MemoTarget::Project => "Edit project memo",
        MemoTarget::Document(_) => "Edit document memo",
        MemoTarget::Code(_) => "Edit code memo",
        MemoTarget::Segment(_) => "Edit coding memo",
    }
}

impl MemosState {
    /// Open the memo of `target` in the editor, with the keyboard focus in it.
    pub fn edit(&mut self, target: MemoTarget) {
        self.editing = Some(target);
        self.focus_editor = true;
    }

    /// The memo being typed, if any.
    pub fn draft_for(&self) -> Option<MemoTarget> {
        self.draft.as_ref().map(|(t, _)| *t)
    }

    /// The edit that commits what is typed, when it differs from the project's memo.
    pub fn pending_edit(&self, project: &Project) -> Option<Edit> {
        let (target, text) = self.draft.as_ref()?;
        let memo = memo_of(project, *target)?;
        (memo != text).then(|| Edit::SetMemo {
            target: *target,
            text: text.clone(),
        })
    }

    /// Drop the draft (after committing it): the editor shows the project's memo again.
    pub fn forget(&mut self) {
        self.draft = None;
    }
}

/// Every memo target of the project in list order, with its memo.
fn entries(project: &Project) -> Vec<(MemoTarget, &str)> {
    let mut out = vec![(MemoTarget::Project, project.memo.as_str())];
    out.extend(
        project
            .documents
            .iter()
            .map(|d| (MemoTarget::Document(d.id), d.memo.as_str())),
    );
    out.extend(
        project
            .codes
            .iter()
            .filter(|c| !c.memo.trim().is_empty())
            .map(|c| (MemoTarget::Code(c.id), c.memo.as_str())),
    );
    out.extend(
        project
            .segments
            .values()
            .filter(|s| !s.memo.trim().is_empty())
            .map(|s| (MemoTarget::Segment(s.id), s.memo.as_str())),
    );
    out
}

fn excerpt(memo: &str) -> String {
    let line = memo.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > EXCERPT_CHARS {
        let cut: String = line.chars().take(EXCERPT_CHARS).collect();
        format!("{cut}…")
    } else {
        line
    }
}

pub fn show(
    ui: &mut Ui,
    project: &Project,
    _revision: u64,
    state: &mut MemosState,
    actions: &mut Vec<Action>,
) {
    if let Some(target) = state.editing
        && memo_of(project, target).is_none()
    {
        state.editing = None;
    }
    ui.horizontal(|ui| {
        ui.heading("Memos");
        let label = ui.label("Search");
        ui.add(
            egui::TextEdit::singleline(&mut state.filter)
                .desired_width(200.0)
                .hint_text("words in memos or names"),
        )
        .labelled_by(label.id);
    });
    if let Some(target) = state.editing {
        editor(ui, project, target, state, actions);
        ui.separator();
    }

    let needle = state.filter.trim().to_lowercase();
    let shown: Vec<(MemoTarget, String, &str)> = entries(project)
        .into_iter()
        .map(|(t, memo)| (t, owner(project, t), memo))
        .filter(|(t, name, memo)| {
            if needle.is_empty() {
                // Empty memos of the project and documents are listed so they can be written.
                !memo.trim().is_empty()
                    || matches!(t, MemoTarget::Project | MemoTarget::Document(_))
            } else {
                memo.to_lowercase().contains(&needle) || name.to_lowercase().contains(&needle)
            }
        })
        .collect();
    let written = shown
        .iter()
        .filter(|(_, _, m)| !m.trim().is_empty())
        .count();
    ui.label(
        egui::RichText::new(format!(
            "{}; click one to read or write it",
            plural(written, "memo", "memos")
        ))
        .small()
        .weak(),
    );
    egui::ScrollArea::vertical()
        .id_salt("memos-list")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (target, name, memo) in shown {
                let text = if memo.trim().is_empty() {
                    egui::RichText::new("no memo yet").italics().weak()
                } else {
                    egui::RichText::new(excerpt(memo))
                };
                let selected = state.editing == Some(target);
                let response = ui
                    .vertical(|ui| {
                        let title =
                            ui.selectable_label(selected, egui::RichText::new(&name).strong());
                        ui.label(text);
                        title
                    })
                    .inner;
                if response.clicked() {
                    open(state, target, actions);
                }
                ui.add_space(4.0);
            }
        });
}

/// Open a memo where it is written: here for the project and documents (the document is also
/// shown), in the codebook for a code, in the coding inspector for a coding.
fn open(state: &mut MemosState, target: MemoTarget, actions: &mut Vec<Action>) {
    match target {
        MemoTarget::Project => state.edit(target),
        MemoTarget::Document(doc) => {
            state.edit(target);
            actions.push(Action::OpenDocument(doc));
        }
        MemoTarget::Code(code) => {
            actions.push(Action::SelectCode(Some(code)));
            actions.push(Action::ShowView(crate::ui::settings::ViewKind::Codebook));
        }
        MemoTarget::Segment(id) => {
            actions.push(Action::JumpToSegment(id));
            actions.push(Action::ShowView(crate::ui::settings::ViewKind::Codebook));
        }
    }
}

fn editor(
    ui: &mut Ui,
    project: &Project,
    target: MemoTarget,
    state: &mut MemosState,
    actions: &mut Vec<Action>,
) {
    let Some(memo) = memo_of(project, target) else {
        return;
    };
    let label =
        ui.label(egui::RichText::new(format!("Memo of {}", owner(project, target))).strong());
    if state.draft.as_ref().is_none_or(|(t, _)| *t != target) {
        state.draft = Some((target, memo.to_string()));
    }
    let draft = &mut state.draft.as_mut().expect("set above").1;
    let response = ui
        .add(
            egui::TextEdit::multiline(draft)
                .desired_rows(6)
                .desired_width(f32::INFINITY)
                .hint_text("Notes, decisions, questions… (Markdown)"),
        )
        .labelled_by(label.id);
    if state.focus_editor {
        response.request_focus();
        state.focus_editor = false;
    }
    if response.lost_focus() && *draft != memo {
        actions.push(Action::Edit {
            edit: Edit::SetMemo {
                target,
                text: draft.clone(),
            },
            label: edit_label(target).into(),
        });
    }
    if !response.has_focus() && *draft != memo && !response.lost_focus() {
        // Changed elsewhere (undo): show the project's memo.
        *draft = memo.to_string();
    }
    if ui
        .button("Done")
        .on_hover_text("Close the editor (what you typed is kept)")
        .clicked()
    {
        // The draft is committed by the window once its memo is no longer the one shown.
        state.editing = None;
    }
}
