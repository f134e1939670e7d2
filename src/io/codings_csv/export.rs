//! Codings written as CSV: `document,start,end,page,code,coder,memo,text`. `page` is the page
//! (`12`) or pages (`12–13`) of a PDF the passage lies on, empty for documents without pages.

use crate::model::{Project, Segment, SegmentId, page_span};
use std::io::Write;

/// Write every segment as CSV, ordered by document name, start, end, code path and coder.
pub fn export(project: &Project, out: impl Write) -> csv::Result<()> {
    export_where(project, |_| true, out)
}

/// [`export`] of the codings `keep` keeps (a filter's).
pub fn export_where(
    project: &Project,
    keep: impl Fn(&Segment) -> bool,
    out: impl Write,
) -> csv::Result<()> {
    let mut rows: Vec<(String, usize, usize, String, String, &Segment)> = project
        .segments
        .values()
        .filter(|s| keep(s))
        .map(|s| {
            (
                project
                    .document(s.document)
                    .map(|d| d.name.clone())
                    .unwrap_or_default(),
                s.start,
                s.end,
                project.code_path(s.code),
                project
                    .coder(s.coder)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                s,
            )
        })
        .collect();
    rows.sort_by(|a, b| {
        (&a.0, a.1, a.2, &a.3, &a.4, a.5.id).cmp(&(&b.0, b.1, b.2, &b.3, &b.4, b.5.id))
    });
    let segments: Vec<SegmentId> = rows.iter().map(|r| r.5.id).collect();
    export_segments(project, &segments, out)
}

/// Write the given segments as CSV, in the order given (unknown ids are skipped).
pub fn export_segments(
    project: &Project,
    segments: &[SegmentId],
    out: impl Write,
) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "document", "start", "end", "page", "code", "coder", "memo", "text",
    ])?;
    for segment in segments.iter().filter_map(|id| project.segments.get(id)) {
        let document = project.document(segment.document);
        writer.write_record([
            document.map_or("", |d| d.name.as_str()),
            &segment.start.to_string(),
            &segment.end.to_string(),
            &document.map_or_else(String::new, |d| page_span(&d.pages, segment.range())),
            &project.code_path(segment.code),
            project.coder(segment.coder).map_or("", |c| c.name.as_str()),
            &segment.memo,
            document
                .and_then(|d| d.text.slice(segment.range()))
                .unwrap_or(""),
        ])?;
    }
    writer.flush()?;
    Ok(())
}
