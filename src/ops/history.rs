//! Unlimited undo and redo over [`apply`](crate::ops::apply).

use crate::model::Project;
use crate::ops::{Edit, EditError, apply};

struct Step {
    label: String,
    /// The edit that moves the project to the other side of this step.
    edit: Edit,
    /// Identifies the state reached by doing this step, for the unsaved-changes mark.
    state: u64,
}

/// Undo and redo stacks. Each step remembers the inverse of what was done.
#[derive(Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    next_state: u64,
    saved_state: u64,
}

impl History {
    pub fn new() -> Self {
        Self::default()
    }

    /// Apply an edit as one undoable step labelled for menus ("Undo Apply code").
    pub fn apply(
        &mut self,
        project: &mut Project,
        edit: Edit,
        label: impl Into<String>,
    ) -> Result<(), EditError> {
        let inverse = apply(project, edit)?;
        self.next_state += 1;
        self.undo.push(Step {
            label: label.into(),
            edit: inverse,
            state: self.next_state,
        });
        self.redo.clear();
        Ok(())
    }

    /// Undo the last step; returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        Self::move_step(&mut self.undo, &mut self.redo, project)
    }

    /// Redo the last undone step; returns its label, or `None` when there is nothing to redo.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        Self::move_step(&mut self.redo, &mut self.undo, project)
    }

    /// Apply the top step of `from` and push its inverse onto `to`. If it fails, the step stays
    /// where it was and the project is unchanged.
    fn move_step(
        from: &mut Vec<Step>,
        to: &mut Vec<Step>,
        project: &mut Project,
    ) -> Result<Option<String>, EditError> {
        let Some(step) = from.pop() else {
            return Ok(None);
        };
        match apply(project, step.edit.clone()) {
            Ok(inverse) => {
                let label = step.label.clone();
                to.push(Step {
                    label: step.label,
                    edit: inverse,
                    state: step.state,
                });
                Ok(Some(label))
            }
            Err(error) => {
                from.push(step);
                Err(error)
            }
        }
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    fn current_state(&self) -> u64 {
        self.undo.last().map_or(0, |s| s.state)
    }

    /// Record that the project as it is now has never been saved (e.g. the result of a merge),
    /// so closing asks first.
    pub fn mark_unsaved(&mut self) {
        self.saved_state = u64::MAX;
    }

    /// Record that the project as it is now has been saved.
    pub fn mark_saved(&mut self) {
        self.saved_state = self.current_state();
    }

    /// Which state the project is in, for [`History::mark_saved_as`].
    pub fn state_token(&self) -> u64 {
        self.current_state()
    }

    /// Record that the project as it was in state `token` has been saved (a save that ran while
    /// more changes were made: those stay unsaved).
    pub fn mark_saved_as(&mut self, token: u64) {
        self.saved_state = token;
    }

    /// True when the project differs from what was last saved (or loaded).
    pub fn is_dirty(&self) -> bool {
        self.current_state() != self.saved_state
    }
}
