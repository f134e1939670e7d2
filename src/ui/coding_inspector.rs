//! The selected coding: its code (changeable), coder, range and memo, and a button to remove it.

use crate::model::{Project, SegmentId};
use crate::ops::{Edit, MemoTarget};
use crate::ui::actions::Action;
use egui::Ui;

/// The memo being typed, until it is committed (see [`InspectorState::pending_edit`]).
#[derive(Default)]
pub struct InspectorState {
    memo_draft: Option<(SegmentId, String)>,
}

impl InspectorState {
    /// The coding whose memo is being typed, if any.
    pub fn draft_for(&self) -> Option<SegmentId> {
        self.memo_draft.as_ref().map(|(id, _)| *id)
    }

    /// The edit that commits the memo being typed, when it differs from the project's.
    pub fn pending_edit(&self, project: &Project) -> Option<Edit> {
        let (id, text) = self.memo_draft.as_ref()?;
        let segment = project.segments.get(id)?;
        (segment.memo != *text).then(|| Edit::SetMemo {
            target: MemoTarget::Segment(*id),
            text: text.clone(),
        })
    }

    /// Drop the draft (after committing it): the field shows the project's memo again.
    pub fn forget(&mut self) {
        self.memo_draft = None;
    }
}

pub fn show(
    ui: &mut Ui,
    project: &Project,
    id: SegmentId,
    state: &mut InspectorState,
    actions: &mut Vec<Action>,
) {
    let Some(segment) = project.segments.get(&id) else {
        return;
    };
    let doc = project
        .document(segment.document)
        .map_or("?", |d| d.name.as_str());
    let coder = project
        .coder(segment.coder)
        .map_or("?", |c| c.name.as_str());
    // Wrapped rows and a combo box no wider than the pane: the codebook pane may be narrow.
    ui.horizontal_wrapped(|ui| {
        ui.heading("Coding");
        ui.label(
            egui::RichText::new(format!("{coder}, {doc} {}–{}", segment.start, segment.end)).weak(),
        );
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Coded as");
        egui::ComboBox::from_id_salt("coding-code")
            .selected_text(project.code_path(segment.code))
            .width((ui.available_width() - 8.0).clamp(120.0, 230.0))
            .truncate()
            .height(420.0)
            .show_ui(ui, |ui| {
                for code in &project.codes {
                    let path = project.code_path(code.id);
                    if ui
                        .selectable_label(code.id == segment.code, &path)
                        .clicked()
                        && code.id != segment.code
                    {
                        actions.push(Action::Edit {
                            edit: Edit::SetSegmentCode { id, code: code.id },
                            label: format!("Recode as “{path}”"),
                        });
                    }
                }
            })
            .response
            .labelled_by(label.id);
        if ui
            .button("Remove")
            .on_hover_text("Remove this coding (Delete; Ctrl+Z restores it)")
            .clicked()
        {
            actions.push(Action::Run(crate::ui::commands::Command::DeleteSegment));
        }
    });
    let label = ui.label("Coding memo");
    if state.memo_draft.as_ref().is_none_or(|(d, _)| *d != id) {
        state.memo_draft = Some((id, segment.memo.clone()));
    }
    let draft = &mut state.memo_draft.as_mut().expect("set above").1;
    let response = ui
        .add(
            egui::TextEdit::multiline(draft)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .hint_text("Why this passage, what to compare…"),
        )
        .labelled_by(label.id);
    if response.lost_focus() && *draft != segment.memo {
        actions.push(Action::Edit {
            edit: Edit::SetMemo {
                target: MemoTarget::Segment(id),
                text: draft.clone(),
            },
            label: "Edit coding memo".into(),
        });
    }
    if !response.has_focus() && *draft != segment.memo && !response.lost_focus() {
        // Changed elsewhere (undo): show the project's memo.
        *draft = segment.memo.clone();
    }
    ui.label(
        egui::RichText::new(
            "Drag the round handles, or Alt+Shift+Left/Right (with Ctrl: the start), to resize.",
        )
        .small()
        .weak(),
    );
    ui.separator();
}
