//! Reading the bank's document, exported from its web page as text.
//!
//! The page's tables lost their columns in the export: a parameter row is
//! `name Type description…`, with its "required" value alone on the line
//! above (see the project's notes on reading the document). Nothing here
//! depends on line numbers: sections are found by their `Сұрау параметрлері`
//! heading and their `*.do` path, tables by their header line, blocks by the
//! name in the sentence that introduces them.

use std::fmt;

/// The parts of the document the spec describes.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Tables before the first endpoint section (merchant authentication).
    pub auth_tables: Vec<Table>,
    /// Endpoint sections, in the document's order.
    pub sections: Vec<Section>,
}

/// One endpoint section.
#[derive(Debug, Clone)]
pub struct Section {
    /// The section's title (the heading above its lead sentence).
    pub title: String,
    /// 1-based line of the `Сұрау параметрлері` heading.
    pub line: usize,
    /// Path under the gateway's base URL (`rest/register.do`), from the curl
    /// example, or from the lead sentence when the section has none.
    pub path: String,
    /// Whether the path comes from a curl example (exact spelling) rather
    /// than from the lead sentence (`register.do`, no folder).
    pub path_from_curl: bool,
    /// Request tables: the parameters first, then nested blocks.
    pub request: Vec<Table>,
    /// Response tables: the parameters first, then nested blocks.
    pub response: Vec<Table>,
    /// Error table rows.
    pub errors: Vec<ErrorRow>,
    /// Request and response examples.
    pub examples: Vec<Example>,
}

/// A parameter table.
#[derive(Debug, Clone)]
pub struct Table {
    /// Line of the header.
    pub line: usize,
    /// For a nested block's table, the sentence introducing it (which names
    /// the block); `None` for the request or response parameters themselves.
    pub intro: Option<String>,
    /// Whether the table has a version column (`Нұсқа`).
    pub versioned: bool,
    /// Rows, in order.
    pub rows: Vec<Row>,
}

/// A parameter row.
#[derive(Debug, Clone)]
pub struct Row {
    /// Line of the `name Type …` line.
    pub line: usize,
    /// Wire name.
    pub name: String,
    /// The type column (`String`, `Integer`, `Alphanumeric`, …).
    pub ty: String,
    /// The required column.
    pub flag: Flag,
    /// `getOrderStatusExtended` version the row exists since (`"02"`), from
    /// the versioned tables.
    pub since: Option<String>,
    /// Description, continuation lines included, bullets marked with `•`.
    pub text: String,
    /// Bullet lines of the description with their line numbers.
    pub bullets: Vec<(usize, String)>,
}

/// The required column of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flag {
    /// `Иә`.
    Yes,
    /// `Жоқ`.
    No,
    /// `Сипаттаманы көру` or a condition in words: conditional.
    Conditional,
    /// The table gives nothing.
    Absent,
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Flag::Yes => "required (Иә)",
            Flag::No => "optional (Жоқ)",
            Flag::Conditional => "conditional (Сипаттаманы көру)",
            Flag::Absent => "not given",
        })
    }
}

/// A row of an error table.
#[derive(Debug, Clone)]
pub struct ErrorRow {
    /// Line.
    pub line: usize,
    /// The code.
    pub code: i64,
    /// The message.
    pub text: String,
}

/// An example of the document.
#[derive(Debug, Clone)]
pub struct Example {
    /// Line where it starts.
    pub line: usize,
    /// A request (curl) or a response.
    pub is_request: bool,
    /// The body.
    pub body: ExampleBody,
}

/// The body of an example.
#[derive(Debug, Clone, PartialEq)]
pub enum ExampleBody {
    /// `--data name=value` pairs, in order.
    Form(Vec<(String, String)>),
    /// A JSON document.
    Json(serde_json::Value),
}

/// Why the document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The section being read (its title), or `document`.
    pub section: String,
    /// 1-based line, 0 for the whole document.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "section {}: {}", self.section, self.message)
        } else {
            write!(
                f,
                "line {}, section {}: {}",
                self.line, self.section, self.message
            )
        }
    }
}

impl std::error::Error for ParseError {}

