//! CSV export: RFC 4180 via the csv crate, one header row then one row per hit, with a guard
//! against spreadsheet formula injection.

use std::io::Write;

use super::{COLUMNS, ExportOptions, Row};
use crate::error::{Error, Result};
use crate::search::Hit;

/// Writes hits as CSV; returns the number of rows.
pub fn write(
    hits: impl Iterator<Item = Result<Hit>>,
    out: &mut dyn Write,
    opts: ExportOptions,
) -> Result<usize> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS).map_err(csv_error)?;
    let mut n = 0;
    for hit in hits {
        let hit = hit?;
        let row = Row::of(&hit);
        let guard = |s: String| {
            if opts.csv_formula_guard {
                guard_formula(s)
            } else {
                s
            }
        };
        let record = [
            row.rank.to_string(),
            row.score.to_string(),
            guard(row.path),
            guard(row.title.to_string()),
            row.date.unwrap_or_default().to_string(),
            row.passage.to_string(),
            row.start.to_string(),
            row.end.to_string(),
            guard(row.text.to_string()),
            guard(row.snippet),
            guard(row.actors.join("; ")),
            guard(row.places.join("; ")),
            guard(row.topics.join("; ")),
        ];
        w.write_record(&record).map_err(csv_error)?;
        n += 1;
    }
    w.flush().map_err(Error::Write)?;
    Ok(n)
}

/// Prefixes a cell that a spreadsheet would run as a formula with `'`.
pub fn guard_formula(s: String) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s
    }
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::Write(io),
        other => Error::Write(std::io::Error::other(format!("{other:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::guard_formula;

    #[test]
    fn formula_cells_are_guarded() {
        for bad in ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(guard_formula(bad.into()), format!("'{bad}"));
        }
        assert_eq!(guard_formula("plain".into()), "plain");
        assert_eq!(guard_formula(String::new()), "");
    }
}
