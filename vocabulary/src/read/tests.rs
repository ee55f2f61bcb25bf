//! `words`, and the brace-language reader: each syntax's comments and quotes, places in characters, every error at its
//! place, and the tree written back reads as the same tree.

use proptest::prelude::*;

use super::{MAX_DEPTH, Statement, Syntax, Word};

#[test]
fn words_have_their_columns_in_characters() {
    assert_eq!(
        super::words("  auto\teth0  é x"),
        [(3, "auto"), (8, "eth0"), (14, "é"), (16, "x")]
    );
    assert!(super::words(" \t ").is_empty());
}

/// dhcpd.conf's syntax: `#` comments, even inside a word; `"` quotes.
const HASH: Syntax = Syntax::new("declaration").comments_end_words();
/// nginx's: `#` comments where a word could start; `"` and `'` quotes.
const TWO_QUOTES: Syntax = Syntax::new("directive").quotes(&['"', '\'']);
/// named.conf's: `#`, `//` and `/* */` comments, empty statements, `};`, blocks standing alone.
const SLASHES: Syntax = Syntax::new("statement")
    .line_comments(&["#", "//"])
    .block_comment("/*", "*/")
    .empty_statements()
    .semicolon_after_blocks()
    .anonymous_blocks();
const ALL: [Syntax; 3] = [HASH, TWO_QUOTES, SLASHES];

