//! Code frequencies for bar charts: per code, the number of codings (or coded characters) per
//! document, group or coder, over the codings a [`DocumentFilter`] keeps.
//!
//! The numbers are rows of the code × document matrix ([`code_document_matrix`]): a chart counts
//! exactly what `coda matrix --by document|group|coder` counts. This module only picks the codes
//! charted and turns the table into [`ChartData`], the one description of a chart that the
//! window (egui_plot) and the SVG and PNG exports all draw.

use crate::analysis::filter::DocumentFilter;
use crate::analysis::matrix::{Columns, Measure, Table, code_document_matrix, codes_in_tree_order};
use crate::model::{CodeId, Color, Project};

/// What the series of a chart are: one per document, group or coder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SeriesBy {
    #[default]
    Document,
    Group,
    Coder,
}

impl SeriesBy {
    pub const ALL: [SeriesBy; 3] = [SeriesBy::Document, SeriesBy::Group, SeriesBy::Coder];

    fn columns(self) -> Columns {
        match self {
            SeriesBy::Document => Columns::Documents,
            SeriesBy::Group => Columns::Groups,
            SeriesBy::Coder => Columns::Coders,
        }
    }

    /// `document`, `group`, `coder`.
    pub fn noun(self) -> &'static str {
        match self {
            SeriesBy::Document => "document",
            SeriesBy::Group => "group",
            SeriesBy::Coder => "coder",
        }
    }
}

/// Which codes are charted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CodeScope {
    /// Every top-level code, in codebook order.
    #[default]
    TopLevel,
    /// The direct subcodes of a code, in codebook order.
    ChildrenOf(CodeId),
}

/// What a chart counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct FrequencyQuery {
    pub by: SeriesBy,
    /// [`Measure::Count`] or [`Measure::Chars`] (a coverage percentage does not add up across
    /// a stack, so charts do not offer it; it is computed all the same if asked for).
    pub measure: Measure,
    pub codes: CodeScope,
    /// A code's bar also counts the codings of the codes below it.
    pub include_subcodes: bool,
}

/// One charted code.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartedCode {
    pub id: CodeId,
    pub name: String,
    /// Its path in the codebook (`Push factors/Unemployment`).
    pub path: String,
    pub color: Color,
}

/// Per charted code and series, the number counted.
#[derive(Clone, Debug, PartialEq)]
pub struct Frequencies {
    pub query: FrequencyQuery,
    pub codes: Vec<ChartedCode>,
    /// The names of the documents, groups or coders, in project order.
    pub series: Vec<String>,
    /// `values[code][series]`.
    pub values: Vec<Vec<f64>>,
}

/// The frequencies `query` asks for, over the codings `filter` keeps.
pub fn code_frequencies(
    project: &Project,
    filter: &DocumentFilter,
    query: &FrequencyQuery,
) -> Result<Frequencies, String> {
    let table = code_document_matrix(
        project,
        filter,
        &query.by.columns(),
        query.measure,
        query.include_subcodes,
    )?;
    // The matrix's rows are the codes in this order.
    let order = codes_in_tree_order(project);
    let wanted = |id: CodeId| {
        let parent = project.code(id).and_then(|c| c.parent);
        match query.codes {
            CodeScope::TopLevel => parent.is_none(),
            CodeScope::ChildrenOf(of) => parent == Some(of),
        }
    };
    let mut codes = Vec::new();
    let mut values = Vec::new();
    for (row, &id) in order.iter().enumerate() {
        if !wanted(id) {
            continue;
        }
        let Some(code) = project.code(id) else {
            continue;
        };
        codes.push(ChartedCode {
            id,
            name: code.name.clone(),
            path: table.rows[row].clone(),
            color: code.color,
        });
        values.push(table.cells[row].clone());
    }
    Ok(Frequencies {
        query: *query,
        codes,
        series: table.columns,
        values,
    })
}