const REQUEST_HEADING: &str = "Сұрау параметрлері";
const RESPONSE_HEADING: &str = "Жауап параметрлері";
const EXAMPLES_HEADING: &str = "Мысалдар";
const SEE_DESCRIPTION: &str = "Сипаттаманы көру";
/// The heading of the callback section, the document's last.
const CALLBACK_HEADING: &str = "Кері қоңырау хабарландырулары (callback)";
/// The type column's words.
const TYPES: &[&str] = &[
    "String",
    "Integer",
    "Alphanumeric",
    "Alphabetic",
    "Numeric",
    "Boolean",
    "Object",
    "N/A",
    SEE_DESCRIPTION,
];

/// Reads a document.
pub fn parse(text: &str) -> Result<Document, ParseError> {
    if text.contains('\0') || text.chars().any(|c| c == '\u{FFFD}') {
        return Err(ParseError {
            section: "document".into(),
            line: 0,
            message: "the document is not text (NUL or invalid UTF-8 bytes)".into(),
        });
    }
    let lines: Vec<&str> = text.lines().collect();
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].trim() == REQUEST_HEADING)
        .collect();
    let Some(&first) = starts.first() else {
        return Err(ParseError {
            section: "document".into(),
            line: 0,
            message: format!("no endpoint section: no `{REQUEST_HEADING}` heading"),
        });
    };
    let mut doc = Document {
        auth_tables: tables(&lines, 0, first)
            .into_iter()
            .map(|t| t.table)
            .collect(),
        sections: Vec::new(),
    };
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        doc.sections.push(section(&lines, start, end)?);
    }
    // The callback section closes the document; without it, the document
    // was cut off somewhere after the last section's heading.
    let last = starts.last().copied().unwrap_or(first);
    if !lines[last..].iter().any(|l| l.contains(CALLBACK_HEADING)) {
        return Err(ParseError {
            section: doc.sections.last().map_or("document".into(), |s| s.title.clone()),
            line: lines.len(),
            message: format!(
                "the document ends before its callback section (`{CALLBACK_HEADING}`): is it cut off?"
            ),
        });
    }
    Ok(doc)
}

fn section(lines: &[&str], start: usize, end: usize) -> Result<Section, ParseError> {
    let title = title(lines, start);
    let err = |line: usize, message: String| ParseError {
        section: title.clone(),
        line,
        message,
    };
    let response_at = (start..end).find(|&i| lines[i].trim() == RESPONSE_HEADING);
    let examples_at = (start..end).find(|&i| lines[i].trim() == EXAMPLES_HEADING);
    let Some(response_at) = response_at else {
        return Err(err(
            start + 1,
            format!("no `{RESPONSE_HEADING}` heading after the request parameters: is the document cut off?"),
        ));
    };
    let tables_end = examples_at.unwrap_or(end);
    let mut request = Vec::new();
    let mut response = Vec::new();
    for found in tables(lines, start, tables_end) {
        check_rows(&found, &err)?;
        if found.header < response_at {
            request.push(found.table);
        } else {
            response.push(found.table);
        }
    }
    // The first table under each heading holds the parameters themselves,
    // whatever sentence stands above it.
    for part in [&mut request, &mut response] {
        if let Some(first) = part.first_mut() {
            first.intro = None;
        }
    }
    if request.is_empty() {
        return Err(err(
            start + 1,
            "the request parameters have no table: is the document cut off?".into(),
        ));
    }
    if response.is_empty() {
        return Err(err(
            response_at + 1,
            "the response parameters have no table: is the document cut off?".into(),
        ));
    }
    let errors = error_rows(lines, response_at, tables_end);
    let examples = match examples_at {
        Some(at) => examples(lines, at, end).map_err(|(line, m)| err(line, m))?,
        None => Vec::new(),
    };
    let (path, path_from_curl) = match curl_path(lines, start, end) {
        Some(p) => (p, true),
        None => match lead_path(lines, start) {
            Some(p) => (p, false),
            None => {
                return Err(err(
                    start + 1,
                    "no `*.do` path in the lead sentence or a curl example".into(),
                ))
            }
        },
    };
    Ok(Section {
        title,
        line: start + 1,
        path,
        path_from_curl,
        request,
        response,
        errors,
        examples,
    })
}

/// The heading above a section: the nearest short line before the request
/// heading that is not the lead sentence.
fn title(lines: &[&str], start: usize) -> String {
    (start.saturating_sub(12)..start)
        .rev()
        .map(|i| lines[i].trim())
        .find(|l| !l.is_empty() && !l.contains(".do") && !l.ends_with('.') && l.len() < 200)
        .unwrap_or("(untitled)")
        .to_owned()
}

