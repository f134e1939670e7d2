//! The one edit path: [`Edit`], [`apply`] and [`History`].

mod add_documents;
mod edit;
mod history;
mod variables;

pub use add_documents::{AddPlan, plan_adding};
pub use edit::{
    CodeField, DeletePolicy, Edit, EditError, MemoTarget, apply, combine_all_memos, combine_memos,
};
pub use history::History;