impl Frequencies {
    /// What one unit counted is called: `coding`/`codings` or `character`/`characters`.
    pub fn unit(&self, n: f64) -> &'static str {
        let one = n == 1.0;
        match (self.query.measure, one) {
            (Measure::Count, true) => "coding",
            (Measure::Count, false) => "codings",
            (Measure::Chars, true) => "coded character",
            (Measure::Chars, false) => "coded characters",
            (Measure::Coverage, _) => "% coded",
        }
    }

    /// The value axis: `Codings`, `Coded characters`, `% of the text coded`.
    pub fn value_label(&self) -> &'static str {
        match self.query.measure {
            Measure::Count => "Codings",
            Measure::Chars => "Coded characters",
            Measure::Coverage => "% of the text coded",
        }
    }

    /// The chart's title: `Codings per code by coder`, `Coded characters per subcode of
    /// “Push factors” by document`.
    pub fn title(&self, project: &Project) -> String {
        let per = match self.query.codes {
            CodeScope::TopLevel => "per code".to_string(),
            CodeScope::ChildrenOf(id) => format!(
                "per subcode of “{}”",
                project.code(id).map_or("?", |c| c.name.as_str())
            ),
        };
        let with = if self.query.include_subcodes {
            " (with their subcodes)"
        } else {
            ""
        };
        format!(
            "{} {per}{with} by {}",
            self.value_label(),
            self.query.by.noun()
        )
    }

    /// The numbers as a table (rows: the codes' paths; columns: the series), for CSV.
    pub fn table(&self) -> Table {
        Table {
            rows: self.codes.iter().map(|c| c.path.clone()).collect(),
            columns: self.series.clone(),
            cells: self.values.clone(),
            whole_numbers: self.query.measure != Measure::Coverage,
        }
    }
}

/// How a chart is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ChartStyle {
    /// Bars of one category stacked into one bar, rather than side by side.
    pub stacked: bool,
    /// The categories are the documents (groups, coders) and the series the codes, rather than
    /// the other way round.
    pub per_series: bool,
    /// Categories down the side and bars running across (room for long names).
    pub horizontal: bool,
}

/// One series of bars: a name for the legend, its colour, a value per category.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub color: Color,
    pub values: Vec<f64>,
}

/// A bar chart, ready to draw: what the window and the SVG and PNG exports show.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    pub title: String,
    /// What the value axis measures.
    pub value_label: String,
    /// What the categories are (`Code`, `Document`…).
    pub category_label: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub style: ChartStyle,
    /// Whether every value is a whole number.
    pub whole_numbers: bool,
    /// The unit of a value, for hover texts: (one, many).
    pub unit: (String, String),
}

impl ChartData {
    /// The chart of `frequencies` drawn as `style`: categories are the codes (named) and series
    /// the documents, groups or coders (coloured from the palette in order), or with
    /// `style.per_series` the other way round (codes in their own colours).
    pub fn new(project: &Project, frequencies: &Frequencies, style: ChartStyle) -> ChartData {
        let codes = &frequencies.codes;
        let (categories, series) = if style.per_series {
            let series = codes
                .iter()
                .zip(&frequencies.values)
                .map(|(code, values)| Series {
                    name: code.name.clone(),
                    color: code.color,
                    values: values.clone(),
                })
                .collect();
            (frequencies.series.clone(), series)
        } else {
            let series = frequencies
                .series
                .iter()
                .enumerate()
                .map(|(s, name)| Series {
                    name: name.clone(),
                    color: Color::from_palette(s),
                    values: frequencies.values.iter().map(|row| row[s]).collect(),
                })
                .collect();
            (codes.iter().map(|c| c.name.clone()).collect(), series)
        };
        let noun = frequencies.query.by.noun();
        let category_label = if style.per_series {
            capitalised(noun)
        } else {
            "Code".to_string()
        };
        ChartData {
            title: frequencies.title(project),
            value_label: frequencies.value_label().to_string(),
            category_label,
            categories,
            series,
            style,
            whole_numbers: frequencies.query.measure != Measure::Coverage,
            unit: (
                frequencies.unit(1.0).to_string(),
                frequencies.unit(2.0).to_string(),
            ),
        }
    }

