//! Rules on small hand-written parts; real Word files are read in `tests/import_documents.rs`.
use super::*;

#[test]
fn relationship_targets_resolve_to_part_names() {
    assert_eq!(resolve_target("word", "styles.xml"), "word/styles.xml");
    assert_eq!(
        resolve_target("word", "/word/styles.xml"),
        "word/styles.xml"
    );
    assert_eq!(
        resolve_target("word/sub", "../footnotes.xml"),
        "word/footnotes.xml"
    );
    assert_eq!(resolve_target("", "word/document.xml"), "word/document.xml");
}

#[test]
fn accepted_visible_text_only() {
    let xml =
        br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>
        <w:p><w:r><w:t>They met </w:t></w:r><w:del><w:r><w:delText>twice</w:delText></w:r></w:del>
        <w:ins><w:r><w:t>three times</w:t></w:r></w:ins>
        <w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>
        <w:r><w:instrText> PAGE </w:instrText></w:r>
        <mc:AlternateContent><mc:Choice><w:r><w:t>.</w:t></w:r></mc:Choice>
        <mc:Fallback><w:r><w:t>.</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>
        </w:body></w:document>"#;
    let walked = walk_part(xml, "word/document.xml", |_| String::new()).unwrap();
    let texts: Vec<&str> = walked
        .blocks
        .iter()
        .map(|(_, b)| match b {
            Block::Para(p) => p.text.as_str(),
            Block::Row(_) => "",
        })
        .collect();
    assert_eq!(texts, ["They met three times."]);
    assert_eq!(walked.tracked_changes, 2);
}

#[test]
fn list_instances_of_one_definition_count_on_unless_restarted() {
    let xml = br#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
        <w:abstractNum w:abstractNumId="4"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>
        <w:num w:numId="4"><w:abstractNumId w:val="4"/></w:num>
        <w:num w:numId="6"><w:abstractNumId w:val="4"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
        </w:numbering>"#;
    let mut lists = Lists::parse(xml, "word/numbering.xml").unwrap();
    let mut next = |id| lists.next_marker(id, 0).unwrap();
    assert_eq!(
        [next("4"), next("4"), next("6"), next("4")],
        ["a)", "b)", "a)", "b)"]
    );
    assert_eq!(lists.next_marker("0", 0), None);
}
