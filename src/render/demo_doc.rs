//! Builds the demonstration report shared by the tests and `examples/demo.rs`.

use crate::render::fonts::Fonts;
use crate::render::layout::{
    palette, Align, Callout, CellContent, Column, DocOptions, Rgb, Span, TableSpec, TextStyle, Writer, CONTENT_WIDTH,
    MARGIN_X, PAGE_WIDTH,
};

pub const CRITICAL: Rgb = Rgb::hex(0xC0392B);
pub const HIGH: Rgb = Rgb::hex(0xE67E22);
pub const MEDIUM: Rgb = Rgb::hex(0xD4A017);
pub const LOW: Rgb = Rgb::hex(0x2E86C1);

const WORDS: &[&str] = &[
    "integration",
    "latency",
    "vendor",
    "contract",
    "uptime",
    "encryption",
    "backup",
    "region",
    "failover",
    "tenant",
    "audit",
    "logging",
    "retention",
    "identity",
    "federation",
    "throughput",
    "capacity",
    "roadmap",
    "support",
    "escalation",
    "incident",
    "response",
    "migration",
    "schema",
    "export",
    "import",
    "quota",
    "pricing",
    "licence",
    "compliance",
    "GDPR",
    "SOC2",
    "ISO27001",
    "webhook",
    "API",
    "SDK",
    "monitoring",
    "alerting",
    "on-call",
    "runbook",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "for",
    "with",
    "that",
    "system",
    "data",
    "customer",
    "service",
    "Müller",
    "Søn",
    "naïve",
    "façade",
    "Zürich",
];

/// Deterministic pseudo-random numbers (xorshift), so the document is the same each run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `n` words of filler text; every 50th word carries its index so order can be checked.
pub fn words(rng: &mut Rng, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| if i % 50 == 0 { format!("[{i}]") } else { WORDS[rng.below(WORDS.len() as u64) as usize].to_string() })
        .collect()
}

fn sentence(rng: &mut Rng, n: usize) -> String {
    let mut s = words(rng, n).join(" ").replace(['[', ']'], "");
    if let Some(first) = s.get(0..1) {
        s.replace_range(0..1, &first.to_uppercase());
    }
    s.push('.');
    s
}

fn severity(i: usize) -> (&'static str, Rgb) {
    match i % 7 {
        0 => ("Critical", CRITICAL),
        1 | 2 => ("High", HIGH),
        3 | 4 => ("Medium", MEDIUM),
        _ => ("Low", LOW),
    }
}

/// A typical report of about ten pages: cover, TOC, summary with both charts, 12 gaps,
/// a 60-row table, some Japanese text.
pub fn build_typical(fonts: &Fonts) -> Vec<u8> {
    let opts = DocOptions {
        title: "Technical discovery: 株式会社テスト".into(),
        header_left: "Technical discovery — 株式会社テスト".into(),
        header_right: "Confidential".into(),
        document_id_seed: b"typical".to_vec(),
        first_page_is_cover: true,
        ..Default::default()
    };
    let mut w = Writer::new(fonts, opts);
    let mut rng = Rng::new(7);
    w.rect(0.0, 0.0, PAGE_WIDTH, 230.0, palette::HEADING);
    w.text_at(
        MARGIN_X,
        145.0,
        CONTENT_WIDTH,
        &[Span::new("株式会社テスト", TextStyle::BODY.bold().sized(30.0).colored(palette::WHITE))],
        Align::Left,
    );
    w.page_break();
    w.toc_placeholder("Contents");
    w.heading(1, "1. Executive summary", true);
    w.paragraph(&[Span::body(sentence(&mut rng, 120))]);
    w.horizontal_bar_chart(
        "Readiness",
        &[
            ("Security", 82.0, LOW),
            ("Availability", 64.0, LOW),
            ("Integration", 47.0, MEDIUM),
            ("Commercial", 12.0, CRITICAL),
        ],
    );
    w.stacked_count_bar(
        "Gaps by severity",
        &[("Critical", 2, CRITICAL), ("High", 4, HIGH), ("Medium", 4, MEDIUM), ("Low", 2, LOW)],
    );
    w.heading(1, "2. Gaps", true);
    for g in 0..12 {
        let (_, color) = severity(g);
        let n = 30 + rng.below(80) as usize;
        w.callout(&Callout {
            title: vec![
                Span::new(format!("GAP-{:02} · ", g + 1), TextStyle::BODY.bold().colored(color)),
                Span::new(sentence(&mut rng, 6), TextStyle::BODY.bold()),
            ],
            body: vec![vec![Span::body(sentence(&mut rng, n))]],
            accent: color,
            background: Rgb::hex(0xF8F9FB),
        });
    }
    w.heading(1, "3. All answers", true);
    let rows = (0..60)
        .map(|i| {
            let (sev, color) = severity(i);
            let answer_len = 5 + rng.below(25) as usize;
            vec![
                CellContent::text(format!("Q-{:04}", i + 1)),
                CellContent::text(sentence(&mut rng, 8)),
                CellContent::text(sentence(&mut rng, answer_len)),
                CellContent { left_bar: Some(color), ..CellContent::text(sev) },
            ]
        })
        .collect();
    w.table(&TableSpec {
        columns: vec![
            Column { header: "ID".into(), width: 0.11, align: Align::Left },
            Column { header: "Question".into(), width: 0.34, align: Align::Left },
            Column { header: "Answer".into(), width: 0.41, align: Align::Left },
            Column { header: "Severity".into(), width: 0.14, align: Align::Left },
        ],
        rows,
        zebra: true,
    });
    w.finish().expect("render")
}