/// The first curl example's URL, under `/payment/`.
fn curl_path(lines: &[&str], start: usize, end: usize) -> Option<String> {
    lines[start..end].iter().find_map(|l| {
        let rest = l.trim().strip_prefix("--url")?.trim();
        let url = rest.split_whitespace().next()?;
        let path = url.split_once("/payment/").map_or(url, |(_, p)| p);
        path.ends_with(".do").then(|| path.to_owned())
    })
}

/// A `*.do` word in the sentences just before (or just after) the request
/// heading.
fn lead_path(lines: &[&str], start: usize) -> Option<String> {
    let around = (start.saturating_sub(8)..start).chain(start + 1..(start + 4).min(lines.len()));
    around.rev().find_map(|i| {
        lines[i].split_whitespace().find_map(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '/' && c != '.');
            let w = w.trim_end_matches('.');
            (w.len() > 3 && w.ends_with(".do"))
                .then(|| w.trim_end_matches(".do").trim_start_matches('/').to_owned() + ".do")
        })
    })
}

fn is_header(line: &str) -> bool {
    let l = line.trim();
    (l.starts_with("Міндетті") || l.starts_with("Нұсқа"))
        && l.contains("Атау")
        && l.contains("Түрі")
        && l.contains("Сипаттама")
}

fn is_error_header(line: &str) -> bool {
    matches!(line.trim(), "Қате коды Хабар" | "Мәні Сипаттама")
}

/// A heading that ends whatever table came before it.
fn is_heading(line: &str) -> bool {
    let l = line.trim();
    l == REQUEST_HEADING
        || l == RESPONSE_HEADING
        || l == EXAMPLES_HEADING
        || l.starts_with("Қателер коды")
        || is_error_header(l)
}

/// A parameter line: `name Type description`, or the Google Pay section's
/// `| name | Type | description`, or `Сипаттаманы көру name N/A …` with the
/// flag on the same line. Returns (inline flag, name, type, description).
fn row_line(line: &str) -> Option<(bool, String, String, String)> {
    let mut l = line.trim();
    let mut inline_flag = false;
    if let Some(rest) = l.strip_prefix(SEE_DESCRIPTION) {
        if row_line(rest).is_some() {
            inline_flag = true;
            l = rest.trim();
        }
    }
    let l = l.strip_prefix('|').unwrap_or(l).trim_start();
    let name_end = l
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '$' || c == '_'))
        .unwrap_or(l.len());
    let name = &l[..name_end];
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let rest = l[name_end..].trim_start();
    let rest = rest.strip_prefix('|').unwrap_or(rest).trim_start();
    let ty = TYPES.iter().find(|t| {
        rest.strip_prefix(**t)
            .is_some_and(|after| after.is_empty() || after.starts_with([' ', '|']))
    })?;
    if name_end == 0 || !l[..name_end].chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let desc = rest[ty.len()..].trim_start();
    let desc = desc.strip_prefix('|').unwrap_or(desc).trim();
    Some((
        inline_flag,
        name.to_owned(),
        (*ty).to_owned(),
        desc.to_owned(),
    ))
}

/// A flag line: the required column, perhaps with a version before it.
fn flag_line(line: &str) -> (Flag, Option<String>) {
    let l = line.trim();
    let (version, flag) = if let Some(rest) = l.strip_prefix("Барлық нұсқалар.") {
        (None, rest.trim())
    } else if let Some((v, rest)) = l.split_once("+ ") {
        (Some(v), rest.trim())
    } else if let Some((v, rest)) = l.split_once(" және одан жоғары.") {
        (Some(v), rest.trim())
    } else {
        (None, l)
    };
    let version = version
        .filter(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_owned);
    let flag = match flag {
        "Иә" => Flag::Yes,
        "Жоқ" => Flag::No,
        _ => Flag::Conditional,
    };
    (flag, version)
}

/// A line that can only be a required column: `Иә`, `Жоқ`, `Сипаттаманы
/// көру`, perhaps after a version.
fn is_flag_value(line: &str) -> bool {
    let l = line.trim();
    let bare = |f: &str| matches!(f, "Иә" | "Жоқ" | SEE_DESCRIPTION);
    bare(l)
        || l.strip_prefix("Барлық нұсқалар.")
            .is_some_and(|f| bare(f.trim()))
        || l.split_once("+ ")
            .is_some_and(|(v, f)| v.chars().all(|c| c.is_ascii_digit()) && bare(f))
        || l.split_once(" және одан жоғары.")
            .is_some_and(|(_, f)| bare(f.trim()))
}

