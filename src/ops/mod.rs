//! The one edit path: [`Edit`], [`apply`] and [`History`].

mod edit;
mod history;

pub use edit::{
    CodeField, DeletePolicy, Edit, EditError, MemoTarget, apply, combine_all_memos, combine_memos,
};
pub use history::History;
