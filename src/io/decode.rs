//! Turning a file's bytes into normalised text: encoding detection and line endings.

use encoding_rs::Encoding;

/// Decoded, normalised text and the encoding it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// WHATWG name of the encoding, e.g. `UTF-8`, `UTF-16LE`, `windows-1251`, `KOI8-R`.
    pub encoding: &'static str,
    /// How the encoding was chosen.
    pub choice: Choice,
}

/// How [`decode`] chose the encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// Named by the caller (`--encoding`).
    Forced,
    /// A byte-order mark.
    ByteOrderMark,
    /// The bytes are valid UTF-8 (plain ASCII included).
    Utf8,
    /// Statistical detection. `alternative` is a reading almost as plausible, if there is one.
    Detected { alternative: Option<&'static str> },
    /// Statistical detection named `detected`, a non-Cyrillic encoding, but clearly more words
    /// are well-formed (one script, ordinary case, no stray symbols) in a Cyrillic reading.
    CyrillicMorePlausible {
        detected: &'static str,
        /// Well-formed words and words with a non-ASCII character, in the chosen reading.
        well_formed: usize,
        words: usize,
        /// The same in the detected reading, `None` if the bytes are not valid in it.
        detected_counts: Option<(usize, usize)>,
    },
}

impl Decoded {
    /// What the person importing should know about the encoding: which one was chosen, why, and
    /// how to name another. `None` for UTF-8 (and ASCII), which need no note.
    pub fn note(&self) -> Option<String> {
        let encoding = self.encoding;
        let override_with = |examples: &[&str]| {
            let examples: Vec<&str> = examples
                .iter()
                .copied()
                .filter(|&e| e != encoding)
                .collect();
            let examples = if examples.is_empty() {
                String::new()
            } else {
                format!(" (e.g. {})", examples.join(" or "))
            };
            format!("if the text looks wrong, add it again with --encoding NAME{examples}")
        };
        let note = match &self.choice {
            Choice::Utf8 => return None,
            Choice::ByteOrderMark if encoding == "UTF-8" => return None,
            Choice::Forced => format!("decoded as {encoding}, as named with --encoding"),
            Choice::ByteOrderMark => format!(
                "decoded as {encoding} (byte-order mark); {}",
                override_with(&[])
            ),
            Choice::Detected { alternative } => {
                let examples = match alternative {
                    Some(alternative) => &[*alternative][..],
                    None => &["windows-1251", "KOI8-R", "windows-1252"][..],
                };
                format!(
                    "decoded as {encoding} (detected); {}",
                    override_with(examples)
                )
            }
            Choice::CyrillicMorePlausible {
                detected,
                well_formed,
                words,
                detected_counts,
            } => {
                let against = match detected_counts {
                    Some((ok, all)) => format!("against {ok} of {all}"),
                    None => format!("and the bytes are not valid {detected}"),
                };
                format!(
                    "decoded as {encoding} (detected: Cyrillic reading more plausible than \
                     {detected}, with {well_formed} of {words} words well-formed {against}); {}",
                    override_with(&[detected])
                )
            }
        };
        Some(note)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("unknown encoding {0:?} (use a name such as UTF-8, UTF-16LE, windows-1251, KOI8-R)")]
    UnknownEncoding(String),
    #[error("this is not text: {0}")]
    Binary(String),
    #[error(
        "the bytes are not valid {encoding} (first bad byte at offset {offset}); name the right one with --encoding"
    )]
    Invalid {
        encoding: &'static str,
        offset: usize,
    },
}

/// Share of control characters above which decoded "text" is taken for binary data.
const MAX_CONTROL_SHARE: f64 = 0.01;

/// Decode `bytes`. With `forced`, that encoding is used; otherwise a byte-order mark decides,
/// then valid UTF-8, then statistical detection among legacy encodings (for Cyrillic text:
/// windows-1251, KOI8-R, IBM866, ISO-8859-5…), checked against the Cyrillic readings of the
/// bytes. Line endings become LF, a BOM is dropped.
pub fn decode(bytes: &[u8], forced: Option<&str>) -> Result<Decoded, DecodeError> {
    let (encoding, text, choice) = match forced {
        Some(label) => {
            let encoding = Encoding::for_label(label.trim().as_bytes())
                .ok_or_else(|| DecodeError::UnknownEncoding(label.to_string()))?;
            let body = match Encoding::for_bom(bytes) {
                Some((bom_encoding, len)) if bom_encoding == encoding => &bytes[len..],
                _ => bytes,
            };
            (encoding, decode_strict(encoding, body)?, Choice::Forced)
        }
        None => match Encoding::for_bom(bytes) {
            Some((encoding, len)) => (
                encoding,
                decode_strict(encoding, &bytes[len..])?,
                Choice::ByteOrderMark,
            ),
            None => {
                refuse_binary_signatures(bytes)?;
                if let Ok(text) = std::str::from_utf8(bytes) {
                    (encoding_rs::UTF_8, text.to_string(), Choice::Utf8)
                } else {
                    detect(bytes)?
                }
            }
        },
    };
    refuse_control_characters(&text)?;
    Ok(Decoded {
        text: normalise_newlines(&text),
        encoding: encoding.name(),
        choice,
    })
}