/// The tree as text without places: words (quoted ones in `<>`), blocks in braces.
fn shape(statements: &[Statement]) -> String {
    statements
        .iter()
        .map(|s| {
            let words: Vec<String> = s
                .words()
                .iter()
                .map(|w| match w.quoted {
                    true => format!("<{}>", w.text),
                    false => w.text.clone(),
                })
                .collect();
            match s.block() {
                Some(block) => format!("{} {{{}}}", words.join(" "), shape(block)),
                None => format!("{};", words.join(" ")),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn places(statements: &[Statement]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for s in statements {
        out.extend(s.words().iter().map(|w| (w.line, w.col, w.text.clone())));
        out.extend(places(s.block().unwrap_or_default()));
    }
    out
}

fn read(syntax: Syntax, text: &str) -> String {
    match syntax.read(text) {
        Ok(tree) => shape(&tree),
        Err(e) => format!("error {e}"),
    }
}

#[test]
fn hash_comments_end_words_where_the_syntax_says() {
    let text = "a#b c;\nd; # e;\n";
    assert_eq!(read(HASH, text), "a d;");
    assert_eq!(
        read(HASH, "a#b c;\nd # e;\n"),
        "error 1:1: `;` missing at the end"
    );
    assert_eq!(read(HASH, "a#b\n;"), "a;");
    assert_eq!(read(TWO_QUOTES, text), "a#b c; d;");
    assert_eq!(read(SLASHES, text), "a#b c; d;");
    assert_eq!(read(HASH, "\"a#b\"; # x\n"), "<a#b>;");
}

#[test]
fn slash_and_block_comments() {
    let text = "a // b;\n/* c; { */ d/*e; f//g;\n/* one\n two */ h; # i\n";
    assert_eq!(read(SLASHES, text), "a d/*e; f//g; h;");
    assert_eq!(read(SLASHES, "a; /* b */ c /**/ d;"), "a; c d;");
    // `/*/` opens a comment and does not close it.
    assert_eq!(
        read(SLASHES, "a;\n  x /*/ b;\n"),
        "error 2:5: `/*` never closed"
    );
    // `*/` split by a line break does not close a comment.
    assert_eq!(
        read(SLASHES, "/* a *\n/ b;"),
        "error 1:1: `/*` never closed"
    );
    // Where the syntax has no such comment, the marks are words.
    assert_eq!(read(HASH, "a // b /* c;"), "a // b /* c;");
}

#[test]
fn quotes_end_words_and_hold_marks() {
    assert_eq!(read(HASH, "a\"b c\"d;"), "a <b c> d;");
    assert_eq!(read(HASH, "a 'b c';"), "a 'b c';");
    assert_eq!(
        read(TWO_QUOTES, "a 'b \" {c};' \"'\";"),
        "a <b \" {c};> <'>;"
    );
    assert_eq!(read(SLASHES, "a \"/* b // c # d\";"), "a </* b // c # d>;");
    assert_eq!(read(HASH, "a \"\";"), "a <>;");
    // A quoted mark is a word, not a mark.
    assert_eq!(read(HASH, "a \"{\" \";\" \"}\";"), "a <{> <;> <}>;");
    for syntax in ALL {
        assert_eq!(
            read(syntax, "a;\n b \"c\nd\";"),
            "error 2:4: a quoted string not closed on its line"
        );
    }
    assert_eq!(
        read(TWO_QUOTES, "a 'b\";"),
        "error 1:3: a quoted string not closed on its line"
    );
}

#[test]
fn columns_count_characters() {
    let tree = TWO_QUOTES.read("é→ 'ü' {\n\tñ x;}\n").unwrap();
    assert_eq!(
        places(&tree),
        [
            (1, 1, "é→".to_owned()),
            (1, 4, "ü".to_owned()),
            (2, 2, "ñ".to_owned()),
            (2, 4, "x".to_owned()),
        ]
    );
    let e = SLASHES.read("ü /* é\n").unwrap_err();
    assert_eq!((e.line, e.col), (1, 3));
    let e = HASH.read("ü { é \"ñ\n").unwrap_err();
    assert_eq!((e.line, e.col), (1, 7));
}

#[test]
fn braces_and_semicolons_fault_at_their_place() {
    let cases: [(Syntax, &str, &str); 15] = [
        (HASH, "group {\n", "1:7: `{` never closed"),
        (HASH, "a {\n b { c; }\n d {\n", "3:4: `{` never closed"),
        (SLASHES, "a {\n b { c; };\n", "1:3: `{` never closed"),
        (HASH, "a; }", "1:4: `}` with no `{` before it"),
        (HASH, "a { b }", "1:7: `;` missing before `}`"),
        (HASH, "a b", "1:1: `;` missing at the end"),
        (HASH, "a; ;", "1:4: a `;` alone"),
        (HASH, " {}", "1:2: a `{` with no declaration before it"),
        (
            TWO_QUOTES,
            "a { {} }",
            "1:5: a `{` with no directive before it",
        ),
        (SLASHES, "a { b; }\nc;", "2:1: `;` missing after `}`"),
        (SLASHES, "a { b; } \"c\";", "1:10: `;` missing after `}`"),
        (SLASHES, "a {\n b; }", "1:3: `;` missing after `}`"),
        (SLASHES, "a { b; }; }", "1:11: `}` with no `{` before it"),
        (TWO_QUOTES, "a { b; };", "1:9: a `;` alone"),
        (HASH, "a \"b\" {\n", "1:7: `{` never closed"),
    ];
    for (syntax, text, error) in cases {
        assert_eq!(read(syntax, text), format!("error {error}"), "{text:?}");
    }
}

#[test]
fn what_the_syntaxes_allow() {
    assert_eq!(read(SLASHES, ";; a;;"), "a;");
    assert_eq!(read(SLASHES, "a { { b; }; c; };"), "a {{ {b;} c;}");
    assert_eq!(read(HASH, "a { b { } c; }"), "a {b {} c;}");
    assert_eq!(read(HASH, ""), "");
    assert_eq!(read(SLASHES, "// nothing\n/* at all */"), "");
}

#[test]
fn a_block_alone_has_its_brace_as_word() {
    let tree = SLASHES.read("a {\n  { b; };\n};").unwrap();
    let alone = &tree[0].block().unwrap()[0];
    assert_eq!(
        alone.keyword(),
        &Word {
            text: "{".to_owned(),
            line: 2,
            col: 3,
            quoted: false
        }
    );
}

#[test]
fn nesting_is_bounded() {
    let deep = |n: usize| format!("{}{}", "a {".repeat(n), "}".repeat(n));
    assert!(HASH.read(&deep(MAX_DEPTH)).is_ok());
    let e = HASH.read(&deep(MAX_DEPTH + 1)).unwrap_err();
    assert_eq!(
        (e.col, e.message.as_str()),
        (3 * MAX_DEPTH + 3, "a `{` nested deeper than 100 blocks")
    );
    assert!(HASH.read(&deep(1_000_000)).is_err());
}

#[test]
fn word_parse_and_error_are_placed() {
    let tree = HASH.read("\n  n é;").unwrap();
    let word = &tree[0].words()[1];
    let e = word.parse::<u8>("count").unwrap_err();
    assert_eq!(
        e.to_string(),
        "2:5: count \"é\": invalid digit found in string"
    );
    assert_eq!(tree[0].words()[0].parse::<char>("letter"), Ok('n'));
}

#[test]
fn what_cannot_be_written_is_refused_at_its_place() {
    let word = |text: &str, quoted| Word {
        text: text.to_owned(),
        line: 3,
        col: 4,
        quoted,
    };
    let refused = [
        (HASH, word("", false)),
        (HASH, word("a b", false)),
        (HASH, word("a;", false)),
        (HASH, word("a#", false)),
        (HASH, word("\"", true)),
        (TWO_QUOTES, word("#a", false)),
        (TWO_QUOTES, word("'\"", true)),
        (SLASHES, word("//a", false)),
        (SLASHES, word("a\nb", true)),
    ];
    for (syntax, word) in refused {
        let Some(statement) = Statement::new(vec![word.clone()], None) else {
            panic!("a statement of one word");
        };
        let e = syntax.write(&[statement]).unwrap_err();
        assert_eq!((e.line, e.col), (3, 4), "{word:?}");
    }
    assert_eq!(Statement::new(Vec::new(), None), None);
    let Some(statement) = Statement::new(vec![word("'", true), word("a#b", false)], None) else {
        panic!("a statement of two words");
    };
    assert_eq!(TWO_QUOTES.write(&[statement]).unwrap(), "\"'\" a#b;\n");
}

/// Texts in each syntax, with comments, quotes and blank space everywhere.
const SAMPLES: [(Syntax, &str); 3] = [
    (
        HASH,
        "authoritative; # a comment\ngroup {\n  option domain-name \"farm\";\n  host a#b\n  {\n hardware ethernet 52:54:00:00:00:01;\n  }\n}\n",
    ),
    (
        TWO_QUOTES,
        "server {\n listen 80;\n server_name 'a.b' \"c{d\";#x\n location / { proxy_pass http://é:80; }\n}\n",
    ),
    (
        SLASHES,
        "// local\nzone \"farm\" {\n type master; /* primary\n */ file \"/etc/bind/db.farm\";\n};\noptions { listen-on { 127.0.0.1; { 10.0.0.0/8; }; }; };;\n",
    ),
];

#[test]
fn samples_round_trip() {
    for (syntax, text) in SAMPLES {
        let tree = syntax.read(text).unwrap();
        let written = syntax.write(&tree).unwrap();
        let again = syntax.read(&written).unwrap();
        assert_eq!(shape(&again), shape(&tree), "{written}");
        assert_eq!(syntax.write(&again).unwrap(), written);
    }
}

/// A word any of the syntaxes holds unquoted, or any text without a line break to quote.
fn word() -> impl Strategy<Value = Word> {
    prop_oneof![
        "[a-zA-Z0-9.:_é→-][a-zA-Z0-9.:/_é→-]{0,5}".prop_map(|t| (t, false)),
        "[^\n\r\"]{0,6}".prop_map(|t| (t, true)),
    ]
    .prop_map(|(text, quoted)| Word {
        text,
        line: 0,
        col: 0,
        quoted,
    })
}

/// Statements of one to three words, blocks nested up to three deep.
fn tree() -> impl Strategy<Value = Vec<Statement>> {
    let leaf = prop::collection::vec(word(), 1..4)
        .prop_filter_map("a statement has words", |w| Statement::new(w, None));
    let statement = leaf.prop_recursive(3, 24, 4, |inner| {
        (
            prop::collection::vec(word(), 1..3),
            prop::collection::vec(inner, 0..4),
        )
            .prop_filter_map("a statement has words", |(w, block)| {
                Statement::new(w, Some(block))
            })
    });
    prop::collection::vec(statement, 0..5)
}

proptest! {
    /// A tree written and read back is the same tree, and each word read is at the place it was written.
    #[test]
    fn written_trees_read_back(tree in tree()) {
        for syntax in ALL {
            let written = syntax.write(&tree).unwrap();
            let read = syntax.read(&written).unwrap();
            prop_assert_eq!(shape(&read), shape(&tree));
            let lines: Vec<Vec<char>> = written.lines().map(|l| l.chars().collect()).collect();
            for (line, col, text) in places(&read) {
                let at: String = lines[line - 1][col - 1..].iter().collect();
                let quoted = at.starts_with(syntax.quotes) && at[1..].starts_with(&text);
                prop_assert!(at.starts_with(&text) || quoted, "{}:{} {:?} in {:?}", line, col, text, written);
            }
        }
    }
}
