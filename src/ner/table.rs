//! A small open-addressing hash map keyed by already-hashed u64 keys, with values stored inline
//! next to their key so that a lookup costs about one cache miss.

/// Keys are hashes already; 0 marks an empty slot, so a real 0 key is remapped.
#[inline]
fn fix(k: u64) -> u64 {
    if k == 0 { 0x9e37_79b9_7f4a_7c15 } else { k }
}

/// A map from hashed u64 keys to small copyable values.
#[derive(Debug, Clone)]
pub(crate) struct U64Map<V: Copy + Default> {
    slots: Vec<(u64, V)>,
    mask: usize,
    len: usize,
}

impl<V: Copy + Default> Default for U64Map<V> {
    fn default() -> Self {
        U64Map::with_capacity(0)
    }
}

impl<V: Copy + Default> U64Map<V> {
    /// An empty map that holds `n` entries without growing.
    pub(crate) fn with_capacity(n: usize) -> Self {
        let cap = (n * 2).next_power_of_two().max(16);
        U64Map {
            slots: vec![(0, V::default()); cap],
            mask: cap - 1,
            len: 0,
        }
    }

    /// Inserts or replaces a value.
    pub(crate) fn insert(&mut self, k: u64, v: V) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let k = fix(k);
        let mut i = (k as usize) & self.mask;
        loop {
            let s = &mut self.slots[i];
            if s.0 == k {
                s.1 = v;
                return;
            }
            if s.0 == 0 {
                *s = (k, v);
                self.len += 1;
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        *self = U64Map::with_capacity(old.len());
        for (k, v) in old {
            if k != 0 {
                self.insert(k, v);
            }
        }
    }

    /// The value of a key.
    #[inline]
    pub(crate) fn get(&self, k: u64) -> Option<&V> {
        let k = fix(k);
        let mut i = (k as usize) & self.mask;
        loop {
            let s = &self.slots[i];
            if s.0 == k {
                return Some(&s.1);
            }
            if s.0 == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Hints the CPU to load the slot where a lookup of `k` starts (no effect on results).
    #[inline]
    pub(crate) fn prefetch(&self, k: u64) {
        let i = (fix(k) as usize) & self.mask;
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `i` is masked into the slot vector's bounds, and a prefetch never faults.
        unsafe {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            _mm_prefetch::<_MM_HINT_T0>(self.slots.as_ptr().add(i) as *const i8);
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = i;
    }

    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Whether the map is empty.
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// All entries, in slot order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, &V)> {
        self.slots.iter().filter(|s| s.0 != 0).map(|s| (s.0, &s.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_get_grow() {
        let mut m: U64Map<u32> = U64Map::with_capacity(1);
        for k in 0..1000u64 {
            m.insert((k + 2).wrapping_mul(0x9e37_79b9_7f4a_7c15), k as u32);
        }
        assert_eq!(m.len(), 1000);
        for k in 0..1000u64 {
            assert_eq!(
                m.get((k + 2).wrapping_mul(0x9e37_79b9_7f4a_7c15)),
                Some(&(k as u32))
            );
        }
        assert_eq!(m.get(12345), None);
    }
}
