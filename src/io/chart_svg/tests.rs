//! The SVG read back with quick-xml: bars, values, heights, stacking, ticks, escaping.

use super::*;
use crate::analysis::frequencies::{ChartStyle, Series};
use quick_xml::events::Event;

/// An element of the SVG as a reader sees it: name, attributes, text (entities resolved).
#[derive(Debug)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
    parent: Option<usize>,
}

impl Element {
    fn get(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn number(&self, key: &str) -> f64 {
        self.get(key).unwrap().parse().unwrap()
    }
}

/// Every element of `svg`, read with quick-xml; panics on XML that is not well-formed.
fn parse(svg: &str) -> Vec<Element> {
    let mut reader = quick_xml::Reader::from_str(svg);
    reader.config_mut().expand_empty_elements = true;
    let mut elements: Vec<Element> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(start) => {
                let attributes = start
                    .attributes()
                    .map(|a| {
                        let a = a.expect("a well-formed attribute");
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap()
                            .into_owned();
                        (String::from_utf8(a.key.as_ref().to_vec()).unwrap(), value)
                    })
                    .collect();
                elements.push(Element {
                    name: String::from_utf8(start.name().as_ref().to_vec()).unwrap(),
                    attributes,
                    text: String::new(),
                    parent: open.last().copied(),
                });
                open.push(elements.len() - 1);
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Text(text) => {
                if let Some(&at) = open.last() {
                    elements[at].text.push_str(&text.xml10_content().unwrap());
                }
            }
            Event::GeneralRef(reference) => {
                let c = match reference.resolve_char_ref().unwrap() {
                    Some(c) => c,
                    None => match reference.decode().unwrap().as_ref() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity {other}"),
                    },
                };
                if let Some(&at) = open.last() {
                    elements[at].text.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(open.is_empty(), "unclosed elements");
    elements
}

fn chart(style: ChartStyle) -> ChartData {
    ChartData {
        title: "Codings per code by coder".into(),
        value_label: "Codings".into(),
        category_label: "Code".into(),
        categories: vec![
            "Push factors".into(),
            "<Fear> & \"loathing\" 'quoted'".into(),
            "Recruitment channels and networks of people abroad, online and in prisons".into(),
        ],
        series: vec![
            Series {
                name: "Aigerim".into(),
                color: Color::from_palette(0),
                values: vec![12.0, 0.0, 7.0],
            },
            Series {
                name: "Bob & Co".into(),
                color: Color::from_palette(1),
                values: vec![3.0, 5.0, 21.0],
            },
        ],
        style,
        whole_numbers: true,
        unit: ("coding".into(), "codings".into()),
    }
}

fn bars(elements: &[Element]) -> Vec<&Element> {
    elements
        .iter()
        .filter(|e| e.name == "rect" && e.get("class") == Some("bar"))
        .collect()
}

/// The tooltip of the element at `index`.
fn title_of(elements: &[Element], index: usize) -> &str {
    elements
        .iter()
        .find(|e| e.name == "title" && e.parent == Some(index))
        .map(|e| e.text.as_str())
        .unwrap()
}

#[test]
fn grouped_vertical_bars_have_the_values_heights_and_escaped_names() {
    let data = chart(ChartStyle::default());
    let svg = to_svg(&data);
    let elements = parse(&svg);
    let root = &elements[0];
    assert_eq!(root.name, "svg");
    let bars = bars(&elements);
    // One bar per non-zero value.
    assert_eq!(bars.len(), 5);
    // Heights are proportional to the values: one scale for every bar.
    let scale = bars[0].number("height") / bars[0].number("data-value");
    for bar in &bars {
        let value = bar.number("data-value");
        let (s, c): (usize, usize) = (
            bar.get("data-series").unwrap().parse().unwrap(),
            bar.get("data-category").unwrap().parse().unwrap(),
        );
        assert_eq!(value, data.series[s].values[c]);
        assert!(
            (bar.number("height") / value - scale).abs() < 0.01,
            "{bar:?}"
        );
        assert_eq!(
            bar.get("fill"),
            Some(data.series[s].color.to_string().as_str())
        );
        // Every bar stands on the axis.
        let bottom = bar.number("y") + bar.number("height");
        let first = bars[0].number("y") + bars[0].number("height");
        assert!((bottom - first).abs() < 0.02);
    }
    // The axis reaches past the largest value: 21 on ticks 0, 5, …, 25.
    let axis_texts: Vec<&str> = elements
        .iter()
        .filter(|e| {
            e.name == "text"
                && e.parent
                    .is_some_and(|p| elements[p].get("class") == Some("value-axis"))
        })
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(axis_texts, ["0", "5", "10", "15", "20", "25", "Codings"]);
    // Names come back exactly as they were, markup characters and all.
    let index = elements
        .iter()
        .position(|e| e.get("data-series") == Some("1") && e.get("data-category") == Some("1"))
        .unwrap();
    assert_eq!(
        title_of(&elements, index),
        "<Fear> & \"loathing\" 'quoted', Bob & Co: 5 codings"
    );
    let in_group = |group: &str| -> Vec<usize> {
        (0..elements.len())
            .filter(|&i| {
                elements[i].name == "text"
                    && elements[i]
                        .parent
                        .is_some_and(|p| elements[p].get("class") == Some(group))
            })
            .collect()
    };
    let labels = in_group("category-axis");
    let texts: Vec<&str> = labels.iter().map(|&i| elements[i].text.as_str()).collect();
    assert_eq!(texts.len(), 4, "{texts:?}");
    assert!(texts[1].starts_with("<Fear> & \"loathing\""), "{texts:?}");
    assert_eq!(texts[3], "Code");
    // The long name is shortened to fit, and kept whole in its tooltip.
    assert!(texts[2].ends_with('…') && texts[2].len() < data.categories[2].len());
    assert_eq!(title_of(&elements, labels[2]), data.categories[2]);
    let legend: Vec<&str> = in_group("legend")
        .iter()
        .map(|&i| elements[i].text.as_str())
        .collect();
    assert_eq!(legend, ["Aigerim", "Bob & Co"]);
    assert!(svg.contains("Bob &amp; Co"));
}

#[test]
fn stacked_horizontal_bars_follow_each_other_along_the_value_axis() {
    let data = chart(ChartStyle {
        stacked: true,
        horizontal: true,
        ..Default::default()
    });
    let elements = parse(&to_svg(&data));
    let bars = bars(&elements);
    assert_eq!(bars.len(), 5);
    let scale = bars[0].number("width") / bars[0].number("data-value");
    for category in ["0", "2"] {
        let stack: Vec<&&Element> = bars
            .iter()
            .filter(|b| b.get("data-category") == Some(category))
            .collect();
        assert_eq!(stack.len(), 2);
        // The second series starts where the first ends, on one row.
        let end = stack[0].number("x") + stack[0].number("width");
        assert!((stack[1].number("x") - end).abs() < 0.02);
        assert_eq!(stack[0].number("y"), stack[1].number("y"));
        for bar in stack {
            assert!((bar.number("width") / bar.number("data-value") - scale).abs() < 0.01);
        }
    }
    // Stacked, the axis goes past the largest sum (7 + 21 = 28): to 30.
    let top_tick = elements
        .iter()
        .filter(|e| {
            e.name == "text"
                && e.parent
                    .is_some_and(|p| elements[p].get("class") == Some("value-axis"))
        })
        .filter_map(|e| e.text.parse::<f64>().ok())
        .fold(0.0, f64::max);
    assert_eq!(top_tick, 30.0);
}

#[test]
fn an_empty_chart_is_a_valid_image_that_says_so() {
    let mut data = chart(ChartStyle::default());
    data.categories.clear();
    data.series.clear();
    let elements = parse(&to_svg(&data));
    assert!(bars(&elements).is_empty());
    assert!(elements.iter().any(|e| e.text == "Nothing to chart."));
}

#[test]
fn ticks_are_round_and_reach_past_the_largest_value() {
    assert_eq!(nice_ticks(21.0, true), [0.0, 5.0, 10.0, 15.0, 20.0, 25.0]);
    assert_eq!(nice_ticks(3.0, true), [0.0, 1.0, 2.0, 3.0]);
    assert_eq!(nice_ticks(1.0, true), [0.0, 1.0]);
    assert_eq!(nice_ticks(0.0, true), [0.0, 1.0]);
    assert_eq!(nice_ticks(1234.0, true), [0.0, 500.0, 1000.0, 1500.0]);
    assert_eq!(
        nice_ticks(0.8, false),
        [0.0, 0.2, 0.4, 0.6000000000000001, 0.8]
    );
    assert_eq!(tick_text(0.6000000000000001, 0.2), "0.6");
}

#[test]
fn steps_are_one_two_or_five_times_a_power_of_ten() {
    assert_eq!(round_step(0.3), 0.5);
    assert_eq!(round_step(1.0), 1.0);
    assert_eq!(round_step(1.2), 2.0);
    assert_eq!(round_step(34.0), 50.0);
    assert_eq!(round_step(0.0), 1.0);
}

#[test]
fn escaping_leaves_out_what_xml_cannot_carry() {
    assert_eq!(escape("a<b>&\"c'\u{1}\td"), "a&lt;b&gt;&amp;&quot;c&#39; d");
}