    /// The largest bar: the largest value, or stacked, the largest sum of a category.
    pub fn max_bar(&self) -> f64 {
        (0..self.categories.len())
            .map(|c| {
                let values = self.series.iter().map(|s| s.values[c]);
                if self.style.stacked {
                    values.sum()
                } else {
                    values.fold(0.0, f64::max)
                }
            })
            .fold(0.0, f64::max)
    }

    /// Whether there is nothing to draw (no category, no series, or only zeros).
    pub fn is_empty(&self) -> bool {
        self.max_bar() <= 0.0
    }

    /// A value as written: whole numbers without a fraction, others with two decimals.
    pub fn value_text(&self, value: f64) -> String {
        if self.whole_numbers {
            format!("{value:.0}")
        } else {
            format!("{value:.2}")
        }
    }

    /// `Push factors, Aigerim: 12 codings`: what hovering a bar says.
    pub fn bar_text(&self, series: usize, category: usize) -> String {
        let value = self.series[series].values[category];
        let unit = if value == 1.0 {
            &self.unit.0
        } else {
            &self.unit.1
        };
        format!(
            "{}, {}: {} {unit}",
            self.categories[category],
            self.series[series].name,
            self.value_text(value)
        )
    }

    /// A file name for the chart, without extension: its title's words in lower case joined
    /// by hyphens (`codings-per-code-by-coder`).
    pub fn file_stem(&self) -> String {
        let words: Vec<String> = self
            .title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            "chart".into()
        } else {
            words.join("-")
        }
    }

    /// Every value in words, category by category (the plot's description for screen readers).
    pub fn summary(&self) -> String {
        self.categories
            .iter()
            .enumerate()
            .map(|(c, category)| {
                let values: Vec<String> = self
                    .series
                    .iter()
                    .map(|s| format!("{} {}", s.name, self.value_text(s.values[c])))
                    .collect();
                format!("{category}: {}", values.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::filter::FilterSpec;
    use crate::model::{
        Code, Coder, CoderId, DocId, Document, DocumentSource, Group, Segment, SegmentId,
        SourceFormat,
    };
    use std::collections::HashMap;

    fn document(name: &str, text: String) -> Document {
        let source = DocumentSource {
            file_name: name.into(),
            format: SourceFormat::PlainText,
            encoding: "UTF-8".into(),
        };
        Document::new(name, source, text)
    }

    /// Three documents, two groups (one document in both), two coders, a codebook of two
    /// top-level codes (one with two subcodes), and 150 codings spread over all of them, many
    /// overlapping, from a fixed pseudo-random sequence.
    fn project() -> Project {
        let mut p = Project::new("frequencies");
        for (i, len) in [400, 300, 500].into_iter().enumerate() {
            p.documents
                .push(document(&format!("doc{i}.txt"), "x".repeat(len)));
        }
        for name in ["Alice", "Bob"] {
            p.coders.push(Coder {
                id: CoderId::new(),
                name: name.into(),
            });
        }
        let push = Code::new("Push", None, Color::from_palette(0));
        let poverty = Code::new("Poverty", Some(push.id), Color::from_palette(1));
        let jobs = Code::new("Jobs", Some(push.id), Color::from_palette(2));
        let channels = Code::new("Channels", None, Color::from_palette(3));
        p.codes = vec![push, poverty, jobs, channels];
        let mut docs: Vec<DocId> = p.documents.iter().map(|d| d.id).collect();
        let mut state = Group {
            name: "State media".into(),
            documents: vec![docs[0], docs[1]],
        };
        let mut independent = Group {
            name: "Independent".into(),
            documents: vec![docs[1], docs[2]],
        };
        state.documents.sort();
        independent.documents.sort();
        p.groups = vec![state, independent];
        docs.sort();
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for _ in 0..150 {
            let d = next(3);
            let len = p.documents[d].text.char_len();
            let start = next(len - 60);
            let end = start + 1 + next(60);
            let segment = Segment {
                id: SegmentId::new(),
                document: p.documents[d].id,
                start,
                end,
                code: p.codes[next(4)].id,
                coder: p.coders[next(2)].id,
                created: String::new(),
                memo: String::new(),
            };
            p.segments.insert(segment.id, segment);
        }
        p
    }

    /// The independent count of one bar: a loop over every coding; for characters a flag per
    /// character of each document (and, by coder, of each coder's view of it).
    fn expected(
        p: &Project,
        filter: &DocumentFilter,
        query: &FrequencyQuery,
        code: CodeId,
        in_series: &dyn Fn(&Segment) -> bool,
    ) -> f64 {
        let counts = |id: CodeId| {
            id == code
                || (query.include_subcodes && p.code(id).and_then(|c| c.parent) == Some(code))
        };
        let mut n = 0;
        let mut covered: HashMap<(DocId, Option<CoderId>), Vec<bool>> = HashMap::new();
        for s in p.segments.values() {
            if !(filter.includes(s) && counts(s.code) && in_series(s)) {
                continue;
            }
            n += 1;
            let coder = (query.by == SeriesBy::Coder).then_some(s.coder);
            let len = p.document(s.document).unwrap().text.char_len();
            let flags = covered
                .entry((s.document, coder))
                .or_insert_with(|| vec![false; len]);
            for flag in &mut flags[s.start..s.end] {
                *flag = true;
            }
        }
        match query.measure {
            Measure::Count => n as f64,
            _ => covered.values().flatten().filter(|&&f| f).count() as f64,
        }
    }

    type InSeries = Box<dyn Fn(&Segment) -> bool>;

    /// The series `by` gives under `filter`, each with which codings it holds.
    fn series(p: &Project, filter: &DocumentFilter, by: SeriesBy) -> Vec<(String, InSeries)> {
        match by {
            SeriesBy::Document => filter
                .documents(p)
                .map(|d| {
                    let id = d.id;
                    let holds: InSeries = Box::new(move |s| s.document == id);
                    (d.name.clone(), holds)
                })
                .collect(),
            SeriesBy::Group => p
                .groups
                .iter()
                .map(|g| {
                    let docs = g.documents.clone();
                    let holds: InSeries = Box::new(move |s| docs.contains(&s.document));
                    (g.name.clone(), holds)
                })
                .collect(),
            SeriesBy::Coder => p
                .coders
                .iter()
                .filter(|c| filter.includes_coder(c.id))
                .map(|c| {
                    let id = c.id;
                    let holds: InSeries = Box::new(move |s| s.coder == id);
                    (c.name.clone(), holds)
                })
                .collect(),
        }
    }

    #[test]
    fn frequencies_match_a_count_by_plain_loops() {
        let p = project();
        let filters = [
            DocumentFilter::everything(),
            DocumentFilter::new(
                &p,
                &FilterSpec {
                    groups: vec!["Independent".into()],
                    coders: vec!["Bob".into()],
                    ..Default::default()
                },
            )
            .unwrap(),
        ];
        let push = p.codes[0].id;
        let mut non_zero = 0;
        for filter in &filters {
            for by in SeriesBy::ALL {
                let series = series(&p, filter, by);
                for measure in [Measure::Count, Measure::Chars] {
                    for include_subcodes in [false, true] {
                        for codes in [CodeScope::TopLevel, CodeScope::ChildrenOf(push)] {
                            let query = FrequencyQuery {
                                by,
                                measure,
                                codes,
                                include_subcodes,
                            };
                            let f = code_frequencies(&p, filter, &query).unwrap();
                            let names: Vec<&str> =
                                f.codes.iter().map(|c| c.name.as_str()).collect();
                            let wanted = match codes {
                                CodeScope::TopLevel => ["Push", "Channels"],
                                CodeScope::ChildrenOf(_) => ["Poverty", "Jobs"],
                            };
                            assert_eq!(names, wanted);
                            let labels: Vec<&str> =
                                series.iter().map(|(n, _)| n.as_str()).collect();
                            assert_eq!(f.series, labels, "{query:?}");
                            for (c, code) in f.codes.iter().enumerate() {
                                for (s, (name, holds)) in series.iter().enumerate() {
                                    let want = expected(&p, filter, &query, code.id, holds);
                                    assert_eq!(
                                        f.values[c][s], want,
                                        "{query:?} {} × {name}",
                                        code.name
                                    );
                                    non_zero += usize::from(want > 0.0);
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(non_zero > 100, "only {non_zero} non-zero bars compared");
    }

    #[test]
    fn by_coder_keeps_only_the_coders_the_filter_keeps() {
        let p = project();
        let bob = DocumentFilter::new(
            &p,
            &FilterSpec {
                coders: vec!["Bob".into()],
                ..Default::default()
            },
        )
        .unwrap();
        let query = FrequencyQuery {
            by: SeriesBy::Coder,
            ..Default::default()
        };
        let f = code_frequencies(&p, &bob, &query).unwrap();
        assert_eq!(f.series, ["Bob"]);
        let all = code_frequencies(&p, &DocumentFilter::everything(), &query).unwrap();
        assert_eq!(all.series, ["Alice", "Bob"]);
        // Every coding of a top-level code by either coder is in one coder's bar.
        let total: f64 = all.values.iter().flatten().sum();
        let top: Vec<CodeId> = all.codes.iter().map(|c| c.id).collect();
        let direct = p
            .segments
            .values()
            .filter(|s| top.contains(&s.code))
            .count();
        assert_eq!(total, direct as f64);
    }

    #[test]
    fn chart_data_puts_codes_or_series_on_the_axis_with_their_colours() {
        let p = project();
        let query = FrequencyQuery {
            by: SeriesBy::Group,
            ..Default::default()
        };
        let f = code_frequencies(&p, &DocumentFilter::everything(), &query).unwrap();
        let chart = ChartData::new(&p, &f, ChartStyle::default());
        assert_eq!(chart.title, "Codings per code by group");
        assert_eq!(chart.file_stem(), "codings-per-code-by-group");
        assert_eq!(chart.categories, ["Push", "Channels"]);
        let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["State media", "Independent"]);
        assert_eq!(chart.series[1].color, Color::from_palette(1));
        assert_eq!(chart.series[1].values, [f.values[0][1], f.values[1][1]]);
        let turned = ChartData::new(
            &p,
            &f,
            ChartStyle {
                per_series: true,
                stacked: true,
                ..Default::default()
            },
        );
        assert_eq!(turned.categories, ["State media", "Independent"]);
        assert_eq!(turned.category_label, "Group");
        assert_eq!(turned.series[0].name, "Push");
        assert_eq!(turned.series[0].color, p.codes[0].color);
        assert_eq!(turned.series[0].values, f.values[0]);
        let stacked_max = (0..2)
            .map(|g| f.values[0][g] + f.values[1][g])
            .fold(0.0, f64::max);
        assert_eq!(turned.max_bar(), stacked_max);
        assert_eq!(
            turned.bar_text(0, 1),
            format!("Independent, Push: {} codings", f.values[0][1])
        );
        let summary = chart.summary();
        assert!(
            summary.starts_with(&format!(
                "Push: State media {}, Independent {}; Channels:",
                f.values[0][0], f.values[0][1]
            )),
            "{summary}"
        );
    }

    #[test]
    fn subcodes_of_a_code_without_any_chart_nothing() {
        let p = project();
        let channels = p.codes[3].id;
        let query = FrequencyQuery {
            codes: CodeScope::ChildrenOf(channels),
            ..Default::default()
        };
        let f = code_frequencies(&p, &DocumentFilter::everything(), &query).unwrap();
        assert!(f.codes.is_empty());
        let chart = ChartData::new(&p, &f, ChartStyle::default());
        assert!(chart.is_empty());
        assert_eq!(chart.title, "Codings per subcode of “Channels” by document");
        assert_eq!(
            chart.file_stem(),
            "codings-per-subcode-of-channels-by-document"
        );
    }
}
