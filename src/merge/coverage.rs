//! Coverage (which text each coder coded) from several projects: the union, per coder and
//! document, of what any project records. Nothing recorded anywhere is lost; a coder with no
//! coverage in one file does not widen what another file records for them.

use crate::model::{CoderId, Coverage, DocId};
use std::collections::BTreeMap;

/// The entries united per (coder, document), sorted by their ids as a project keeps them. Entries
/// are given with the merged project's ids; an entry whose coder or document was not kept
/// (`None`) is left out.
pub(crate) fn unite(
    entries: impl IntoIterator<Item = (Option<CoderId>, Option<DocId>, Coverage)>,
) -> Vec<Coverage> {
    let mut united: BTreeMap<(CoderId, DocId), Coverage> = BTreeMap::new();
    for (coder, document, entry) in entries {
        let (Some(coder), Some(document)) = (coder, document) else {
            continue;
        };
        match united.get_mut(&(coder, document)) {
            Some(existing) => existing.extent = existing.extent.union(&entry.extent),
            None => {
                united.insert(
                    (coder, document),
                    Coverage {
                        coder,
                        document,
                        extent: entry.extent.normalised(),
                    },
                );
            }
        }
    }
    united.into_values().collect()
}
