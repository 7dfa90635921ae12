//! Corpus folder -> [`Entry`] stream: a sorted, deterministic walk that skips hidden entries,
//! excluded folders and `.dossierignore` matches, and reports symlinks, special files and
//! paths it cannot list or stat instead of failing on them. It never opens a file: whether a
//! file can be read is [`FileEntry::probe`]'s question.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::{Entry, FileEntry, SkipReason, WalkOptions, is_supported};

/// Name of the gitignore-syntax file at the corpus root that leaves paths out of the walk.
pub const IGNORE_FILE: &str = ".dossierignore";

/// Iterator over a corpus folder in file-name order; see [`super::walk`].
pub struct Walk {
    root: PathBuf,
    inner: walkdir::IntoIter,
    exclude: Vec<PathBuf>,
    ignore: Gitignore,
    follow_links: bool,
}

impl std::fmt::Debug for Walk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Walk")
            .field("root", &self.root)
            .finish_non_exhaustive()
    }
}

impl Walk {
    /// Starts a walk of `root`.
    pub fn new(root: &Path, opts: &WalkOptions) -> Walk {
        let inner = walkdir::WalkDir::new(root)
            .follow_links(opts.follow_links)
            .sort_by_file_name()
            .into_iter();
        let exclude = opts
            .exclude
            .iter()
            .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()))
            .collect();
        // A missing or partly broken ignore file must not stop the walk: use what parsed.
        let mut builder = GitignoreBuilder::new(root);
        let _ = builder.add(root.join(IGNORE_FILE));
        let ignore = builder.build().unwrap_or_else(|_| Gitignore::empty());
        Walk {
            root: root.to_path_buf(),
            inner,
            exclude,
            ignore,
            follow_links: opts.follow_links,
        }
    }

    /// Whether a folder is one of the excluded ones (compared canonicalized).
    fn is_excluded(&self, dir: &Path) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        if self.exclude.iter().any(|e| e == dir) {
            return true;
        }
        dir.canonicalize()
            .is_ok_and(|canon| self.exclude.contains(&canon))
    }

    /// The path relative to the root, `/`-separated, lossy for non-UTF-8 names.
    fn rel(&self, path: &Path) -> String {
        match path.strip_prefix(&self.root) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            // The root itself: name it by its file name.
            _ => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }

    /// Turns a walkdir error into an unreadable skip.
    fn error_entry(&self, err: walkdir::Error) -> Entry {
        let rel = err.path().map(|p| self.rel(p)).unwrap_or_default();
        let reason = if let Some(ancestor) = err.loop_ancestor() {
            format!("symbolic link loop to {}", ancestor.display())
        } else if let Some(io) = err.io_error() {
            io.to_string()
        } else {
            err.to_string()
        };
        Entry::Skip {
            rel,
            reason: SkipReason::Unreadable(reason),
        }
    }

    /// Classifies a regular file: unsupported, unreadable (cannot be stat'ed), or a
    /// [`FileEntry`].
    fn file_entry(&self, ent: &walkdir::DirEntry, rel: String) -> Entry {
        if !is_supported(ent.path()) {
            return Entry::Skip {
                rel,
                reason: SkipReason::Unsupported,
            };
        }
        let meta = match ent.metadata() {
            Ok(m) => m,
            Err(e) => return unreadable(rel, &e.to_string()),
        };
        Entry::File(FileEntry {
            abs: ent.path().to_path_buf(),
            rel,
            size: meta.len(),
            mtime_ns: mtime_ns(&meta),
            ctime_ns: ctime_ns(&meta),
        })
    }
}

impl Iterator for Walk {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        loop {
            let ent = match self.inner.next()? {
                Ok(ent) => ent,
                Err(err) => return Some(self.error_entry(err)),
            };
            let ft = ent.file_type();
            let is_dir = ft.is_dir();
            let depth = ent.depth();
            let hidden = depth > 0 && ent.file_name().as_encoded_bytes().starts_with(b".");
            let ignored = depth > 0 && self.ignore.matched(ent.path(), is_dir).is_ignore();
            if hidden || ignored || (is_dir && self.is_excluded(ent.path())) {
                if is_dir {
                    self.inner.skip_current_dir();
                }
                continue;
            }
            if is_dir {
                continue;
            }
            let rel = self.rel(ent.path());
            let entry = if ft.is_symlink() && !self.follow_links {
                Entry::Skip {
                    rel,
                    reason: SkipReason::Symlink,
                }
            } else if ft.is_file() {
                self.file_entry(&ent, rel)
            } else {
                Entry::Skip {
                    rel,
                    reason: SkipReason::Special,
                }
            };
            return Some(entry);
        }
    }
}

