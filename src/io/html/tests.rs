//! Unit tests on small hand-written snippets, one rule each; real pages are read in
//! `tests/import_documents.rs`.
use super::*;

fn text(html: &str) -> String {
    convert(html.as_bytes(), None)
        .unwrap()
        .converted
        .rendered
        .text
}

#[test]
fn whole_page_fallback_drops_navigation_scripts_and_styles() {
    let page = "<html><head><title>T</title><style>p{color:red}</style></head><body>\
        <nav><a href='/'>Home</a></nav><script>var x = 1;</script>\
        <p>Short text.</p><footer>Copyright</footer></body></html>";
    let page = convert(page.as_bytes(), None).unwrap().converted;
    assert_eq!(page.rendered.text, "Short text.");
    assert_eq!(page.properties.get("title").map(String::as_str), Some("T"));
}

#[test]
fn a_binary_file_named_html_is_refused() {
    let err = convert(b"<html>\0\0\x01\x02", None).unwrap_err();
    assert!(
        err.0
            .starts_with("this is not text: it contains a NUL byte"),
        "{}",
        err.0
    );
}

#[test]
fn headings_lists_tables_and_links_are_kept_in_the_whole_page_reading() {
    let page = "<body><h2>Results</h2><ol start='3'><li>one <a href='x'>link</a></li><li>two</li></ol>\
        <table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table></body>";
    let converted = convert(page.as_bytes(), None).unwrap().converted;
    assert_eq!(
        converted.rendered.text,
        "Results\n\n3. one link\n4. two\n\nA\tB\n1\t2"
    );
    let styles: Vec<_> = converted.rendered.styles.iter().map(|s| s.style).collect();
    assert_eq!(
        styles,
        [
            crate::model::Style::Heading(2),
            crate::model::Style::ListItem(1),
            crate::model::Style::Link,
            crate::model::Style::ListItem(1)
        ]
    );
}

#[test]
fn deleted_text_is_left_out_and_inserted_text_kept() {
    let page = "<body><p>They met <del>twice</del><ins>three times</ins>.</p></body>";
    assert_eq!(text(page), "They met three times.");
}
