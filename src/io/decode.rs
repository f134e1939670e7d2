//! Turning a file's bytes into normalised text: encoding detection and line endings.

use encoding_rs::Encoding;

/// Decoded, normalised text and the encoding it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// WHATWG name of the encoding, e.g. `UTF-8`, `UTF-16LE`, `windows-1251`, `KOI8-R`.
    pub encoding: &'static str,
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
/// windows-1251, KOI8-R, IBM866, ISO-8859-5…). Line endings become LF, a BOM is dropped.
pub fn decode(bytes: &[u8], forced: Option<&str>) -> Result<Decoded, DecodeError> {
    let (encoding, body) = match forced {
        Some(label) => {
            let encoding = Encoding::for_label(label.trim().as_bytes())
                .ok_or_else(|| DecodeError::UnknownEncoding(label.to_string()))?;
            let body = match Encoding::for_bom(bytes) {
                Some((bom_encoding, len)) if bom_encoding == encoding => &bytes[len..],
                _ => bytes,
            };
            (encoding, body)
        }
        None => match Encoding::for_bom(bytes) {
            Some((encoding, len)) => (encoding, &bytes[len..]),
            None => {
                refuse_binary_signatures(bytes)?;
                if std::str::from_utf8(bytes).is_ok() {
                    (encoding_rs::UTF_8, bytes)
                } else {
                    let mut detector = chardetng::EncodingDetector::new();
                    detector.feed(bytes, true);
                    (detector.guess(None, false), bytes)
                }
            }
        },
    };
    let text = decode_strict(encoding, body)?;
    let mut encoding = encoding;
    if forced.is_none()
        && encoding == encoding_rs::KOI8_U
        && decode_strict(encoding_rs::KOI8_R, body).is_ok_and(|koi8_r| koi8_r == text)
    {
        // chardetng names the KOI8 family KOI8-U. KOI8-U differs from KOI8-R only in ten
        // letters (Ukrainian і ї є ґ, Belarusian and Uzbek ў, where KOI8-R has box drawing);
        // text that decodes identically is reported as KOI8-R, the encoding of Russian files.
        encoding = encoding_rs::KOI8_R;
    }
    refuse_control_characters(&text)?;
    Ok(Decoded {
        text: normalise_newlines(&text),
        encoding: encoding.name(),
    })
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