/// An unreadable skip with the OS reason.
fn unreadable(rel: String, reason: &str) -> Entry {
    Entry::Skip {
        rel,
        reason: SkipReason::Unreadable(reason.to_owned()),
    }
}

/// Modification time in nanoseconds since the epoch, 0 when unknown.
fn mtime_ns(meta: &std::fs::Metadata) -> i64 {
    match meta.modified().map(|t| t.duration_since(UNIX_EPOCH)) {
        Ok(Ok(d)) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
        Ok(Err(before)) => -i64::try_from(before.duration().as_nanos()).unwrap_or(i64::MAX),
        Err(_) => 0,
    }
}

/// Status-change time in nanoseconds since the epoch, 0 when unknown (not on Unix).
fn ctime_ns(meta: &std::fs::Metadata) -> i64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.ctime()
            .saturating_mul(1_000_000_000)
            .saturating_add(meta.ctime_nsec())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        0
    }
}

/// Opens a file for reading without blocking on a FIFO that has no writer.
pub(super) fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    opts.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn walk_all(root: &Path, opts: &WalkOptions) -> Vec<(String, Option<SkipReason>)> {
        Walk::new(root, opts)
            .map(|e| match e {
                Entry::File(f) => (f.rel, None),
                Entry::Skip { rel, reason } => (rel, Some(reason)),
            })
            .collect()
    }

    fn files(root: &Path, opts: &WalkOptions) -> Vec<String> {
        walk_all(root, opts)
            .into_iter()
            .filter(|(_, r)| r.is_none())
            .map(|(p, _)| p)
            .collect()
    }

    #[test]
    fn sorted_with_sizes_and_unsupported() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "b.txt", "bb");
        write(dir.path(), "a/z.md", "z");
        write(dir.path(), "a/y.HTML", "y");
        write(dir.path(), "c.pdf", "c");
        let all = walk_all(dir.path(), &WalkOptions::default());
        assert_eq!(
            all,
            vec![
                ("a/y.HTML".to_owned(), None),
                ("a/z.md".to_owned(), None),
                ("b.txt".to_owned(), None),
                ("c.pdf".to_owned(), Some(SkipReason::Unsupported)),
            ]
        );
        let b = Walk::new(dir.path(), &WalkOptions::default())
            .find_map(|e| match e {
                Entry::File(f) if f.rel == "b.txt" => Some(f),
                _ => None,
            })
            .unwrap();
        assert_eq!(b.size, 2);
        assert!(b.mtime_ns > 0);
        assert_eq!(b.abs, dir.path().join("b.txt"));
    }

    #[test]
    fn hidden_excluded_and_dossierignore() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), ".git/x.txt", "x");
        write(dir.path(), ".hidden.txt", "x");
        write(dir.path(), "index/meta.json", "{}");
        write(dir.path(), "README.md", "readme");
        write(dir.path(), "drafts/d.txt", "d");
        write(dir.path(), "keep.txt", "k");
        write(dir.path(), IGNORE_FILE, "README.md\ndrafts/\n");
        let opts = WalkOptions {
            follow_links: false,
            exclude: vec![dir.path().join("index")],
        };
        assert_eq!(
            walk_all(dir.path(), &opts),
            vec![("keep.txt".to_owned(), None)]
        );
    }

    #[cfg(unix)]
    #[test]
    fn excluded_folder_compared_canonicalized() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "corpus/idx/meta.json", "{}");
        write(dir.path(), "corpus/a.txt", "a");
        std::os::unix::fs::symlink(dir.path().join("corpus"), dir.path().join("alias")).unwrap();
        let opts = WalkOptions {
            follow_links: false,
            exclude: vec![dir.path().join("alias/idx")],
        };
        assert_eq!(files(&dir.path().join("corpus"), &opts), vec!["a.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_skipped_by_default_and_followed_on_request() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "real/a.txt", "a");
        std::os::unix::fs::symlink(dir.path().join("real/a.txt"), dir.path().join("link.txt"))
            .unwrap();
        std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("broken.txt"))
            .unwrap();
        let all = walk_all(dir.path(), &WalkOptions::default());
        assert_eq!(
            all,
            vec![
                ("broken.txt".to_owned(), Some(SkipReason::Symlink)),
                ("link.txt".to_owned(), Some(SkipReason::Symlink)),
                ("real/a.txt".to_owned(), None),
            ]
        );
        let opts = WalkOptions {
            follow_links: true,
            exclude: vec![],
        };
        let all = walk_all(dir.path(), &opts);
        assert_eq!(all[0].0, "broken.txt");
        assert!(
            matches!(all[0].1, Some(SkipReason::Unreadable(_))),
            "{all:?}"
        );
        assert_eq!(all[1], ("link.txt".to_owned(), None));
        assert_eq!(all[2], ("real/a.txt".to_owned(), None));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_with_follow_links_terminates() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a/x.txt", "x");
        std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("a/loop")).unwrap();
        let opts = WalkOptions {
            follow_links: true,
            exclude: vec![],
        };
        let all = walk_all(dir.path(), &opts);
        assert_eq!(all.len(), 2, "{all:?}");
        assert_eq!(all[0].0, "a/loop");
        assert!(matches!(&all[0].1, Some(SkipReason::Unreadable(m)) if m.contains("loop")));
        assert_eq!(all[1], ("a/x.txt".to_owned(), None));
    }

    #[cfg(unix)]
    #[test]
    fn fifo_is_special_and_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        // If the walk opened the FIFO it would block here forever.
        let all = walk_all(dir.path(), &WalkOptions::default());
        assert_eq!(
            all,
            vec![("pipe.txt".to_owned(), Some(SkipReason::Special))]
        );
        assert!(crate::ingest::read_bytes(&fifo).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_folder_is_reported_unreadable_file_fails_its_probe_and_walk_continues() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", "a");
        write(dir.path(), "locked/b.txt", "b");
        write(dir.path(), "z.txt", "z");
        fs::set_permissions(dir.path().join("a.txt"), fs::Permissions::from_mode(0o000)).unwrap();
        fs::set_permissions(dir.path().join("locked"), fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads anything: then the permission bits deny nothing and there is nothing to test.
        let denied = File::open(dir.path().join("a.txt")).is_err();
        let all: Vec<Entry> = Walk::new(dir.path(), &WalkOptions::default()).collect();
        fs::set_permissions(dir.path().join("locked"), fs::Permissions::from_mode(0o755)).unwrap();
        if !denied {
            eprintln!("running as root: permission checks skipped");
            return;
        }
        assert_eq!(all.len(), 3, "{all:?}");
        // The walk stats a.txt without opening it; its probe says why it cannot be read.
        let Entry::File(a) = &all[0] else {
            panic!("a.txt: {:?}", all[0])
        };
        assert_eq!(a.rel, "a.txt");
        assert!(a.probe().is_err_and(|m| m.contains("ermission")));
        assert!(
            matches!(&all[1], Entry::Skip { rel, reason: SkipReason::Unreadable(_) } if rel == "locked")
        );
        assert!(matches!(&all[2], Entry::File(f) if f.rel == "z.txt" && f.probe().is_ok()));
    }

    #[test]
    fn file_vanishing_mid_walk_is_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", "a");
        write(dir.path(), "b.txt", "b");
        write(dir.path(), "c.txt", "c");
        let mut walk = Walk::new(dir.path(), &WalkOptions::default());
        assert!(matches!(walk.next(), Some(Entry::File(f)) if f.rel == "a.txt"));
        // The sorted walk has listed the folder already; b.txt disappears before it is reached.
        fs::remove_file(dir.path().join("b.txt")).unwrap();
        let rest: Vec<Entry> = walk.collect();
        assert_eq!(rest.len(), 2, "{rest:?}");
        assert!(
            matches!(&rest[0], Entry::Skip { rel, reason: SkipReason::Unreadable(_) } if rel == "b.txt")
        );
        assert!(matches!(&rest[1], Entry::File(f) if f.rel == "c.txt"));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn invalid_utf8_file_name_is_yielded_lossily() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let name = std::ffi::OsStr::from_bytes(b"bad\xFFname.txt");
        fs::write(dir.path().join(name), "x").unwrap();
        let all = walk_all(dir.path(), &WalkOptions::default());
        assert_eq!(all, vec![("bad\u{FFFD}name.txt".to_owned(), None)]);
    }

    #[test]
    fn read_bytes_caps_nothing_for_small_files() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", "hello");
        let (bytes, truncated) = crate::ingest::read_bytes(&dir.path().join("a.txt")).unwrap();
        assert_eq!(bytes, b"hello");
        assert!(!truncated);
    }
}
