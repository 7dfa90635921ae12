//! A full disk: the index lives on a small tmpfs (mounted by the test when it runs as root;
//! skipped with a note otherwise). A run that fills it exits non-zero with the OS reason on one
//! line, the index still opens at its previous commit, and the next run with space completes.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::env::TestEnv;
use crate::harness::{COMMON, article, contents, run, stderr};

/// A tmpfs mounted for the life of the value.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }

    /// Free bytes on the file system.
    fn free(&self) -> u64 {
        let c = std::ffi::CString::new(self.0.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: statvfs fills the struct we pass for a NUL-terminated path.
        let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::statvfs(c.as_ptr(), &mut s) }, 0);
        s.f_bavail as u64 * s.f_frsize as u64
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn write_articles(env: &TestEnv, from: usize, to: usize) {
    for i in from..to {
        env.write(
            &format!("a/{i:05}.txt"),
            &format!("Report {i}\n\n{}", article(i, 0, 3)),
        );
    }
}

#[test]
fn disk_full_fails_cleanly_and_the_next_run_completes() {
    let env = TestEnv::new();
    let Some(fs) = Tmpfs::mount(&env.dir.path().join("small"), "24m") else {
        eprintln!("note: cannot mount a tmpfs here (not root?); disk-full test skipped");
        return;
    };
    let index = fs.0.join("index");
    let index_s = index.to_str().unwrap();
    write_articles(&env, 0, 100);
    let args = [
        "index",
        "corpus",
        "--index",
        index_s,
        "--quiet",
        "--no-enrich",
    ];
    let out = run(&env, &args, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = contents(&env, index_s);
    assert_eq!(before.len(), 100);

    // Leave a little room only, then add far more than fits.
    write_articles(&env, 100, 6000);
    let filler = fs.0.join("filler");
    let room = 256 * 1024;
    let f = std::fs::File::create(&filler).unwrap();
    // A real allocation, not a sparse file: tmpfs counts written pages.
    let chunk = vec![b'x'; 1 << 20];
    let mut left = fs.free().saturating_sub(room);
    use std::io::Write;
    let mut w = std::io::BufWriter::new(f);
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        w.write_all(&chunk[..n]).unwrap();
        left -= n as u64;
    }
    w.flush().unwrap();
    drop(w);

    let out = run(&env, &args, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("No space left on device") || err.contains("os error 28"),
        "{err}"
    );

    // The index opens at the previous commit.
    let out = env.cmd(&["verify", "--index", index_s]);
    assert_eq!(out.status.code(), Some(0), "verify: {}", stderr(&out));
    assert!(contents(&env, index_s) == before, "not the previous commit");

    // With space again, the next run completes.
    std::fs::remove_file(&filler).unwrap();
    let out = run(&env, &args, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = contents(&env, index_s);
    assert_eq!(after.len(), 6000);
    assert!(
        after
            .values()
            .all(|p| p.len() == 3 && p[0].1.contains(COMMON))
    );
    let out = env.cmd(&["verify", "--index", index_s]);
    assert_eq!(out.status.code(), Some(0), "verify: {}", stderr(&out));
}
