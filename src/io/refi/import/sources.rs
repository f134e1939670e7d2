//! Sources: a text source (or a PDF's text representation) becomes a document, its selections'
//! codings segments. Positions are checked against the text; a selection outside its source,
//! a coding of an unknown code and every kind of source Coda cannot hold are reported.

use super::positions::{Scheme, SourceText, is_informative, name_matches};
use super::{Importer, append_memo, guid_key};
use crate::io::import::{ImportOptions, Reflow, import_named_bytes};
use crate::io::refi::archive::RefiError;
use crate::model::{
    CharRange, DocId, Document, DocumentSource, Segment, SegmentId, SourceFormat, Text,
};
use crate::wording::{one_line, plural};

/// Where a source's text came from.
enum Loaded {
    /// Plain text: positions count over it.
    Plain(SourceText, String),
    /// A rich-text or PDF original converted by Coda's importer: positions were counted over
    /// the other program's plain text, which the file does not hold.
    Converted(Box<Document>),
}

impl Importer<'_> {
    pub(super) fn sources(&mut self, sources: usize) -> Result<(), RefiError> {
        let tree = self.tree;
        for (index, element) in tree.children(sources) {
            let label = source_label(
                element.attr("name"),
                &element.name,
                self.project.documents.len(),
            );
            match &*element.name {
                "TextSource" => self.text_source(index, None)?,
                "PDFSource" => match tree.child(index, "Representation") {
                    Some((representation, _)) => {
                        let selections = tree
                            .children(index)
                            .filter(|(_, e)| &*e.name == "PDFSelection")
                            .count();
                        if selections > 0 {
                            self.report.skip(format!(
                                "{label}: {} (areas of PDF pages; the codings of its text are read)",
                                plural(selections, "PDFSelection", "PDFSelections")
                            ));
                        }
                        self.text_source(representation, Some(index))?;
                    }
                    None => self.text_source(index, Some(index))?,
                },
                "PictureSource" | "AudioSource" | "VideoSource" => {
                    let codings = count_descendants(tree, index, "Coding");
                    self.report.skip(format!(
                        "{label}: Coda holds text documents only (its {} not read)",
                        plural(codings, "coding is", "codings are")
                    ));
                }
                other => self.report.skip(format!(
                    "<{}> in <Sources>: not a kind of source",
                    one_line(other, 40)
                )),
            }
        }
        Ok(())
    }

    /// One text source (`element`), or a PDF source's representation (`outer` is the
    /// `PDFSource`, whose name, codings and notes also count).
    fn text_source(&mut self, element: usize, outer: Option<usize>) -> Result<(), RefiError> {
        let tree = self.tree;
        let source = tree.get(element);
        let named = outer.map_or(source, |o| tree.get(o));
        let path_name = source
            .attr("plainTextPath")
            .or(named.attr("path"))
            .or(source.attr("richTextPath"))
            .map(|p| p.rsplit('/').next().unwrap_or(p).to_string());
        let name = named
            .attr("name")
            .filter(|n| !n.trim().is_empty())
            .map(str::to_string)
            .or_else(|| path_name.clone())
            .unwrap_or_else(|| format!("Source {}", self.project.documents.len() + 1));
        let label = format!("{} {:?}", named.name, one_line(&name, 60));
        let selections = tree
            .children(element)
            .filter(|(_, e)| &*e.name == "PlainTextSelection")
            .count();
        let Some(loaded) = self.load_text(element, outer, &label)? else {
            self.report.skip(format!(
                "{label}: no plain text in the file, and no original Coda can read{}",
                if selections > 0 {
                    format!(
                        " (its {} not read)",
                        plural(selections, "selection is", "selections are")
                    )
                } else {
                    String::new()
                }
            ));
            return Ok(());
        };
        let id = DocId(self.id_for(named.attr("guid"), &label));
        if let Some(guid) = named.attr("guid") {
            self.source_ids.insert(guid_key(guid), id);
        }
        let (scheme, mut document, source_text) = match loaded {
            Loaded::Plain(mut text, file_name) => {
                let scheme = self.choose_scheme(element, Some(&text), &label);
                let source = DocumentSource {
                    file_name,
                    format: SourceFormat::PlainText,
                    encoding: "UTF-8".into(),
                };
                // The text moves into the document; the position maps stay.
                let document = Document::new(name.clone(), source, text.take_text());
                (scheme, document, Some(text))
            }
            Loaded::Converted(document) => {
                if selections > 0 {
                    self.report.change(format!(
                        "{label}: its text was converted from the original file; the positions \
                         of its selections were counted over the other program's plain text, so \
                         each is checked against its name where it has one"
                    ));
                }
                (Scheme::LineBreakOne, *document, None)
            }
        };
        document.id = id;
        document.name = self.unique_document_name(&name);
        let mut memo = String::new();
        for owner in [Some(element), outer].into_iter().flatten() {
            if let Some(text) = tree.child_text(owner, "Description") {
                memo = append_memo(&memo, text);
            }
        }
        let len = document.text.char_len();
        let source_user = named.attr("creatingUser").or(source.attr("creatingUser"));
        let source_created = named
            .attr("creationDateTime")
            .or(source.attr("creationDateTime"));
        for owner in [Some(element), outer].into_iter().flatten() {
            for (child, child_element) in tree.children(owner) {
                match &*child_element.name {
                    "Description" | "PlainTextContent" | "Representation" | "PDFSelection" => {}
                    "PlainTextSelection" => {
                        let context = SelectionContext {
                            document: &document,
                            source_text: source_text.as_ref(),
                            scheme,
                            label: &label,
                            source_user,
                            source_created,
                        };
                        if let Some(leftover) = self.selection(child, &context) {
                            memo = append_memo(&memo, &leftover);
                        }
                    }
                    "Coding" => {
                        if len == 0 {
                            self.report.skip(format!(
                                "Coding of the whole of {label}: the source has no text"
                            ));
                            continue;
                        }
                        let range = (0, len);
                        let owner = || label.clone();
                        self.coding(
                            child,
                            document.id,
                            range,
                            source_user,
                            source_created,
                            "",
                            &owner,
                        );
                    }
                    "NoteRef" => {
                        if let Some(text) = self.note_for(child_element.attr("targetGUID"), &label)
                        {
                            memo = append_memo(&memo, &text);
                        }
                    }
                    "VariableValue" => self.variable_value(child, &[document.id], &label),
                    other => self
                        .report
                        .skip(format!("<{}> in {label}", one_line(other, 40))),
                }
            }
        }
        document.memo = memo;
        self.project.documents.push(document);
        Ok(())
    }

    /// The source's text: `PlainTextContent`, the internal `plainTextPath` file, or the
    /// original (`richTextPath`, a PDF's `path`) through Coda's document importers.
    fn load_text(
        &mut self,
        element: usize,
        outer: Option<usize>,
        label: &str,
    ) -> Result<Option<Loaded>, RefiError> {
        let tree = self.tree;
        let source = tree.get(element);
        if let Some((_, content)) = tree.child(element, "PlainTextContent") {
            let file_name = source.attr("name").unwrap_or_default().to_string();
            return Ok(Some(Loaded::Plain(
                SourceText::new(&content.text),
                file_name,
            )));
        }
        if let Some(path) = source.attr("plainTextPath") {
            match self.internal_text(path)? {
                Some((entry, raw)) => {
                    let file_name = entry.rsplit('/').next().unwrap_or(&entry).to_string();
                    return Ok(Some(Loaded::Plain(SourceText::new(&raw), file_name)));
                }
                None => self.report.change(format!(
                    "{label}: its plain text {:?} is not in the archive",
                    one_line(path, 80)
                )),
            }
        }
        let original = source
            .attr("richTextPath")
            .or(outer.and_then(|o| tree.get(o).attr("path")));
        if let Some(path) = original
            && let Some((entry, bytes)) = self.internal_file(path)?
        {
            let file_name = entry.rsplit('/').next().unwrap_or(&entry).to_string();
            let options = ImportOptions {
                encoding: None,
                reflow: Reflow::Never,
            };
            match import_named_bytes(&bytes, &file_name, &options) {
                Ok(imported) => return Ok(Some(Loaded::Converted(Box::new(imported.document)))),
                Err(e) => self.report.change(format!("{label}: its original {e}")),
            }
        }
        Ok(None)
    }

    /// How this source's positions count (reported when it matters).
    fn choose_scheme(&mut self, element: usize, text: Option<&SourceText>, label: &str) -> Scheme {
        let Some(text) = text else {
            return Scheme::LineBreakOne;
        };
        if !text.is_ambiguous() {
            return Scheme::LineBreakOne;
        }
        let tree = self.tree;
        let named: Vec<(i64, i64, &str)> = tree
            .children(element)
            .filter(|(_, e)| &*e.name == "PlainTextSelection")
            .filter_map(|(_, e)| {
                let name = e.attr("name").filter(|n| is_informative(n))?;
                Some((
                    position(e.attr("startPosition"))?,
                    position(e.attr("endPosition"))?,
                    name,
                ))
            })
            .take(200)
            .collect();
        let by_origin = if self
            .report
            .origin
            .as_deref()
            .is_some_and(|o| o.to_ascii_lowercase().contains("atlas"))
        {
            Scheme::LineBreakOne
        } else if text.schemes().contains(&Scheme::Raw) {
            Scheme::Raw
        } else {
            Scheme::LineBreakOne
        };
        // Indexed once, so that each name is checked without walking the text.
        let indexed = Text::new(if named.is_empty() {
            String::new()
        } else {
            text.text.clone()
        });
        let mut best = (by_origin, 0usize);
        if !named.is_empty() {
            let score = |scheme: Scheme| {
                named
                    .iter()
                    .filter(|(s, e, name)| {
                        match (text.offset(*s, scheme), text.offset(*e, scheme)) {
                            (Some(s), Some(e)) if s < e && e <= text.len => indexed
                                .slice(CharRange::new(s, e))
                                .is_some_and(|selected| name_matches(selected, name)),
                            _ => false,
                        }
                    })
                    .count()
            };
            best.1 = score(by_origin);
            for scheme in text.schemes() {
                let n = score(scheme);
                if n > best.1 {
                    best = (scheme, n);
                }
            }
        }
        if text.schemes().len() > 1 {
            self.report.change(format!(
                "{label}: positions read as {}{}",
                best.0.describe(),
                if named.is_empty() {
                    " (from the program that wrote the file)".to_string()
                } else {
                    format!(" ({} of {} selection names agree)", best.1, named.len())
                }
            ));
        }
        best.0
    }

    /// One selection: its codings become segments. Returns the memo of a selection that has
    /// no coding (MAXQDA's memo-only segments), to keep with the document.
    fn selection(&mut self, index: usize, cx: &SelectionContext<'_>) -> Option<String> {
        let tree = self.tree;
        let element = tree.get(index);
        let name = element.attr("name").unwrap_or_default();
        // Only a report line needs the element's description: built when one is written.
        let what = || {
            format!(
                "PlainTextSelection {}{} in {}",
                element.attr("guid").unwrap_or("without guid"),
                if name.is_empty() {
                    String::new()
                } else {
                    format!(" {:?}", one_line(name, 40))
                },
                cx.label
            )
        };
        let codings = tree
            .children(index)
            .filter(|(_, e)| &*e.name == "Coding")
            .count();
        let raw = (
            position(element.attr("startPosition")),
            position(element.attr("endPosition")),
        );
        let (Some(raw_start), Some(raw_end)) = raw else {
            self.report.skip(format!(
                "{}: its start or end is not a whole number",
                what()
            ));
            return None;
        };
        let len = cx.document.text.char_len();
        let mapped = match cx.source_text {
            Some(text) => (
                text.offset(raw_start, cx.scheme),
                text.offset(raw_end, cx.scheme),
            ),
            None => (
                usize::try_from(raw_start).ok(),
                usize::try_from(raw_end).ok(),
            ),
        };
        let (start, end) = match mapped {
            (Some(s), Some(e)) if s < e && e <= len => (s, e),
            (Some(s), Some(e)) if s == e && e <= len => {
                self.report
                    .skip(format!("{}: empty ({raw_start}–{raw_end})", what()));
                return None;
            }
            _ => {
                let what = what();
                self.report.skip(format!(
                    "{what}: {raw_start}–{raw_end} lies outside the source's {} characters \
                     ({} not read)",
                    len,
                    plural(codings, "coding", "codings")
                ));
                return None;
            }
        };
        if cx.source_text.is_none()
            && is_informative(name)
            && !cx
                .document
                .text
                .slice(CharRange::new(start, end))
                .is_some_and(|selected| name_matches(selected, name))
        {
            let what = what();
            self.report.skip(format!(
                "{what}: the converted text at {start}–{end} is not the passage it names ({} not read)",
                plural(codings, "coding", "codings")
            ));
            return None;
        }
        let mut memo = tree
            .child_text(index, "Description")
            .unwrap_or_default()
            .to_string();
        for (_, child) in tree.children(index).filter(|(_, e)| &*e.name == "NoteRef") {
            if let Some(text) = self.note_for_lazy(child.attr("targetGUID"), &what) {
                memo = append_memo(&memo, &text);
            }
        }
        if codings == 0 {
            if memo.is_empty() {
                self.report
                    .skip(format!("{}: no coding and no memo", what()));
                return None;
            }
            let what = what();
            self.report.change(format!(
                "{what}: a memo without a coding; kept in the document's memo"
            ));
            let passage = cx
                .document
                .text
                .slice(crate::model::CharRange::new(start, end))
                .unwrap_or("");
            return Some(format!(
                "Memo on \"{}\" ({start}–{end}):\n{memo}",
                one_line(passage, 60)
            ));
        }
        let user = element.attr("creatingUser").or(cx.source_user);
        let created = element.attr("creationDateTime").or(cx.source_created);
        for (child, child_element) in tree.children(index) {
            match &*child_element.name {
                "Coding" => self.coding(
                    child,
                    cx.document.id,
                    (start, end),
                    user,
                    created,
                    &memo,
                    &what,
                ),
                "Description" | "NoteRef" => {}
                other => self
                    .report
                    .skip(format!("<{}> in {}", one_line(other, 40), what())),
            }
        }
        None
    }

    /// One `Coding` of `range` of a document.
    #[allow(clippy::too_many_arguments)]
    fn coding(
        &mut self,
        index: usize,
        document: DocId,
        range: (usize, usize),
        user: Option<&str>,
        created: Option<&str>,
        memo: &str,
        owner: &dyn Fn() -> String,
    ) {
        let tree = self.tree;
        let element = tree.get(index);
        let what = || {
            format!(
                "Coding {} in {}",
                element.attr("guid").unwrap_or("without guid"),
                owner()
            )
        };
        let Some((_, code_ref)) = tree.child(index, "CodeRef") else {
            self.report.skip(format!("{}: no CodeRef", what()));
            return;
        };
        let target = code_ref.attr("targetGUID").unwrap_or_default();
        let Some(code) = self.codes.get(&guid_key(target)).copied() else {
            let what = what();
            self.report.skip(format!(
                "{what}: its CodeRef {:?} names no code of the codebook",
                one_line(target, 60)
            ));
            return;
        };
        let coder = self.coder_for(element.attr("creatingUser").or(user));
        let created = self.date_time(element.attr("creationDateTime").or(created), &what);
        let mut memo = memo.to_string();
        for (_, child) in tree.children(index).filter(|(_, e)| &*e.name == "NoteRef") {
            if let Some(text) = self.note_for_lazy(child.attr("targetGUID"), &what) {
                memo = append_memo(&memo, &text);
            }
        }
        let id = SegmentId(self.id_for_lazy(element.attr("guid"), &what));
        self.project.segments.insert(
            id,
            Segment {
                id,
                document,
                start: range.0,
                end: range.1,
                code,
                coder,
                created,
                memo,
            },
        );
    }

    /// An `xsd:dateTime` as Coda stores it (RFC 3339 UTC, seconds); the import's time when
    /// there is none or it cannot be read.
    fn date_time(&mut self, value: Option<&str>, what: &dyn Fn() -> String) -> String {
        let Some(value) = value else {
            return self.now.clone();
        };
        match parse_date_time(value) {
            Some(time) => time,
            None => {
                self.report.change(format!(
                    "{}: its time {:?} is not a date and time; given the time of the import",
                    what(),
                    one_line(value, 40)
                ));
                self.now.clone()
            }
        }
    }

    fn unique_document_name(&mut self, name: &str) -> String {
        let mut candidate = name.to_string();
        let mut n = 2;
        while self.project.document_by_name(&candidate).is_some() {
            candidate = format!("{name} ({n})");
            n += 1;
        }
        if candidate != name {
            self.report.change(format!(
                "source {name:?}: another source has that name; named {candidate:?}"
            ));
        }
        candidate
    }
}

