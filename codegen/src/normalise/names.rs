//! Rust names for spec names. One place decides how every kind of identifier is spelled.
use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that are keywords (strict or reserved) in Rust 2021.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names that would shadow the prelude or the crate's own root items.
const RESERVED_TYPES: &[&str] = &[
    "Self", "Error", "Result", "Option", "Some", "None", "Ok", "Err", "Vec", "String", "Box",
    "Default", "Client", "Request", "Response", "Value", "Map",
];

/// Spelled-out names for operator values (search filters use them).
const SYMBOLS: &[(&str, &str)] = &[
    ("=", "Eq"),
    ("!=", "Ne"),
    ("<", "Lt"),
    ("<=", "Le"),
    (">", "Gt"),
    (">=", "Ge"),
    ("~", "Contains"),
    ("!~", "NotContains"),
    ("^", "StartsWith"),
    ("$", "EndsWith"),
];

/// `snake_case` identifier for a field, parameter or method; keywords get a trailing `_`.
pub fn snake_ident(name: &str) -> String {
    let mut ident = ascii(name).to_snake_case();
    if ident.is_empty() {
        ident = "value".to_owned();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'n');
    }
    if KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// `UpperCamelCase` name for a type or variant (empty when `name` has no letter or digit).
pub fn camel(name: &str) -> String {
    let camel = ascii(name).to_upper_camel_case();
    if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{camel}")
    } else if camel == "Self" {
        "SelfValue".to_owned()
    } else {
        camel
    }
}

/// [`camel`], or `fallback` when nothing of `name` is left: every identifier is non-empty.
pub fn camel_or(name: &str, fallback: &str) -> String {
    let camel = camel(name);
    if camel.is_empty() {
        fallback.to_owned()
    } else {
        camel
    }
}

/// Identifiers are ASCII: other characters separate words (rustc lints some Unicode ones, and
/// a non-ASCII digit cannot start an identifier).
fn ascii(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii() { c } else { '_' })
        .collect()
}

/// Type name for a component key; names that would shadow common items get `Object` appended.
pub fn component_type_name(key: &str) -> String {
    let name = camel(key);
    if RESERVED_TYPES.contains(&name.as_str()) || name.is_empty() {
        format!("{name}Object")
    } else {
        name
    }
}

/// Variant name for an enum value: symbols are spelled out, versions keep their dots as `_`.
pub fn variant_name(value: &str) -> String {
    if let Some((_, name)) = SYMBOLS.iter().find(|(symbol, _)| *symbol == value) {
        return (*name).to_owned();
    }
    if value.starts_with(|c: char| c.is_ascii_digit()) {
        let spelled: String = value
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        return format!("V{}", camel_keep_underscores(&spelled));
    }
    camel_or(value, "Value")
}

/// `2_16` stays `2_16`, `3rd_party_error` becomes `3rdPartyError`.
fn camel_keep_underscores(spelled: &str) -> String {
    if spelled
        .split('_')
        .all(|part| part.chars().all(|c| c.is_ascii_digit()))
    {
        spelled.to_owned()
    } else {
        spelled.to_upper_camel_case()
    }
}

/// What `name` adds to `context`: the words the two share at the start and at the end are
/// dropped (`AdminReplyConversationRequest` in `ReplyConversationRequest` -> `Admin`); `name`
/// itself when nothing would be left.
pub fn distinct_part(name: &str, context: &str) -> String {
    let (words, theirs) = (camel_words(name), camel_words(context));
    let front = words
        .iter()
        .zip(&theirs)
        .take_while(|(a, b)| a == b)
        .count();
    let back = words[front..]
        .iter()
        .rev()
        .zip(theirs[front.min(theirs.len())..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let kept = &words[front..words.len() - back];
    if kept.is_empty() || kept[0].starts_with(|c: char| c.is_ascii_digit()) {
        name.to_owned()
    } else {
        kept.concat()
    }
}

/// `ReplyConversationRequest` -> `["Reply", "Conversation", "Request"]`.
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    words.push(&name[start..]);
    words
}

/// Hands out names that are unique within one namespace, suffixing 2, 3, ... on collisions.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// Reserve exactly `name`; false when it is already taken.
    pub fn reserve(&mut self, name: &str) -> bool {
        self.taken.insert(name.to_owned())
    }

    /// `name`, or `name2`, `name3`, ... whichever is free first.
    pub fn unique(&mut self, name: &str) -> String {
        if self.reserve(name) {
            return name.to_owned();
        }
        let separator = if name.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{name}{separator}{n}"))
            .find(|candidate| self.reserve(candidate))
            .unwrap_or_else(|| name.to_owned())
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(snake_ident("type"), "type_");
        assert_eq!(snake_ident("pt-BR"), "pt_br");
        assert_eq!(snake_ident("Intercom-Version"), "intercom_version");
        assert_eq!(snake_ident("ListContacts"), "list_contacts");
        assert_eq!(component_type_name("error"), "ErrorObject");
        assert_eq!(component_type_name("contact_list"), "ContactList");
    }

    #[test]
    fn odd_names_still_make_identifiers() {
        assert_eq!(snake_ident("__"), "value");
        assert_eq!(snake_ident("日本"), "value");
        assert_eq!(snake_ident("٣x"), "x");
        assert_eq!(snake_ident("1st"), "n1st");
        assert_eq!(snake_ident("Self"), "self_");
        assert_eq!(camel_or("__", "Object"), "Object");
        assert_eq!(camel("self"), "SelfValue");
        assert_eq!(camel("é1"), "V1");
        assert_eq!(variant_name("٣"), "Value");
        assert_eq!(component_type_name("__"), "Object");
    }

    #[test]
    fn variants() {
        assert_eq!(variant_name("!="), "Ne");
        assert_eq!(variant_name("2.16"), "V2_16");
        assert_eq!(variant_name("1.0"), "V1_0");
        assert_eq!(variant_name("3rd_party_error"), "V3rdPartyError");
        assert_eq!(variant_name("conversation.list"), "ConversationList");
        assert_eq!(variant_name("pt-BR"), "PtBr");
        assert_eq!(variant_name("Preview"), "Preview");
    }

    #[test]
    fn distinct_parts() {
        assert_eq!(
            distinct_part("AdminReplyConversationRequest", "ReplyConversationRequest"),
            "Admin"
        );
        assert_eq!(
            distinct_part("ConversationAttributeBooleanType", "ConversationAttribute"),
            "BooleanType"
        );
        assert_eq!(
            distinct_part("SingleFilterSearchRequest", "SearchRequestQuery"),
            "SingleFilterSearchRequest"
        );
        assert_eq!(distinct_part("Contact", "Contact"), "Contact");
    }

    #[test]
    fn namespace_suffixes() {
        let mut names = Namespace::default();
        assert_eq!(names.unique("Contact"), "Contact");
        assert_eq!(names.unique("Contact"), "Contact2");
        assert_eq!(names.unique("V2"), "V2");
        assert_eq!(names.unique("V2"), "V2_2");
    }
}
