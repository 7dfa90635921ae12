//! Geographic coordinates written in a text ("33°47′N 44°30′E", "33.783°N 44.500°E",
//! "59°10′25″N 18°10′05″E"): each is a place at that point, so `--near` finds the passage.
//!
//! A coordinate needs a degree sign and a hemisphere letter on both halves, latitude first;
//! minutes and seconds may follow the degrees (with primes or apostrophes and quotes).
//! Anything else ("33.783; 44.500", "N 33°") is left alone: without the signs a pair of
//! numbers is too often not a position.

/// A coordinate pair found in a text: its byte span and the point in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Coordinate {
    pub start: usize,
    pub end: usize,
    pub lat: f64,
    pub lon: f64,
}

/// Every coordinate pair in `text`, in order. Costs one search for `°` in texts without one.
pub(super) fn find(text: &str) -> Vec<Coordinate> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find('°').map(|i| i + from) {
        let start = number_start(text, i);
        match (start < i).then(|| pair(text, start)).flatten() {
            Some(c) => {
                from = c.end;
                out.push(c);
            }
            None => from = i + '°'.len_utf8(),
        }
    }
    out
}

/// Where the number that ends at byte `end` starts (digits and one decimal point), after a
/// word boundary; `end` itself when there is none.
fn number_start(text: &str, end: usize) -> usize {
    let b = text.as_bytes();
    let mut s = end;
    while s > 0 && (b[s - 1].is_ascii_digit() || b[s - 1] == b'.') {
        s -= 1;
    }
    while s < end && b[s] == b'.' {
        s += 1;
    }
    if s > 0 && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'-' || b[s - 1] == b'+') {
        return end;
    }
    s
}

/// A latitude at `start` followed by a longitude.
fn pair(text: &str, start: usize) -> Option<Coordinate> {
    let (lat, at) = half(text, start, ('N', 'S'), 90.0)?;
    let rest = &text[at..];
    let sep = rest.trim_start_matches([' ', '\u{a0}']);
    let sep = sep
        .strip_prefix([',', ';', '/'])
        .unwrap_or(sep)
        .trim_start_matches([' ', '\u{a0}']);
    let gap = rest.len() - sep.len();
    if gap > 4 {
        return None;
    }
    let (lon, end) = half(text, at + gap, ('E', 'W'), 180.0)?;
    Some(Coordinate {
        start,
        end,
        lat,
        lon,
    })
}

/// One half: degrees with `°`, optional minutes and seconds, a hemisphere letter; the signed
/// value in degrees and the byte after the letter.
fn half(text: &str, at: usize, hemispheres: (char, char), max: f64) -> Option<(f64, usize)> {
    let (deg, mut i) = number(text, at)?;
    i = text[i..].strip_prefix('°').map(|r| text.len() - r.len())?;
    let mut value = deg;
    for (marks, scale) in [(&['′', '\''][..], 60.0), (&['″', '"'][..], 3600.0)] {
        let Some((n, j)) = number(text, i) else {
            break;
        };
        let Some(rest) = text[j..].strip_prefix(marks) else {
            break;
        };
        if n >= 60.0 || deg.fract() != 0.0 {
            return None;
        }
        value += n / scale;
        i = text.len() - rest.len();
    }
    let rest = text[i..].trim_start_matches(' ');
    let mut chars = rest.chars();
    let sign = match chars.next()? {
        c if c == hemispheres.0 => 1.0,
        c if c == hemispheres.1 => -1.0,
        _ => return None,
    };
    if chars.next().is_some_and(char::is_alphanumeric) || value > max {
        return None;
    }
    Some((sign * value, text.len() - rest.len() + 1))
}

/// An unsigned decimal number at `at`: its value and the byte after it.
fn number(text: &str, at: usize) -> Option<(f64, usize)> {
    let b = text.as_bytes();
    let mut i = at;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
        i += 1;
    }
    let s = text[at..i].trim_end_matches('.');
    let v: f64 = s.parse().ok()?;
    Some((v, at + s.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(text: &str) -> Vec<(&str, f64, f64)> {
        find(text)
            .into_iter()
            .map(|c| {
                let r = |x: f64| (x * 1e4).round() / 1e4;
                (&text[c.start..c.end], r(c.lat), r(c.lon))
            })
            .collect()
    }

    #[test]
    fn written_coordinates() {
        // re3d's Wikipedia pages, in their three ways.
        assert_eq!(
            points("Coordinates: 33°47′N 44°30′E / 33.783°N 44.500°E"),
            [
                ("33°47′N 44°30′E", 33.7833, 44.5),
                ("33.783°N 44.500°E", 33.783, 44.5),
            ]
        );
        assert_eq!(
            points("at 59°10′25″N 18°10′05″E, south of Stockholm"),
            [("59°10′25″N 18°10′05″E", 59.1736, 18.1681)]
        );
        // Southern and western halves, commas, ASCII marks, spaces before the letter.
        assert_eq!(
            points("(34°36'S, 58°22'W) and 40.7128° N, 74.0060° W."),
            [
                ("34°36'S, 58°22'W", -34.6, -58.3667),
                ("40.7128° N, 74.0060° W", 40.7128, -74.006),
            ]
        );
    }

    #[test]
    fn not_coordinates() {
        for text in [
            "It was 35°C in the shade at 2°N.",
            "33.783; 44.500",
            "a 90° turn north",
            "95°N 10°E",
            "33°N 190°E",
            "33°61′N 44°30′E",
            "33.5°30′N 44°E",
            "N 33° E 44°",
            "33°North 44°East",
            "x33°N 44°E",
            "33°N 44°Ex",
            "°N °E",
        ] {
            assert_eq!(points(text), [], "{text}");
        }
    }
}