/// The demo: cover, TOC, summary with charts, 30 gap callouts, a 250-row table, a
/// 20,000-word paragraph, multilingual text and two characters no font has.
/// Returns the PDF, the appendix words, and the missing characters.
pub fn build(fonts: &Fonts) -> (Vec<u8>, Vec<String>, Vec<char>) {
    let opts = DocOptions {
        title: "Technical discovery: 株式会社テスト".into(),
        subject: "Vendor technical-discovery questionnaire".into(),
        author: "Lead Engineer".into(),
        creator: "discovery".into(),
        keywords: vec!["discovery".into(), "vendor".into(), "questionnaire".into()],
        header_left: "Technical discovery — 株式会社テスト".into(),
        header_right: "Confidential".into(),
        document_id_seed: b"demo questionnaire v1".to_vec(),
        created_unix: Some(1_767_225_600),
        first_page_is_cover: true,
    };
    let mut w = Writer::new(fonts, opts);
    let mut rng = Rng::new(42);

    // Cover.
    w.rect(0.0, 0.0, PAGE_WIDTH, 230.0, palette::HEADING);
    w.text_at(
        MARGIN_X,
        120.0,
        CONTENT_WIDTH,
        &[Span::new("TECHNICAL DISCOVERY REPORT", TextStyle::BODY.bold().sized(11.0).colored(Rgb::hex(0xAFC6E0)))],
        Align::Left,
    );
    w.text_at(
        MARGIN_X,
        145.0,
        CONTENT_WIDTH,
        &[Span::new("株式会社テスト", TextStyle::BODY.bold().sized(30.0).colored(palette::WHITE))],
        Align::Left,
    );
    let mut y = 290.0;
    for (k, v) in [
        ("Prepared for", "Lead Engineer, Platform Team"),
        ("Questionnaire", "Vendor onboarding v3 (250 questions)"),
        ("Partner", "Müller & Søn GmbH, Zürich"),
        ("Contacts", "Αλέξανδρος Παπαδόπουλος · Дмитрий Иванов"),
        ("Date", "1 January 2026"),
    ] {
        w.text_at(
            MARGIN_X,
            y,
            120.0,
            &[Span::new(k, TextStyle::BODY.sized(10.0).colored(palette::MUTED))],
            Align::Left,
        );
        y += w.text_at(
            MARGIN_X + 120.0,
            y,
            CONTENT_WIDTH - 120.0,
            &[Span::new(v, TextStyle::BODY.sized(11.0))],
            Align::Left,
        ) + 10.0;
    }
    w.text_at(
        MARGIN_X,
        740.0,
        CONTENT_WIDTH,
        &[Span::new(
            "Confidential — prepared from the vendor's questionnaire answers. Not for redistribution.",
            TextStyle::BODY.sized(8.5).colored(palette::MUTED),
        )],
        Align::Left,
    );

    w.page_break();
    w.toc_placeholder("Contents");

    // Summary with both charts.
    w.heading(1, "1. Executive summary", true);
    w.paragraph(&[
        Span::body("This report summarises the answers given by "),
        Span::new("株式会社テスト", TextStyle::BODY.bold()),
        Span::body(" and its partner Müller & Søn to the technical-discovery questionnaire. Greek: Η ομάδα απάντησε σε όλες τις ερωτήσεις. Cyrillic: Поставщик ответил на все вопросы. Japanese: 株式会社テストは全ての質問に回答しました。An emoji 😀 and a musical symbol 𝄞 have no glyph in any embedded font."),
    ]);
    w.paragraph(&[
        Span::new("Overall readiness is moderate. ", TextStyle::BODY.bold()),
        Span::body(sentence(&mut rng, 60)),
        Span::new(" Italic note: ", TextStyle::BODY.italic()),
        Span::body("see the gaps below.\nA forced line break follows this sentence.\nAnd this is the next line."),
    ]);
    w.heading(2, "1.1 Readiness by area", true);
    w.horizontal_bar_chart(
        "Readiness by questionnaire section (% answered satisfactorily)",
        &[
            ("Security & compliance", 82.0, Rgb::hex(0x2E7D32)),
            ("Availability & disaster recovery", 64.0, Rgb::hex(0x558B2F)),
            ("Integration & APIs", 47.0, MEDIUM),
            ("Data management and retention across regions and tenants", 31.0, HIGH),
            ("Support & escalation", 90.0, Rgb::hex(0x2E7D32)),
            ("Commercial", 12.0, CRITICAL),
        ],
    );
    w.stacked_count_bar(
        "Gaps by severity",
        &[("Critical", 5, CRITICAL), ("High", 9, HIGH), ("Medium", 9, MEDIUM), ("Low", 7, LOW)],
    );
    w.heading(2, "1.2 Key facts", true);
    w.key_value(&[
        ("Vendor", "株式会社テスト"),
        ("Hosting", "AWS eu-central-1 and ap-northeast-1, active/passive"),
        ("Certifications", "ISO 27001, SOC 2 Type II (report dated March 2025)"),
        ("Contact", "Дмитрий Иванов, Head of Integrations"),
    ]);

    // 30 gap callouts of varied length.
    w.heading(1, "2. Gaps", true);
    for g in 0..30 {
        if g % 10 == 0 {
            w.heading(2, &format!("2.{} Gaps {}–{}", g / 10 + 1, g + 1, g + 10), true);
        }
        let (sev, color) = severity(g);
        let n = 15 + rng.below(if g == 17 { 900 } else { 120 }) as usize;
        let tint = Rgb { r: 248, g: 249, b: 251 };
        w.callout(&Callout {
            title: vec![
                Span::new(format!("GAP-{:02} · {sev} · ", g + 1), TextStyle::BODY.bold().colored(color)),
                Span::new(sentence(&mut rng, 4 + g % 9), TextStyle::BODY.bold()),
            ],
            body: vec![
                vec![Span::body(sentence(&mut rng, n))],
                vec![
                    Span::new("Recommendation: ", TextStyle::BODY.bold()),
                    Span::body(sentence(&mut rng, 12 + g % 20)),
                ],
            ],
            accent: color,
            background: tint,
        });
    }

    // A 250-row table with one row taller than a page.
    w.heading(1, "3. All answers", true);
    let rows = (0..250)
        .map(|i| {
            let (sev, color) = severity(i);
            let answer_len = if i == 120 { 1400 } else { 3 + rng.below(30) as usize };
            vec![
                CellContent::text(format!("Q-{:04}", i + 1)),
                CellContent::text(sentence(&mut rng, 5 + i % 12)),
                CellContent::text(sentence(&mut rng, answer_len)),
                CellContent { left_bar: Some(color), ..CellContent::text(sev) },
            ]
        })
        .collect();
    w.table(&TableSpec {
        columns: vec![
            Column { header: "ID".into(), width: 0.11, align: Align::Left },
            Column { header: "Question".into(), width: 0.34, align: Align::Left },
            Column { header: "Answer".into(), width: 0.41, align: Align::Left },
            Column { header: "Severity".into(), width: 0.14, align: Align::Left },
        ],
        rows,
        zebra: true,
    });

    // A 20,000-word paragraph.
    w.heading(1, "4. Appendix: verbatim notes", true);
    let appendix = words(&mut rng, 20_000);
    let mut text = appendix.join(" ");
    // One very long token (a URL) that must be broken inside.
    text.push_str(" https://example.com/a/very/long/path/that/does/not/fit/on/one/line/of/the/page/at/all/and/must/be/broken/somewhere/inside/the/token");
    w.paragraph(&[Span::body(text)]);

    let missing: Vec<char> = w.missing_chars().iter().copied().collect();
    let pdf = w.finish().expect("render");
    (pdf, appendix, missing)
}