struct FoundTable {
    header: usize,
    table: Table,
    /// Lines that look like a flag but have no row after them.
    orphan_flags: Vec<usize>,
}

fn check_rows(
    found: &FoundTable,
    err: &impl Fn(usize, String) -> ParseError,
) -> Result<(), ParseError> {
    if let Some(&at) = found.orphan_flags.first() {
        return Err(err(
            at + 1,
            "a required-column value with no parameter row after it".into(),
        ));
    }
    if found.table.rows.is_empty() {
        return Err(err(found.header + 1, "a table header with no rows".into()));
    }
    Ok(())
}

/// Every parameter table between `start` and `end`.
fn tables(lines: &[&str], start: usize, end: usize) -> Vec<FoundTable> {
    let headers: Vec<usize> = (start..end).filter(|&i| is_header(lines[i])).collect();
    let mut out = Vec::new();
    for (k, &h) in headers.iter().enumerate() {
        // A table runs to the next header's introducing sentence, or to a heading.
        let mut stop = headers.get(k + 1).copied().unwrap_or(end);
        if let Some(next) = headers.get(k + 1) {
            if let Some(intro) = prev_nonblank(lines, *next, h) {
                // A header right under a row starts a table without an intro.
                if row_line(lines[intro]).is_none() {
                    stop = intro;
                }
            }
        }
        if let Some(hd) = (h + 1..stop).find(|&i| is_heading(lines[i])) {
            stop = hd;
        }
        let intro = prev_nonblank(lines, h, start)
            .map(|i| lines[i].trim())
            .filter(|l| !is_heading(l) && row_line(l).is_none())
            .map(str::to_owned);
        out.push(read_table(lines, h, stop, intro));
    }
    out
}

fn prev_nonblank(lines: &[&str], before: usize, floor: usize) -> Option<usize> {
    (floor..before).rev().find(|&i| !lines[i].trim().is_empty())
}

fn read_table(lines: &[&str], header: usize, stop: usize, intro: Option<String>) -> FoundTable {
    let row_at: Vec<usize> = (header + 1..stop)
        .filter(|&i| row_line(lines[i]).is_some())
        .collect();
    let mut rows = Vec::new();
    let mut flag_lines = Vec::new();
    for (k, &at) in row_at.iter().enumerate() {
        let Some((inline, name, ty, desc)) = row_line(lines[at]) else {
            continue;
        };
        let floor = if k == 0 {
            header + 1
        } else {
            row_at[k - 1] + 1
        };
        // The flag stands alone on the nearest non-blank line above.
        let flag_at = prev_nonblank(lines, at, floor);
        let (flag, since) = match (inline, flag_at) {
            (true, _) => (Flag::Conditional, None),
            (false, Some(f)) => {
                flag_lines.push(f);
                flag_line(lines[f])
            }
            (false, None) => (Flag::Absent, None),
        };
        // The description runs on to the next row's flag line (or to the
        // next row, when that row carries its flag on its own line).
        let next_flag = row_at
            .get(k + 1)
            .filter(|&&n| row_line(lines[n]).is_some_and(|r| !r.0))
            .and_then(|&n| prev_nonblank(lines, n, at + 1));
        let desc_end = next_flag.or(row_at.get(k + 1).copied()).unwrap_or(stop);
        let mut text = desc;
        let mut bullets = Vec::new();
        for (i, l) in lines.iter().enumerate().take(desc_end).skip(at + 1) {
            let l = l.trim().trim_end_matches('|').trim();
            if l.is_empty() {
                continue;
            }
            if let Some(b) = l.strip_prefix('•') {
                bullets.push((i + 1, b.trim().to_owned()));
            }
            text.push(' ');
            text.push_str(l);
        }
        rows.push(Row {
            line: at + 1,
            name,
            ty,
            flag,
            since,
            text,
            bullets,
        });
    }
    // A required-column value that is no row's flag: its row is garbled or
    // missing.
    let orphan_flags = (header + 1..stop)
        .filter(|&i| is_flag_value(lines[i]) && !flag_lines.contains(&i))
        .collect();
    FoundTable {
        header,
        table: Table {
            line: header + 1,
            intro,
            versioned: lines[header].trim().starts_with("Нұсқа"),
            rows,
        },
        orphan_flags,
    }
}

