//! Ranking and filters: the seed passage for `actor:MAT place:al-Tanf`, alias-aware entity
//! filters, dates, `--by-article`, stats.

use crate::env::TestEnv;

#[test]
fn seed_passage_is_first_for_mat_at_al_tanf() {
    let env = TestEnv::with_seed();
    env.write(
        "other/sport.txt",
        "Cup final\n\nThe team won the cup final in extra time.\n",
    );
    env.index_ok(&[]);
    let r = env.search_json("place:al-Tanf actor:MAT", &[]);
    let first = &r["hits"][0];
    assert_eq!(first["path"], "seed/000_c3bebdd9ecb442e1.txt");
    let text = first["text"].as_str().unwrap();
    assert!(text.contains("MAT") && text.contains("al-Tanf"), "{text}");
    assert!(r["total"].as_u64().unwrap() >= 1);
    for key in [
        "rank", "score", "path", "title", "date", "passage", "start", "end", "text", "snippet",
        "actors", "places", "topics",
    ] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    assert!(
        first["actors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "Maghaweir al-Thowra")
    );
}

#[test]
fn entity_filters_are_alias_aware_and_case_insensitive() {
    let env = TestEnv::with_seed();
    env.index_ok(&[]);
    let passages = |q: &str| -> Vec<u64> {
        let mut v: Vec<u64> = env.search_json(q, &["--limit", "100"])["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["passage"].as_u64().unwrap())
            .collect();
        v.sort();
        v
    };
    let mat = passages("actor:MAT");
    assert!(!mat.is_empty());
    assert_eq!(passages("actor:\"Maghaweir al-Thowra\""), mat);
    assert_eq!(passages("actor:maghaweir"), mat);
    assert_eq!(passages("actor:mat"), mat);
    assert_eq!(passages("actor:\"Revolutionary Commando Army\""), mat);
    // A phrase never runs from one name of the entity into the next ("... al-Thowra" then
    // "MAT", "... Army" then "Jaysh ...").
    assert!(passages("actor:\"thowra mat\"").is_empty());
    assert!(passages("actor:\"army jaysh\"").is_empty());
    // "the Iranians" count as Iran the actor.
    let iran = env.search_json("actor:Iran", &["--limit", "100"]);
    let texts: Vec<&str> = iran["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("Iranian-led militia")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("the Iranians")),
        "{texts:?}"
    );
    // The flag form is the same filter.
    let flagged = env.search_json("", &["--actor", "MAT", "--limit", "100"]);
    assert_eq!(flagged["hits"].as_array().unwrap().len(), mat.len());
}

#[test]
fn dates_filter_and_by_article() {
    let env = TestEnv::new();
    env.write("a.md", "---\ntitle: Old strike\ndate: 2017-05-18\n---\nAirstrikes hit a convoy near Damascus.\n\nA second airstrike followed.\n");
    env.write("b.json", r#"{"title": "New strike", "date": "2019-01-02", "text": "Airstrikes hit a depot near Damascus."}"#);
    env.index_ok(&[]);
    assert_eq!(env.hit_paths("damascus date:2017"), vec!["a.md"]);
    assert_eq!(
        env.hit_paths("damascus date:[2018-01-01 TO 2019-12-31]"),
        vec!["b.json"]
    );
    assert_eq!(
        env.hit_paths("damascus date:[2017-05-18 TO 2017-05-18]"),
        vec!["a.md"]
    );
    assert!(
        env.hit_paths("damascus date:[2017-05-19 TO 2018-12-31]")
            .is_empty()
    );
    let from = env.search_json("airstrikes", &["--from", "2018"]);
    assert_eq!(from["hits"].as_array().unwrap().len(), 1);
    let to = env.search_json("airstrikes", &["--to", "2017-05"]);
    assert_eq!(to["hits"].as_array().unwrap().len(), 2);
    let all = env.hit_paths("airstrike");
    assert_eq!(all.len(), 3, "{all:?}");
    let by_article = env.search_json("airstrike", &["--by-article"]);
    assert_eq!(by_article["hits"].as_array().unwrap().len(), 2);
    let hit = &env.search_json("convoy", &[])["hits"][0];
    assert_eq!(hit["date"], "2017-05-18");
    assert_eq!(hit["title"], "Old strike");
}

#[test]
fn ranking_is_deterministic() {
    let env = TestEnv::new();
    for i in 0..12 {
        env.write(
            &format!("d{i:02}.txt"),
            "Same headline\n\nIdentical text about the border crossing.\n",
        );
    }
    env.index_ok(&[]);
    let first = env.cmd(&[
        "search", "crossing", "--index", "index", "--format", "json", "--limit", "5",
    ]);
    let again = env.cmd(&[
        "search", "crossing", "--index", "index", "--format", "json", "--limit", "5",
    ]);
    assert_eq!(first.stdout, again.stdout);
    let paths = env.hit_paths("crossing");
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "equal scores break ties by article id");
}

/// The index's segment count (one `.idx` file each).
fn segments(env: &TestEnv) -> usize {
    std::fs::read_dir(env.index())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "idx")
        })
        .count()
}