/// Cyrillic encodings tried against a non-Cyrillic guess, the most common first, which wins a
/// tie (so KOI8-U only wins over KOI8-R with Ukrainian, Belarusian or Uzbek letters).
const CYRILLIC_CANDIDATES: [&Encoding; 5] = [
    encoding_rs::WINDOWS_1251,
    encoding_rs::KOI8_R,
    encoding_rs::KOI8_U,
    encoding_rs::IBM866,
    encoding_rs::ISO_8859_5,
];

/// How much larger the Cyrillic reading's share of well-formed words must be than the detected
/// reading's for it to be chosen instead.
const CLEARLY_MORE_WELL_FORMED: f64 = 0.25;

/// Statistical detection (chardetng), checked against the Cyrillic readings of the bytes.
///
/// On short input chardetng often names a Latin encoding (or a Greek or Hebrew one) for Cyrillic
/// text: `Да` in windows-1251 comes out as windows-1252 `Äà`. When its guess is a single-byte
/// encoding other than a Cyrillic one, each Cyrillic reading is scored with [`Plausibility`] and
/// the best is chosen instead when clearly more of its words are well-formed. A tie keeps the
/// guess: a few letters can be a Greek or Hebrew word just as well.
fn detect(bytes: &[u8]) -> Result<(&'static Encoding, String, Choice), DecodeError> {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(None, false);
    let guessed = decode_strict(guess, bytes);
    if CYRILLIC_CANDIDATES.contains(&guess) || !guess.is_single_byte() {
        let text = guessed?;
        let encoding = if guess == encoding_rs::KOI8_U
            && decode_strict(encoding_rs::KOI8_R, bytes).is_ok_and(|koi8_r| koi8_r == text)
        {
            // chardetng names the KOI8 family KOI8-U. KOI8-U differs from KOI8-R only in ten
            // letters (Ukrainian і ї є ґ, Belarusian and Uzbek ў, where KOI8-R has box drawing);
            // text that decodes identically is reported as KOI8-R, the encoding of Russian files.
            encoding_rs::KOI8_R
        } else {
            guess
        };
        return Ok((encoding, text, Choice::Detected { alternative: None }));
    }
    let guessed_plausibility = guessed.as_deref().ok().map(Plausibility::of);
    let guessed_share = guessed_plausibility.map_or(0.0, |p| p.well_formed_share());
    let mut best: Option<(&'static Encoding, Plausibility)> = None;
    for &encoding in &CYRILLIC_CANDIDATES {
        let Ok(text) = decode_strict(encoding, bytes) else {
            continue;
        };
        let plausibility = Plausibility::of(&text);
        if best.is_none_or(|(_, b)| plausibility.more_cyrillic_than(&b)) {
            best = Some((encoding, plausibility));
        }
    }
    let Some((cyrillic, plausibility)) = best else {
        return Ok((guess, guessed?, Choice::Detected { alternative: None }));
    };
    let clearly_better = plausibility.well_formed_share()
        >= guessed_share + CLEARLY_MORE_WELL_FORMED
        && guessed_plausibility.is_none_or(|g| plausibility.well_formed > g.well_formed);
    if clearly_better {
        let choice = Choice::CyrillicMorePlausible {
            detected: guess.name(),
            well_formed: plausibility.well_formed,
            words: plausibility.words,
            detected_counts: guessed_plausibility.map(|p| (p.well_formed, p.words)),
        };
        return Ok((cyrillic, decode_strict(cyrillic, bytes)?, choice));
    }
    // The note names the Cyrillic reading when it is as well-formed as the guessed one.
    let alternative = (plausibility.words > 0 && plausibility.well_formed_share() >= guessed_share)
        .then_some(cyrillic.name());
    Ok((guess, guessed?, Choice::Detected { alternative }))
}

/// How word-like one reading of the bytes is: a simple measure that a note can explain.
///
/// Only words with a non-ASCII character count (ASCII reads the same in every candidate). A word
/// is a run of letters and of non-ASCII symbols that are not ordinary punctuation, so that the
/// `¸` in `Ìîëîä¸æü` (Молодёжь read as windows-1252) stays inside the word. It is well-formed
/// when it is
/// - all letters (no symbols or control characters),
/// - of one script (Latin, Cyrillic, Greek, Hebrew…),
/// - lower-case, upper-case or capitalised (not `пРИВЕТ`, ПРИВЕТ in KOI8-R read as windows-1251),
/// - if Latin, mostly unaccented (`élevé`, not `Äàòà`, Дата in windows-1251 read as windows-1252),
/// - without a Greek or Hebrew final letter (`ς`, `ם`…) before its end, nor a combining mark
///   (an accent, a Hebrew vowel point) at its start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Plausibility {
    words: usize,
    well_formed: usize,
    /// Cyrillic letters, and how many of them are among the ten most common in Russian.
    cyrillic_letters: usize,
    common_cyrillic_letters: usize,
}

