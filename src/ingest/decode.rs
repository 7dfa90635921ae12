//! Bytes -> text: detects the encoding of a file (BOM, declared HTML charset, UTF-8, or the
//! Windows-1252 fallback), rejects binary and empty files and normalises line ends to `\n`.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::SkipReason;

/// How far into a file a NUL byte marks it as binary (as ripgrep does).
const BINARY_SNIFF_BYTES: usize = 8 * 1024;

/// How far into an HTML file a `<meta charset>` declaration is looked for.
const CHARSET_SNIFF_BYTES: usize = 4 * 1024;

/// Decoded file text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, with `\r\n` and `\r` turned into `\n`.
    pub text: String,
    /// Whether invalid bytes were replaced with U+FFFD.
    pub lossy: bool,
}

/// Decodes a file's bytes; `html` enables the `<meta charset>` sniff.
pub fn decode(bytes: &[u8], html: bool) -> Result<Decoded, SkipReason> {
    if bytes.is_empty() {
        return Err(SkipReason::Empty);
    }
    let (text, lossy) = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        transcode(UTF_16LE, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        transcode(UTF_16BE, rest)
    } else {
        let head = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
        if head.contains(&0) {
            return Err(SkipReason::Binary);
        }
        match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => utf8_or_legacy(rest),
            None => match declared_charset(bytes, html) {
                Some(enc) if enc != UTF_8 => transcode(enc, bytes),
                _ => utf8_or_legacy(bytes),
            },
        }
    };
    let text = normalize_newlines(text);
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    Ok(Decoded { text, lossy })
}

/// Decodes with a known encoding, reporting whether anything was replaced.
fn transcode(enc: &'static Encoding, bytes: &[u8]) -> (String, bool) {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    (text.into_owned(), had_errors)
}

/// UTF-8 when the bytes are UTF-8 (or nearly so), else Windows-1252.
///
/// Valid multi-byte sequences almost never occur by chance in Windows-1252 text, so a file that
/// has them and only a few invalid bytes is UTF-8 with damage: decoded lossily and flagged.
fn utf8_or_legacy(bytes: &[u8]) -> (String, bool) {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_owned(), false);
    }
    let mut multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    if multibyte > 0 && invalid <= multibyte.max(4) {
        (String::from_utf8_lossy(bytes).into_owned(), true)
    } else {
        transcode(WINDOWS_1252, bytes)
    }
}

/// The encoding an HTML file declares in `<meta charset=...>` or `http-equiv` content.
///
/// As in browsers, a declared UTF-16 means UTF-8 (the bytes were already found to have no BOM).
fn declared_charset(bytes: &[u8], html: bool) -> Option<&'static Encoding> {
    if !html {
        return None;
    }
    let head = &bytes[..bytes.len().min(CHARSET_SNIFF_BYTES)];
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"charset") {
        let mut i = from + pos + b"charset".len();
        from = i;
        while i < lower.len() && lower[i].is_ascii_whitespace() {
            i += 1;
        }
        if lower.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < lower.len() && matches!(lower[i], b' ' | b'\t' | b'"' | b'\'') {
            i += 1;
        }
        let start = i;
        while i < lower.len() && (lower[i].is_ascii_alphanumeric() || b"-_:.".contains(&lower[i])) {
            i += 1;
        }
        if let Some(enc) = Encoding::for_label(&lower[start..i]) {
            return Some(if enc == UTF_16LE || enc == UTF_16BE {
                UTF_8
            } else {
                enc
            });
        }
    }
    None
}

/// Position of `needle` in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Turns `\r\n` and lone `\r` into `\n`.
pub(crate) fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(bytes: &[u8]) -> Decoded {
        decode(bytes, false).expect("decodes")
    }

    #[test]
    fn utf8_plain_and_with_bom() {
        assert_eq!(ok("Café ’x’".as_bytes()).text, "Café ’x’");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("Café".as_bytes());
        let d = ok(&bom);
        assert_eq!(d.text, "Café");
        assert!(!d.lossy);
    }

    #[test]
    fn utf16_le_and_be_with_bom_are_transcoded() {
        let s = "Aleppo “siege” €";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(ok(&le).text, s);
        assert_eq!(ok(&be).text, s);
    }

    #[test]
    fn windows_1252_punctuation() {
        let bytes = b"It\x92s \x93quoted\x94 and costs \x80 5";
        let d = ok(bytes);
        assert_eq!(d.text, "It’s “quoted” and costs € 5");
        assert!(!d.lossy);
    }

    #[test]
    fn mostly_utf8_with_a_bad_byte_is_lossy() {
        let mut bytes = "Damascus — Aleppo — Homs ".as_bytes().to_vec();
        bytes.push(0xFF);
        bytes.extend_from_slice(b" end");
        let d = ok(&bytes);
        assert!(d.lossy);
        assert_eq!(d.text, "Damascus — Aleppo — Homs \u{FFFD} end");
    }

    #[test]
    fn html_declared_charset_is_honoured() {
        let bytes =
            b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xE9 \x93x\x94</body>";
        let d = decode(bytes, true).unwrap();
        assert!(d.text.contains("café “x”"), "{}", d.text);
        let eq =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">\x80";
        assert!(decode(eq, true).unwrap().text.ends_with('€'));
    }

    #[test]
    fn declared_charset_ignored_for_non_html() {
        // Valid UTF-8 stays UTF-8 even when the text mentions a charset.
        let d = ok("charset=iso-8859-1 café".as_bytes());
        assert_eq!(d.text, "charset=iso-8859-1 café");
    }

    #[test]
    fn binary_empty_and_blank() {
        assert_eq!(decode(b"abc\0def", false), Err(SkipReason::Binary));
        assert_eq!(decode(b"", false), Err(SkipReason::Empty));
        assert_eq!(decode(b" \n\t\r\n ", false), Err(SkipReason::Empty));
    }

    #[test]
    fn newlines_are_normalised() {
        assert_eq!(ok(b"a\r\nb\rc\n").text, "a\nb\nc\n");
    }
}