/// Error rows of the tables between `start` and `end`: `code message` lines
/// after an error header, up to a blank line.
fn error_rows(lines: &[&str], start: usize, end: usize) -> Vec<ErrorRow> {
    let mut out = Vec::new();
    for h in (start..end).filter(|&i| is_error_header(lines[i])) {
        for (i, l) in lines.iter().enumerate().take(end).skip(h + 1) {
            let l = l.trim();
            let Some((code, text)) = l.split_once(' ') else {
                break;
            };
            let Ok(code) = code.parse::<i64>() else { break };
            out.push(ErrorRow {
                line: i + 1,
                code,
                text: text.trim().to_owned(),
            });
        }
    }
    out
}

/// Curl requests and JSON responses after the examples heading.
fn examples(lines: &[&str], start: usize, end: usize) -> Result<Vec<Example>, (usize, String)> {
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        let l = lines[i].trim();
        if l.starts_with("curl ") {
            let (ex, next) = curl(lines, i, end)?;
            out.push(ex);
            i = next;
        } else if l.starts_with('{') {
            let (text, next) = json_block(lines, i, end);
            let value = parse_json(&text).ok_or_else(|| {
                (
                    i + 1,
                    "an example that is not JSON (cut off or garbled)".to_owned(),
                )
            })?;
            out.push(Example {
                line: i + 1,
                is_request: false,
                body: ExampleBody::Json(value),
            });
            i = next;
        } else {
            i += 1;
        }
    }
    Ok(out)
}

fn curl(lines: &[&str], at: usize, end: usize) -> Result<(Example, usize), (usize, String)> {
    let mut pairs = Vec::new();
    let mut i = at + 1;
    while i < end {
        let l = lines[i]
            .trim()
            .trim_end_matches('\\')
            .trim_end_matches('\\')
            .trim();
        if let Some(raw) = l.strip_prefix("--data-raw") {
            let first = raw.trim().trim_start_matches('\'');
            let mut text = first.to_owned();
            let mut j = i + 1;
            while j < end && !text.trim_end().ends_with('\'') {
                text.push('\n');
                text.push_str(lines[j]);
                j += 1;
            }
            let text = text.trim_end().trim_end_matches('\'');
            let value = parse_json(text).ok_or_else(|| {
                (
                    i + 1,
                    "a curl example whose JSON body is cut off or garbled".to_owned(),
                )
            })?;
            let ex = Example {
                line: at + 1,
                is_request: true,
                body: ExampleBody::Json(value),
            };
            return Ok((ex, j));
        } else if let Some(data) = l.strip_prefix("--data") {
            let data = data.trim().trim_matches('\'');
            let (k, v) = data.split_once('=').unwrap_or((data, ""));
            pairs.push((k.to_owned(), v.to_owned()));
        } else if !l.starts_with("--") {
            break;
        }
        i += 1;
    }
    let ex = Example {
        line: at + 1,
        is_request: true,
        body: ExampleBody::Form(pairs),
    };
    Ok((ex, i))
}

/// Lines of a JSON example: until its braces balance, or a blank line.
fn json_block(lines: &[&str], at: usize, end: usize) -> (String, usize) {
    let mut text = String::new();
    let mut i = at;
    while i < end && !lines[i].trim().is_empty() {
        text.push_str(lines[i]);
        text.push('\n');
        i += 1;
        if serde_json::from_str::<serde_json::Value>(&text).is_ok() {
            break;
        }
    }
    (text, i)
}

/// JSON, or JSON missing only its one final closing bracket (the document
/// drops a final `}` once).
fn parse_json(text: &str) -> Option<serde_json::Value> {
    if let Ok(v) = serde_json::from_str(text) {
        return Some(v);
    }
    let mut open = Vec::new();
    let mut in_str = false;
    let mut escaped = false;
    for c in text.chars() {
        match (in_str, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => in_str = false,
            (false, _, '"') => in_str = true,
            (false, _, '{') => open.push('}'),
            (false, _, '[') => open.push(']'),
            (false, _, '}' | ']') => {
                open.pop();
            }
            _ => {}
        }
    }
    if in_str || open.len() != 1 {
        return None;
    }
    let closed: String = text.chars().chain(open.into_iter().rev()).collect();
    serde_json::from_str(&closed).ok()
}