/// The ten most common letters of Russian, two thirds of its letters (and common in the other
/// Cyrillic-script languages): between Cyrillic readings that are equally well-formed, the one
/// with more of them is taken.
const COMMON_CYRILLIC: [char; 10] = ['о', 'е', 'а', 'и', 'н', 'т', 'с', 'р', 'в', 'л'];

/// Greek and Hebrew letters that may only end a word.
const FINAL_FORMS: &str = "ςךםןףץ";

/// Non-ASCII characters that may stand next to a word without being part of it.
const ORDINARY_PUNCTUATION: &str = "«»‹›„“”‘’‚–—‒―…•·°№§¶€£¥¢©®™¡¿‰†‡′″";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Greek,
    Hebrew,
    Arabic,
    /// By Unicode block of 256 code points.
    Other(u32),
}

fn script(c: char) -> Script {
    match c {
        'a'..='z' | 'A'..='Z' | 'ª' | 'º' | '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => {
            Script::Latin
        }
        '\u{400}'..='\u{52f}' => Script::Cyrillic,
        '\u{370}'..='\u{3ff}' | '\u{1f00}'..='\u{1fff}' => Script::Greek,
        '\u{590}'..='\u{5ff}' | '\u{fb1d}'..='\u{fb4f}' => Script::Hebrew,
        '\u{600}'..='\u{6ff}' | '\u{fb50}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}' => Script::Arabic,
        _ => Script::Other(c as u32 >> 8),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || (!c.is_ascii() && !c.is_whitespace() && !ORDINARY_PUNCTUATION.contains(c))
}

impl Plausibility {
    fn of(text: &str) -> Plausibility {
        let mut p = Plausibility::default();
        for word in text
            .split(|c: char| !is_word_char(c))
            .filter(|w| !w.is_ascii())
        {
            p.words += 1;
            if is_well_formed(word) {
                p.well_formed += 1;
            }
        }
        for c in text.chars().filter(|&c| script(c) == Script::Cyrillic) {
            p.cyrillic_letters += 1;
            if c.to_lowercase().any(|l| COMMON_CYRILLIC.contains(&l)) {
                p.common_cyrillic_letters += 1;
            }
        }
        p
    }

    /// 1 when no word has a non-ASCII character: nothing looks wrong.
    fn well_formed_share(&self) -> f64 {
        if self.words == 0 {
            1.0
        } else {
            self.well_formed as f64 / self.words as f64
        }
    }

    fn common_letter_share(&self) -> f64 {
        self.common_cyrillic_letters as f64 / self.cyrillic_letters.max(1) as f64
    }

    /// Ranking of Cyrillic readings: more well-formed words, then more common letters.
    fn more_cyrillic_than(&self, other: &Plausibility) -> bool {
        let (mine, theirs) = (self.well_formed_share(), other.well_formed_share());
        if mine != theirs {
            return mine > theirs;
        }
        self.common_letter_share() > other.common_letter_share()
    }
}

/// Combining accents and vowel points: Latin, Greek and Cyrillic (decomposed text, Vietnamese),
/// Hebrew, Arabic.
fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{300}'..='\u{36f}'
            | '\u{591}'..='\u{5bd}'
            | '\u{5bf}'..='\u{5c7}'
            | '\u{610}'..='\u{61a}'
            | '\u{64b}'..='\u{65f}'
            | '\u{670}'
    )
}

