//! The model file format: compact, little-endian, versioned.
//!
//! ```text
//! "DNER" u32:version u32:labels f32:scale
//! u32:n  n × (u32:key  u16:nonzero-label-mask  i16 × popcount(mask))   feature rows, sorted by key
//!                     (the mask is a u32 when there are more than 16 labels)
//! u32:max_len u32:n  n × (u32:key u8:types)                            gazetteer, sorted by key
//! u32:n  n × (u32:word-key u32:cluster)                                word clusters, sorted by key
//! u8:has-second-pass, then (if 1) u32:n and rows as above               second-pass weights
//! ```

use super::gazetteer::Gazetteer;
use super::table::U64Map;
use super::{Model, NL};
use crate::error::{Error, Result};

const MAGIC: &[u8; 4] = b"DNER";
const VERSION: u32 = 3;

pub(crate) fn write(m: &Model) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(NL as u32).to_le_bytes());
    out.extend_from_slice(&m.scale.to_le_bytes());
    write_rows(&mut out, &m.weights);
    let gaz = m.gaz.entries();
    out.extend_from_slice(&(m.gaz.max_len() as u32).to_le_bytes());
    out.extend_from_slice(&(gaz.len() as u32).to_le_bytes());
    for (k, t) in gaz {
        out.extend_from_slice(&((k >> 32) as u32).to_le_bytes());
        out.push(t);
    }
    let mut cl: Vec<(u64, u32)> = m.clusters.iter().map(|(k, &v)| (k, v)).collect();
    cl.sort_unstable();
    out.extend_from_slice(&(cl.len() as u32).to_le_bytes());
    for (k, c) in cl {
        out.extend_from_slice(&(k as u32).to_le_bytes());
        out.extend_from_slice(&c.to_le_bytes());
    }
    match &m.second {
        Some(w) => {
            out.push(1);
            write_rows(&mut out, w);
        }
        None => out.push(0),
    }
    out
}

fn write_rows(out: &mut Vec<u8>, weights: &U64Map<[i16; NL]>) {
    let mut rows: Vec<(u64, &[i16; NL])> = weights.iter().collect();
    rows.sort_unstable_by_key(|r| r.0);
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    for (k, row) in rows {
        out.extend_from_slice(&(k as u32).to_le_bytes());
        let mut mask = 0u32;
        for (l, &w) in row.iter().enumerate() {
            if w != 0 {
                mask |= 1 << l;
            }
        }
        if NL <= 16 {
            out.extend_from_slice(&(mask as u16).to_le_bytes());
        } else {
            out.extend_from_slice(&mask.to_le_bytes());
        }
        for &w in row.iter().filter(|&&w| w != 0) {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }
}

fn read_rows(r: &mut Reader) -> Result<U64Map<[i16; NL]>> {
    let n = r.u32()? as usize;
    let mut weights = U64Map::with_capacity(n);
    for _ in 0..n {
        let k = r.u32()? as u64;
        let mask = if NL <= 16 { r.u16()? as u32 } else { r.u32()? };
        let mut row = [0i16; NL];
        for (l, w) in row.iter_mut().enumerate() {
            if mask & (1 << l) != 0 {
                *w = r.u16()? as i16;
            }
        }
        weights.insert(k, row);
    }
    Ok(weights)
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8]> {
        if self.pos + n > self.b.len() {
            return Err(bad("truncated"));
        }
        let s = &self.b[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or([0; 4]),
        ))
    }
    fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().unwrap_or([0; 2]),
        ))
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
}

fn bad(why: &str) -> Error {
    Error::Parse {
        path: "<ner model>".into(),
        message: format!("not a valid NER model: {why}"),
    }
}

pub(crate) fn read(bytes: &[u8]) -> Result<Model> {
    let mut r = Reader { b: bytes, pos: 0 };
    if r.take(4)? != MAGIC {
        return Err(bad("bad magic"));
    }
    if r.u32()? != VERSION {
        return Err(bad("unsupported version"));
    }
    if r.u32()? as usize != NL {
        return Err(bad("unexpected label count"));
    }
    let scale = f32::from_bits(r.u32()?);
    let weights = read_rows(&mut r)?;
    let max_len = r.u32()? as usize;
    let n = r.u32()? as usize;
    let mut entries = Vec::with_capacity(n);
    for _ in 0..n {
        let k = (r.u32()? as u64) << 32;
        entries.push((k, r.u8()?));
    }
    let gaz = Gazetteer::from_entries(entries, max_len);
    let n = r.u32()? as usize;
    let mut clusters = U64Map::with_capacity(n);
    for _ in 0..n {
        let k = r.u32()? as u64;
        clusters.insert(k, r.u32()?);
    }
    let second = match r.u8()? {
        0 => None,
        _ => Some(read_rows(&mut r)?),
    };
    if r.pos != bytes.len() {
        return Err(bad("trailing bytes"));
    }
    Ok(Model {
        weights,
        scale,
        gaz,
        clusters,
        second,
        id: super::cache::ModelId::new(),
    })
}