#[test]
fn ties_break_by_article_id_across_segments() {
    // Identical articles, and some that score higher, indexed in four runs (one segment each
    // with one thread; tantivy merges only from eight) in an order unlike the path order;
    // then the same corpus in one run.
    let env = TestEnv::new();
    let same = "Same headline\n\nIdentical text about the border crossing.\n";
    let more = "Other headline\n\nThe crossing, the crossing and the border crossing.\n";
    for batch in [[7, 2, 11], [0, 9, 4], [5, 1, 10], [3, 8, 6]] {
        for i in batch {
            let text = if i % 4 == 1 { more } else { same };
            env.write(&format!("d{i:02}.txt"), text);
            env.write(&format!("e{i:02}.txt"), same);
        }
        env.index_ok(&["--threads", "1"]);
    }
    assert!(segments(&env) >= 2, "{} segments", segments(&env));
    let run = |env: &TestEnv| -> Vec<Vec<u8>> {
        let mut outs = Vec::new();
        for q in ["crossing", "border crossing", "headline"] {
            for limit in ["1", "3", "5", "13", "100"] {
                for extra in [&[][..], &["--by-article"][..]] {
                    let mut args = vec![
                        "search", q, "--index", "index", "--format", "json", "--limit", limit,
                    ];
                    args.extend_from_slice(extra);
                    outs.push(env.cmd(&args).stdout);
                }
            }
        }
        outs
    };
    let layered = run(&env);
    let hits: serde_json::Value = serde_json::from_slice(&layered[8]).unwrap();
    let ranked: Vec<(String, String)> = hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["score"].to_string(),
                h["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(ranked.len(), 24);
    // Best score first; equal scores in article id order.
    let (top, rest) = ranked.split_at(3);
    assert!(top.iter().all(|(s, _)| *s == top[0].0) && top[0].0 != rest[0].0);
    assert!(rest.iter().all(|(s, _)| *s == rest[0].0));
    for part in [top, rest] {
        let paths: Vec<&String> = part.iter().map(|(_, p)| p).collect();
        assert!(paths.is_sorted(), "{paths:?}");
    }
    env.index_ok(&["--rebuild"]);
    assert_eq!(
        run(&env),
        layered,
        "same contents, other segments: same bytes"
    );
}

#[test]
fn an_index_from_an_older_schema_asks_for_a_rebuild() {
    let env = TestEnv::with_seed();
    env.index_ok(&[]);
    // Drop a field from the stored schema, as an index written before it existed lacks it.
    let meta_path = env.index().join("meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    meta["schema"]
        .as_array_mut()
        .unwrap()
        .retain(|f| f["name"] != "geo_cell");
    std::fs::write(&meta_path, serde_json::to_string(&meta).unwrap()).unwrap();
    for args in [
        &["search", "militia", "--index", "index"][..],
        &["index", "corpus", "--index", "index"][..],
    ] {
        let out = env.cmd(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(
            err.contains("another dossier version") && err.contains("dossier index --rebuild"),
            "{err}"
        );
    }
    env.index_ok(&["--rebuild"]);
    assert!(!env.hit_paths("militia").is_empty());
}

#[test]
fn stats_reports_counts_and_top_entities() {
    let env = TestEnv::with_seed();
    env.index_ok(&[]);
    let out = env.cmd(&["stats", "--index", "index", "--format", "json"]);
    assert!(out.status.success());
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["articles"], 1);
    assert!(s["passages"].as_u64().unwrap() >= 10);
    for key in ["first_date", "last_date", "actors", "places", "topics"] {
        assert!(s.get(key).is_some(), "missing {key}");
    }
    let actors: Vec<&str> = s["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert!(actors.contains(&"Maghaweir al-Thowra"), "{actors:?}");
    let places: Vec<&str> = s["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert!(places.iter().any(|p| p.contains("Tanf")), "{places:?}");
}

#[test]
fn user_entities_from_dossier_toml_and_entities_flag() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Report\n\nThe Zorblax Brigade shelled the village of Qaryatayn near Wadi Xemr.\n",
    );
    env.index_ok(&[]);
    assert!(env.hit_paths("actor:zorblax").is_empty());
    env.write(
        "dossier.toml",
        "[[entity]]\nname = \"Zorblax Brigade\"\naliases = [\"ZB\"]\nkind = \"organization\"\n",
    );
    let out = env.index_ok(&[]);
    assert_eq!(
        crate::env::count(&out, "files"),
        1,
        "dossier.toml is not an article: {out}"
    );
    assert_eq!(
        crate::env::count(&out, "retagged"),
        1,
        "new entities re-enrich: {out}"
    );
    assert_eq!(crate::env::count(&out, "changed"), 0, "{out}");
    assert_eq!(env.hit_paths("actor:ZB"), vec!["a.txt"]);
    assert_eq!(env.hit_paths("actor:\"zorblax brigade\""), vec!["a.txt"]);

    std::fs::write(
        env.dir.path().join("extra.toml"),
        "[[entity]]\nname = \"Wadi Xemr\"\nkind = \"place\"\nlat = 34.1\nlon = 37.2\ncountry = \"SY\"\n",
    )
    .unwrap();
    env.index_ok(&["--entities", "extra.toml"]);
    assert_eq!(env.hit_paths("place:\"wadi xemr\""), vec!["a.txt"]);
}

#[test]
fn near_keeps_passages_that_mention_a_place_within_the_radius() {
    let env = TestEnv::with_seed();
    env.write(
        "far.txt",
        "Far away\n\nTalks opened in Tripoli, Libya, and in Benghazi.\n",
    );
    env.index_ok(&[]);
    let hits = |args: &[&str]| -> Vec<serde_json::Value> {
        let mut a = vec!["--limit", "1000"];
        a.extend_from_slice(args);
        env.search_json("", &a)["hits"].as_array().unwrap().clone()
    };
    let near = hits(&["--near", "al-Tanf", "--within", "55km"]);
    assert!(!near.is_empty());
    for h in &near {
        let places: Vec<&str> = h["places"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert!(places.contains(&"al-Tanf"), "{places:?}");
    }
    // Damascus is about 240 km from al-Tanf.
    let wide = hits(&["--near", "al-Tanf", "--within", "300km"]);
    assert!(wide.len() > near.len());
    assert!(
        wide.iter()
            .any(|h| h["text"].as_str().unwrap().contains("Damascus airport"))
    );
    assert!(wide.iter().all(|h| h["path"] != "far.txt"));
    let point = hits(&["--near", "33.50,38.66", "--within", "5km"]);
    assert_eq!(point.len(), near.len());
    // Combined with a query.
    let with_query = env.search_json("airstrike", &["--near", "al-Tanf", "--within", "300km"]);
    assert!(with_query["total"].as_u64().unwrap() >= 1);
    let out = env.cmd(&[
        "search", "--near", "al-Tanf", "--within", "far", "--index", "index",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = env.cmd(&["search", "--near", "Qwxzzy Vhrmp", "--index", "index"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_written_coordinate_is_a_place_near_search_and_place_filters_find() {
    let env = TestEnv::new();
    env.write(
        "strike.txt",
        "Strike report\n\nAircraft struck a VBIED facility at 36°20′N 43°08′E on Monday.\n\n\
         Talks went on in Amman.\n",
    );
    env.index_ok(&[]);
    let texts = |args: &[&str]| -> Vec<String> {
        env.search_json("", args)["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["text"].as_str().unwrap().to_owned())
            .collect()
    };
    // Mosul is at 36.34 N, 43.12 E: about 1.3 km away.
    let near = texts(&["--near", "Mosul", "--within", "10km"]);
    assert_eq!(near.len(), 1, "{near:?}");
    assert!(near[0].contains("VBIED facility"), "{near:?}");
    assert!(texts(&["--near", "36.3,43.1", "--within", "2km"]).is_empty());
    // In Iraq, by the nearest city's country and region.
    assert_eq!(env.hit_paths("place:Iraq"), vec!["strike.txt"]);
    assert_eq!(env.hit_paths("place:Nineveh"), vec!["strike.txt"]);
}

/// Deleted passages stay in their segment until a merge: the entity table and the stats
/// must not count them, nor list an entity only they mention.
#[test]
fn entity_table_and_stats_forget_a_deleted_file() {
    let env = TestEnv::with_seed();
    env.write(
        "other.txt",
        "Talks\n\nMaghaweir al-Thowra (MAT) commanders met officials in Amman on Monday.\n",
    );
    env.index_ok(&[]);
    let table = |env: &TestEnv| -> Vec<serde_json::Value> {
        let out = env.cmd(&["entities", "--index", "index", "--format", "json"]);
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let stats = |env: &TestEnv| -> serde_json::Value {
        let out = env.cmd(&["stats", "--index", "index", "--format", "json"]);
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let mat = |rows: &[serde_json::Value]| {
        rows.iter()
            .find(|r| r["name"] == "Maghaweir al-Thowra")
            .cloned()
            .expect("MAT listed")
    };
    let before = table(&env);
    assert_eq!(mat(&before)["articles"], 2);
    let amman = before
        .iter()
        .find(|r| r["name"] == "Amman")
        .expect("Amman listed")["id"]
        .clone();
    assert_eq!(stats(&env)["articles"], 2);

    env.remove("other.txt");
    env.index_ok(&[]);
    let after = table(&env);
    assert_eq!(mat(&after)["articles"], 1);
    assert!(
        mat(&after)["mentions"].as_u64() < mat(&before)["mentions"].as_u64(),
        "{after:?}"
    );
    assert!(!after.iter().any(|r| r["id"] == amman), "{after:?}");
    assert!(
        after.iter().all(|r| r["mentions"].as_u64() > Some(0)),
        "{after:?}"
    );
    let s = stats(&env);
    assert_eq!(s["articles"], 1);
    assert!(
        !s["places"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == amman),
        "{s}"
    );
}

#[test]
fn entities_table_lists_canonical_entities_with_aliases_and_counts() {
    let env = TestEnv::with_seed();
    env.index_ok(&[]);
    let out = env.cmd(&["entities", "--index", "index", "--format", "json"]);
    assert!(out.status.success());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mat = rows
        .iter()
        .find(|r| r["name"] == "Maghaweir al-Thowra")
        .expect("MAT listed");
    let aliases: Vec<&str> = mat["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(
        aliases.contains(&"MAT") && aliases.contains(&"Maghaweir al-Thowra"),
        "{aliases:?}"
    );
    assert!(mat["mentions"].as_u64().unwrap() >= 6);
    assert_eq!(mat["articles"], 1);
    assert_eq!(mat["kind"], "organization");
    let iran = rows
        .iter()
        .find(|r| r["id"] == "country:IR")
        .expect("Iran listed");
    assert!(
        iran["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "Iranians")
    );
    let people = env.cmd(&[
        "entities", "--index", "index", "--kind", "person", "--format", "csv",
    ]);
    let text = String::from_utf8(people.stdout).unwrap();
    assert!(text.starts_with("id,name,kind,kinds,aliases,mentions,passages,articles"));
    assert!(text.contains("Johnny Walker"), "{text}");
    let tanf = env.cmd(&[
        "entities", "--index", "index", "-q", "tanf", "--format", "json",
    ]);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&tanf.stdout).unwrap();
    assert!(
        rows.iter()
            .any(|r| r["name"] == "al-Tanf" && r["kind"] == "place")
    );
}

/// The ranking (block-max pruning, the conjunction of text-or-title unions, merging across
/// segments) against brute force: every match scored by tantivy's own collector, then sorted
/// by score, article id and passage. Scores must agree to the bit and the order exactly, at
/// several limits, on an index of several segments with deleted passages and many tied scores.
/// Up to two words: with three or more, sums of the same term scores taken in another order
/// may differ in their last bit (see `search::rank`), so tantivy's collector is no reference.
#[test]
fn ranking_equals_scoring_every_match() {
    use dossier::index;
    use dossier::search::{self, Filters, SearchOptions};
    use tantivy::collector::TopDocs;
    use tantivy::schema::Value;
    use tantivy::{DocAddress, TantivyDocument};

    use crate::harness::{COMMON, article, multi_segment_index};

    let env = TestEnv::new();
    let body = |i: usize, version: u32| {
        let mut s = format!("Report {i}\n\n{}", article(i, version, 1 + i % 4));
        if i.is_multiple_of(3) {
            s.push_str("The convoy reached the border crossing at dawn.\n\n");
        }
        if i.is_multiple_of(4) {
            s.push_str("An envoy and a convoy and another convoy left.\n\n");
        }
        if i.is_multiple_of(5) {
            s.push_str("Iranian forces shelled Damascus and Homs in Syria.\n\n");
        }
        if i % 5 == 2 {
            s.push_str("The convoy reached Aleppo in Syria.\n\n");
        }
        s
    };
    multi_segment_index(&env, body);

    let opened = index::open(&env.index()).unwrap();
    let searcher = opened.searcher().unwrap();
    let f = opened.fields;
    let key = |addr: DocAddress| -> (String, u64) {
        let doc: TantivyDocument = searcher.doc(addr).unwrap();
        let path = doc
            .get_first(f.path)
            .and_then(|v| v.as_str())
            .unwrap()
            .to_string();
        let record = doc
            .get_first(f.record)
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
        let passage = doc.get_first(f.passage).and_then(|v| v.as_u64()).unwrap();
        let id = if record == 0 {
            path
        } else {
            format!("{path}#{record}")
        };
        (id, passage)
    };
    let queries = [
        COMMON.to_string(),
        "convoy".to_string(),
        format!("{COMMON} convoy"),
        "convoy envoy".to_string(),
        "convoy OR envoy".to_string(),
        "\"convoy reached\"".to_string(),
        // Entity fields: ids resolved through the name table, a place found by its country.
        "actor:Iran".to_string(),
        "place:Syria".to_string(),
        "place:Syria convoy".to_string(),
        "place:Damascus OR place:Aleppo".to_string(),
    ];
    for query in &queries {
        let q = search::query::build(&opened, query, &Filters::default())
            .unwrap()
            .query;
        let mut brute: Vec<(f32, String, u64)> = searcher
            .search(&*q, &TopDocs::with_limit(1_000_000).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(score, addr)| {
                let (id, passage) = key(addr);
                (score, id, passage)
            })
            .collect();
        brute.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| a.1.cmp(&b.1))
                .then(a.2.cmp(&b.2))
        });
        assert!(brute.len() > 10, "{query}: {} matches", brute.len());
        for limit in [Some(1), Some(3), Some(10), Some(25), None] {
            let results = search::search(
                &opened,
                &SearchOptions {
                    query: query.clone(),
                    limit,
                    ..SearchOptions::default()
                },
            )
            .unwrap();
            assert_eq!(results.total, brute.len(), "{query}");
            let ours: Vec<(u32, String, u64)> = results
                .hits()
                .map(|h| {
                    let h = h.unwrap();
                    let id = if h.record == 0 {
                        h.path
                    } else {
                        format!("{}#{}", h.path, h.record)
                    };
                    (h.score.to_bits(), id, h.passage)
                })
                .collect();
            let want: Vec<(u32, String, u64)> = brute
                .iter()
                .take(limit.unwrap_or(usize::MAX))
                .map(|(s, id, p)| (s.to_bits(), id.clone(), *p))
                .collect();
            assert_eq!(ours, want, "{query}, limit {limit:?}");
        }
    }
}