fn is_well_formed(word: &str) -> bool {
    // A mark belongs to the letter before it, so it cannot start a word (a capital in
    // windows-1251 is a Hebrew vowel point in windows-1255).
    if word.starts_with(is_combining_mark) {
        return false;
    }
    let letters: Vec<char> = word.chars().filter(|&c| !is_combining_mark(c)).collect();
    let mut first_script = None;
    let (mut lower, mut upper_after_first) = (false, false);
    let (mut ascii, mut accented) = (0usize, 0usize);
    for (i, &c) in letters.iter().enumerate() {
        if !c.is_alphabetic() || (i + 1 < letters.len() && FINAL_FORMS.contains(c)) {
            return false;
        }
        let script = script(c);
        if *first_script.get_or_insert(script) != script {
            return false;
        }
        lower |= c.is_lowercase();
        upper_after_first |= i > 0 && c.is_uppercase();
        if script == Script::Latin {
            if c.is_ascii() {
                ascii += 1;
            } else {
                accented += 1;
            }
        }
    }
    !(lower && upper_after_first) && accented <= 2 * ascii + 1
}

fn decode_strict(encoding: &'static Encoding, body: &[u8]) -> Result<String, DecodeError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(body.len())
            .unwrap_or(body.len() * 3),
    );
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut out, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(out),
        encoding_rs::DecoderResult::Malformed(bad, _) => Err(DecodeError::Invalid {
            encoding: encoding.name(),
            offset: read.saturating_sub(bad as usize),
        }),
        encoding_rs::DecoderResult::OutputFull => {
            unreachable!("the buffer was sized for the whole input")
        }
    }
}

/// Formats people try to add that are not text, named so that the message can help.
fn refuse_binary_signatures(bytes: &[u8]) -> Result<(), DecodeError> {
    let named = [
        (
            &b"%PDF"[..],
            "a PDF file: extract its text first (e.g. pdftotext) and add the .txt",
        ),
        (
            &b"PK\x03\x04"[..],
            "a ZIP archive (perhaps .docx or .odt): save it as plain text first",
        ),
        (
            &b"\xD0\xCF\x11\xE0"[..],
            "an old Microsoft Office file: save it as plain text first",
        ),
        (&b"\x89PNG"[..], "a PNG image"),
        (&b"\xFF\xD8\xFF"[..], "a JPEG image"),
    ];
    for (magic, what) in named {
        if bytes.starts_with(magic) {
            return Err(DecodeError::Binary(what.to_string()));
        }
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary(format!(
            "it contains a NUL byte at offset {at} (a binary file, or UTF-16 without a byte-order mark: then name it with --encoding UTF-16LE or UTF-16BE)"
        )));
    }
    Ok(())
}

fn refuse_control_characters(text: &str) -> Result<(), DecodeError> {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            control += 1;
        }
    }
    if total > 0 && control as f64 / total as f64 > MAX_CONTROL_SHARE {
        return Err(DecodeError::Binary(format!(
            "{control} of its {total} characters are control characters"
        )));
    }
    Ok(())
}

