//! Turn spec descriptions (Markdown with HTML bits) into rustdoc lines that produce no
//! warnings and no doctests: code blocks become `text`, indentation that Markdown would read as
//! code is removed, brackets and angle brackets are escaped, bare URLs get `<...>`.

/// Documentation lines for a description (empty input gives no lines).
pub fn lines(text: Option<&str>) -> Vec<String> {
    let Some(text) = text else { return Vec::new() };
    let mut out = Vec::new();
    let mut in_fence = false;
    // Width of the current list item's marker, so indented continuation lines stay in the item.
    let mut list_indent: Option<usize> = None;
    for raw in text.trim().lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        let indented = trimmed.len() < line.len();
        if !in_fence && !trimmed.is_empty() {
            if let Some(width) = list_marker_width(trimmed) {
                list_indent = Some(width);
            } else if !indented {
                list_indent = None;
            } else if let Some(width) = list_indent {
                out.push(format!("{}{}", " ".repeat(width), escape_line(trimmed)));
                continue;
            }
        }
        if let Some(liquid) = liquid_tag(trimmed) {
            out.extend(liquid);
        } else if trimmed.starts_with("```") {
            out.push(if in_fence {
                "```".to_owned()
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
        } else if in_fence {
            out.push(line.to_owned());
        } else {
            out.push(escape_line(trimmed));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    collapse_blank_runs(out)
}

/// Summary and description of an operation, separated by a blank line.
pub fn joined(first: Option<&str>, second: Option<&str>) -> Vec<String> {
    let mut docs = lines(first);
    let rest = lines(second);
    if !docs.is_empty() && !rest.is_empty() {
        docs.push(String::new());
    }
    docs.extend(rest);
    docs
}

/// Width of a list marker (`- `, `* `, `1. `) at the start of `line`.
fn list_marker_width(line: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && line[digits..].starts_with(". ")).then_some(digits + 2)
}

/// Docs-site tags (`{% admonition type="info" name="Merged contacts" %}`): the opening tag
/// becomes a bold heading, the closing tag disappears.
fn liquid_tag(line: &str) -> Option<Option<String>> {
    let inner = line.strip_prefix("{%")?.strip_suffix("%}")?.trim();
    if inner.starts_with('/') {
        return Some(None);
    }
    let name = inner
        .split("name=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next());
    Some(name.map(|name| format!("**{}**", escape_text(name))))
}

fn escape_line(line: &str) -> String {
    // Odd segments between backticks are inline code: leave them as they are.
    line.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                part.to_owned()
            } else {
                escape_text(part)
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

fn escape_text(text: &str) -> String {
    let escaped = escape_brackets(&text.replace('<', "&lt;").replace('>', "&gt;"));
    wrap_urls(&escaped)
}

/// Escape `[` and `]` (rustdoc reads `[name]` as an intra-doc link) except in Markdown links
/// `[text](target)`, which are left alone.
fn escape_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['[', ']']) {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        if let Some(link) = markdown_link(tail) {
            out.push_str(link);
            rest = &tail[link.len()..];
        } else {
            out.push('\\');
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

fn markdown_link(text: &str) -> Option<&str> {
    let close = text.strip_prefix('[')?.find(']')? + 1;
    let after = text[close + 1..].strip_prefix('(')?;
    let end = after.find(')')?;
    Some(&text[..close + 2 + end + 1])
}

fn wrap_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(start) = rest
        .find("http://")
        .into_iter()
        .chain(rest.find("https://"))
        .min()
    {
        // Link targets `](https://...)` and `<https://...>` are already fine.
        if rest[..start].ends_with("](") || rest[..start].ends_with('<') {
            let end = rest[start..]
                .find([')', '>'])
                .map_or(rest.len(), |e| start + e);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| c.is_whitespace() || c == ')' || c == '"' || c == '\'')
            .unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(['.', ',', ';', ':']);
        out.push('<');
        out.push_str(url);
        out.push('>');
        rest = &tail[url.len()..];
    }
    out.push_str(rest);
    out
}

fn collapse_blank_runs(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        if line.is_empty() && out.last().is_some_and(|l: &String| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_are_not_doctests() {
        let docs = lines(Some("Example:\n```json\n{\"a\": [1]}\n```\n    indented"));
        assert_eq!(
            docs,
            vec!["Example:", "```text", "{\"a\": [1]}", "```", "indented"]
        );
    }

    #[test]
    fn escapes_and_urls() {
        let docs = lines(Some(
            "See [docs](https://x.io/a_b), [x] and https://y.io. Use <b>`a[0]`</b>",
        ));
        assert_eq!(
            docs,
            vec!["See [docs](https://x.io/a_b), \\[x\\] and <https://y.io>. Use &lt;b&gt;`a[0]`&lt;/b&gt;"]
        );
    }

    #[test]
    fn list_continuations_stay_indented() {
        let docs = lines(Some("- first item,\n  continued\n- second\n    code?"));
        assert_eq!(
            docs,
            vec!["- first item,", "  continued", "- second", "  code?"]
        );
    }

    #[test]
    fn liquid_tags() {
        let docs = lines(Some(
            "{% admonition type=\"info\" name=\"Merged\" %}\nText\n{% /admonition %}",
        ));
        assert_eq!(docs, vec!["**Merged**", "Text"]);
    }
}
