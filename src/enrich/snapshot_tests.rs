//! Snapshot tests: what `dossier tag` prints for a few fixed texts (one JSON mention per line,
//! then the topics), pinned so that any tagging change shows up as a reviewed diff
//! (`cargo insta review`).

use std::fmt::Write;

use super::tests::enricher;

/// One JSON object per mention, as in `dossier tag`'s `entities`, then the topics.
fn render(text: &str) -> String {
    let t = enricher().tag(text);
    let mut out = String::new();
    for m in &t.mentions {
        writeln!(out, "{}", serde_json::to_string(m).unwrap()).unwrap();
    }
    for topic in &t.topics {
        writeln!(out, "topic {} {}", topic.id, topic.score).unwrap();
    }
    out
}

#[test]
fn seed_article() {
    insta::assert_snapshot!(render(include_str!(
        "../../corpus/seed/000_c3bebdd9ecb442e1.txt"
    )));
}

#[test]
fn all_caps_dateline() {
    insta::assert_snapshot!(render(
        "DAMASCUS, Syria (Reuters) - Syrian government forces and their Russian allies shelled \
         rebel positions in Idlib province on Monday, the Syrian Observatory for Human Rights said. \
         Washington said it was watching closely."
    ));
}

#[test]
fn tripoli_and_benghazi() {
    insta::assert_snapshot!(render(
        "TRIPOLI (Reuters) - Forces loyal to Khalifa Haftar advanced on Tripoli on Thursday, \
         a week after taking Benghazi. The UN envoy Ghassan Salame said Libya's rival \
         governments had agreed to talks in Geneva. Haftar's spokesman denied it."
    ));
}