/// What a selection needs of its source.
struct SelectionContext<'a> {
    document: &'a Document,
    source_text: Option<&'a SourceText>,
    scheme: Scheme,
    label: &'a str,
    source_user: Option<&'a str>,
    source_created: Option<&'a str>,
}

fn position(value: Option<&str>) -> Option<i64> {
    value?.trim().parse().ok()
}

fn source_label(name: Option<&str>, kind: &str, count: usize) -> String {
    match name.filter(|n| !n.trim().is_empty()) {
        Some(name) => format!("{kind} {:?}", one_line(name, 60)),
        None => format!("{kind} #{}", count + 1),
    }
}

fn count_descendants(tree: &crate::io::refi::xml_tree::Tree, root: usize, name: &str) -> usize {
    let mut count = 0;
    let mut stack = vec![root];
    while let Some(index) = stack.pop() {
        for (child, element) in tree.children(index) {
            if &*element.name == name {
                count += 1;
            }
            stack.push(child);
        }
    }
    count
}

/// `2024-09-15T15:36:47Z`, with fractions or an offset, as RFC 3339 UTC seconds.
pub(super) fn parse_date_time(value: &str) -> Option<String> {
    let value = value.trim();
    if let Ok(time) = humantime::parse_rfc3339_weak(value) {
        return Some(humantime::format_rfc3339_seconds(time).to_string());
    }
    // An offset (+02:00): humantime reads UTC only, so shift by hand.
    let (base, sign, offset) = match value.rfind(['+', '-']) {
        Some(i) if i > 10 => (&value[..i], &value[i..i + 1], &value[i + 1..]),
        _ => return None,
    };
    let (hours, minutes) = offset.split_once(':')?;
    let seconds = hours.parse::<u64>().ok()? * 3600 + minutes.parse::<u64>().ok()? * 60;
    let time = humantime::parse_rfc3339_weak(base).ok()?;
    let shifted = if sign == "+" {
        time.checked_sub(std::time::Duration::from_secs(seconds))?
    } else {
        time.checked_add(std::time::Duration::from_secs(seconds))?
    };
    Some(humantime::format_rfc3339_seconds(shifted).to_string())
}

#[cfg(test)]
mod tests {
    use super::parse_date_time;

    #[test]
    fn times_are_read_as_utc_seconds() {
        assert_eq!(
            parse_date_time("2024-09-15T15:36:47Z").as_deref(),
            Some("2024-09-15T15:36:47Z")
        );
        assert_eq!(
            parse_date_time("2024-09-15T15:36:47.123Z").as_deref(),
            Some("2024-09-15T15:36:47Z")
        );
        assert_eq!(
            parse_date_time("2024-09-15T17:36:47+02:00").as_deref(),
            Some("2024-09-15T15:36:47Z")
        );
        assert_eq!(parse_date_time("yesterday"), None);
    }
}