/// CRLF and lone CR become LF; a stray BOM character at the start is dropped.
pub fn normalise_newlines(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode("Привет\r\nмир\r".as_bytes(), None).unwrap();
        assert_eq!(plain.text, "Привет\nмир\n");
        assert_eq!(plain.encoding, "UTF-8");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("Қазақстан".as_bytes());
        assert_eq!(decode(&bom, None).unwrap().text, "Қазақстан");
    }

    #[test]
    fn utf16_with_bom() {
        let text = "Рекрутинг\r\nonline";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let d = decode(&le, None).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("Рекрутинг\nonline", "UTF-16LE")
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be, None).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn cyrillic_legacy_encodings_are_detected() {
        let text = "Радикализация молодежи в Центральной Азии: причины и последствия. \
                    Вербовка происходит через социальные сети и среди трудовых мигрантов.\n";
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        let d = decode(&cp1251, None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "windows-1251"));
        let (koi8, _, _) = encoding_rs::KOI8_R.encode(text);
        let d = decode(&koi8, None).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "KOI8-R");
    }

    #[test]
    fn koi8_u_is_kept_for_the_letters_koi8_r_lacks() {
        // encoding_rs's KOI8-U (WHATWG) has Ukrainian і ї є ґ and Belarusian/Uzbek ў where KOI8-R
        // has box drawing; with any of them the text must stay KOI8-U.
        for text in [
            "Ўзбекистон ёшлари Россияга ишлаш учун кетишади, чунки бу ерда иш жуда оз.\n",
            "Молодь з України їде на заробітки до Польщі та Чехії, бо вдома роботи немає.\n",
        ] {
            let (koi8_u, _, bad) = encoding_rs::KOI8_U.encode(text);
            assert!(!bad);
            let d = decode(&koi8_u, None).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (text, "KOI8-U"));
        }
    }

    /// Decodes each text encoded in `encoding` without naming it; returns how the wrong ones came
    /// out.
    fn misread(encoding: &'static Encoding, texts: &[&str]) -> Vec<String> {
        let mut wrong = Vec::new();
        for &text in texts {
            let (bytes, _, unmappable) = encoding.encode(text);
            assert!(!unmappable, "{text:?} is not all {}", encoding.name());
            match decode(&bytes, None) {
                Ok(d) if d.text == text && d.encoding == encoding.name() => {}
                Ok(d) => wrong.push(format!("{text:?} came out as {} {:?}", d.encoding, d.text)),
                Err(e) => wrong.push(format!("{text:?}: {e}")),
            }
        }
        wrong
    }

    #[test]
    fn short_windows_1251_text_is_read_as_cyrillic() {
        // A word to a couple of lines: chardetng alone takes most of these for windows-1252,
        // windows-1254 or windows-1255 (Hebrew).
        let texts = [
            "Чай или кофе?",
            "ФИО: Иванов И.И.",
            "Дата: 12.03.2019",
            "Отец болеет.",
            "Ну да.",
            "Иди домой.",
            "Бишкек, май 2019.",
            "Иш жок.",           // Kyrgyz: there is no work
            "Жок, билбейм.",     // Kyrgyz: no, I don't know
            "Ассалому алайкум!", // Uzbek: hello
            "Молодёжь уезжает на заработки в Россию.\nВ селе остались старики.",
        ];
        let wrong = misread(encoding_rs::WINDOWS_1251, &texts);
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn short_koi8_r_text_is_read_as_cyrillic() {
        let texts = [
            "Жди меня.",
            "Ты где?",
            "Где ты был?",
            "Где он?",
            "ЧТО ДЕЛАТЬ?",
            "Всё.",
            "Иш жок.", // Kyrgyz: there is no work
            "Молодёжь уезжает на заработки в Россию.\nВ селе остались старики.",
        ];
        let wrong = misread(encoding_rs::KOI8_R, &texts);
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn latin_greek_and_hebrew_text_keeps_its_encoding() {
        let latin = [
            "Le café est très élevé à Genève",
            "Ça va ? Où est-il ? L’été dernier, à Zürich.",
            "Die Größe der Straße überrascht.",
            "El niño comió una manzana. ¿Qué pasó?",
            "São Paulo é a maior cidade do Brasil.",
            "Prix : 5 € – à emporter",
            "ÉCOLE NORMALE SUPÉRIEURE",
            "été",
        ];
        let wrong = misread(encoding_rs::WINDOWS_1252, &latin);
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        let others = [
            (
                encoding_rs::WINDOWS_1250,
                "Příliš žluťoučký kůň úpěl ďábelské ódy.",
            ),
            (encoding_rs::WINDOWS_1250, "Zażółć gęślą jaźń"),
            (
                encoding_rs::WINDOWS_1254,
                "Türkiye'nin başkenti Ankara'dır.",
            ),
            (
                encoding_rs::WINDOWS_1253,
                "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.",
            ),
            (encoding_rs::WINDOWS_1253, "το σπίτι μας"),
            (encoding_rs::WINDOWS_1255, "שלום עולם, מה שלומך היום?"),
            (encoding_rs::WINDOWS_1255, "הילדים הולכים לבית הספר"),
            (encoding_rs::WINDOWS_1256, "مرحبا بالعالم، كيف حالك اليوم؟"),
        ];
        for (encoding, text) in others {
            let wrong = misread(encoding, &[text]);
            assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        }
    }

    #[test]
    fn forced_encoding_and_errors() {
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode("Ташкент");
        assert_eq!(decode(&cp1251, Some("cp1251")).unwrap().text, "Ташкент");
        assert!(matches!(
            decode(b"x", Some("klingon")),
            Err(DecodeError::UnknownEncoding(_))
        ));
        assert!(matches!(
            decode(b"%PDF-1.7 ...", None),
            Err(DecodeError::Binary(_))
        ));
        assert!(matches!(
            decode(b"ab\0cd", None),
            Err(DecodeError::Binary(_))
        ));
        assert!(matches!(
            decode(&[0x66, 0xFF, 0xFE], Some("UTF-8")),
            Err(DecodeError::Invalid { .. })
        ));
    }
}
