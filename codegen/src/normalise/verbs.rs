//! Method and builder names: one rule for every resource, so that the same action reads the same
//! everywhere (`get` for one item, `list`, `create`, `update`, `delete`, `search`, and the domain
//! verbs the API really has), without filler words or the resource's own noun.
//!
//! From the operationId (`retrieveACompanyById` on `companies`): the first word is the verb,
//! normalised (`retrieve`/`show`/`find`/`fetch` are `get`); filler words go (`a`, `the`, `all`,
//! `over`); the resource's noun goes right after the verb, and at the end after a linking word
//! (`list_tags_for_a_contact` -> `list_tags`), or is replaced by `for` after another resource's
//! noun (`list_contact_banners` -> `list_for_contact`); a `get` of the item its last path
//! parameter names drops `by_id` (`get`). The project's table (`spec/domain.yaml`) names what
//! the rule cannot; a clash the rule cannot resolve falls back to the whole operationId and is
//! reported.
use std::collections::BTreeSet;

use heck::ToUpperCamelCase;

use super::names;

/// Verbs that all mean "read one" in Intercom's operationIds.
const GET_SYNONYMS: &[&str] = &["retrieve", "show", "get", "find", "fetch"];
/// Words that carry no meaning in a method name.
const FILLERS: &[&str] = &["a", "an", "the", "all", "over"];
/// Words that link a trailing noun to the phrase (`tags_for_contact`).
const LINKING: &[&str] = &["to", "from", "for", "of", "on", "in", "into", "with"];
/// Method names the handlers themselves use.
const RESERVED: &[&str] = &["new", "client"];
/// Verbs that may precede the resource's noun at the end (`create_or_update_company`).
const VERBS: &[&str] = &[
    "create", "update", "delete", "get", "list", "search", "enqueue", "or", "and",
];

/// What the rule needs to know about one operation.
#[derive(Debug, Clone)]
pub struct OperationInfo {
    /// The operationId (or the synthesised one).
    pub id: String,
    /// HTTP method, lower case (`get`, `post`, ...).
    pub http: String,
    /// Path template.
    pub path: String,
}

/// The nouns of a resource (from its module name): singular and plural word lists.
#[derive(Debug, Clone)]
pub struct Noun {
    plural: Vec<String>,
    singular: Vec<String>,
}

impl Noun {
    /// The noun of resource module `module` (`help_center`, `conversations_attributes`, ...).
    pub fn of(module: &str) -> Noun {
        let plural: Vec<String> = module.split('_').map(str::to_owned).collect();
        let singular = plural.iter().map(|w| singular(w)).collect();
        Noun { plural, singular }
    }

    fn forms(&self) -> [&[String]; 2] {
        [&self.plural, &self.singular]
    }

    /// The noun as a type-name piece, singular or plural.
    pub fn camel(&self, plural: bool) -> String {
        let words = if plural { &self.plural } else { &self.singular };
        words.join("_").to_upper_camel_case()
    }
}

/// One English singular for the word shapes operationIds use; unchanged when unsure.
pub fn singular(word: &str) -> String {
    const UNCHANGED: &[&str] = &["data", "news", "status", "series", "analytics", "metrics"];
    if UNCHANGED.contains(&word) || word.ends_with("ss") || word.ends_with("us") {
        return word.to_owned();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suffix in ["ches", "shes", "xes", "sses"] {
        if word.ends_with(suffix) {
            return word[..word.len() - 2].to_owned();
        }
    }
    word.strip_suffix('s').unwrap_or(word).to_owned()
}

/// A method name and the name of its request builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Naming {
    /// Method on the handler, e.g. `list_tags`.
    pub method: String,
    /// Request builder type, e.g. `ListContactTags`.
    pub builder: String,
}

/// Names every operation of one resource. `table` gives the method for an operationId the rule
/// cannot name; `others` are the nouns of the other resources. Clashes the rule and the table
/// cannot resolve fall back to the whole operationId and are returned as warnings (with the
/// index of the operation).
pub fn name_resource(
    own: &Noun,
    others: &[Noun],
    ops: &[OperationInfo],
    table: &dyn Fn(&str) -> Option<String>,
) -> (Vec<Naming>, Vec<(usize, String)>) {
    let proposed: Vec<(String, bool)> = ops
        .iter()
        .map(|op| match table(&op.id) {
            Some(method) => (method, true),
            None => (method_name(own, others, op), false),
        })
        .collect();
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|r| (*r).to_owned()).collect();
    let mut warnings = Vec::new();
    // Table entries, then operations whose name is unique, then the one that names the
    // resource's item by path, win; the rest fall back.
    let unique = |i: usize| proposed.iter().filter(|(m, _)| *m == proposed[i].0).count() == 1;
    let canonical = |i: usize| names_item(own, &ops[i].path);
    let rank = |i: usize| match (proposed[i].1, unique(i), canonical(i)) {
        (true, _, _) => 0,
        (_, true, _) => 1,
        (_, _, true) => 2,
        _ => 3,
    };
    let mut order: Vec<usize> = (0..ops.len()).collect();
    order.sort_by_key(|&i| (rank(i), i));
    let mut methods = vec![String::new(); ops.len()];
    for i in order {
        let (method, _) = &proposed[i];
        if taken.insert(method.clone()) {
            methods[i] = method.clone();
            continue;
        }
        let full = names::snake_ident(&ops[i].id);
        warnings.push((
            i,
            format!(
                "operation {} would be `{method}`, which another operation of its resource \
                 takes; named `{full}` (add an entry to `methods` in spec/domain.yaml)",
                ops[i].id
            ),
        ));
        let mut fallback = full.clone();
        let mut n = 2;
        while !taken.insert(fallback.clone()) {
            fallback = format!("{full}_{n}");
            n += 1;
        }
        methods[i] = fallback;
    }
    let namings = methods
        .into_iter()
        .map(|method| Naming {
            builder: builder_name(own, &method),
            method,
        })
        .collect();
    (namings, warnings)
}

/// The rule's method name for one operation.
pub fn method_name(own: &Noun, others: &[Noun], op: &OperationInfo) -> String {
    let snake = names::snake_ident(&op.id);
    let words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
    let Some((first, rest)) = words.split_first() else {
        return snake;
    };
    // An operationId that starts with the resource's noun has no verb: the HTTP method's.
    let (verb, rest) = match own
        .forms()
        .iter()
        .find_map(|noun| starts_with(&words, noun))
    {
        Some(len) => (http_verb(&op.http), &words[len..]),
        None => (normalise_verb(first), rest),
    };
    let mut rest: Vec<&str> = rest
        .iter()
        .copied()
        .filter(|w| !FILLERS.contains(w))
        .collect();
    if let Some(len) = own.forms().iter().find_map(|noun| starts_with(&rest, noun)) {
        rest.drain(..len);
    }
    rest = without_trailing_noun(rest, own, others);
    if verb == "get" {
        rest = without_own_key(rest, own, op);
    }
    let mut method = verb.to_owned();
    for word in rest {
        method.push('_');
        method.push_str(word);
    }
    names::snake_ident(&method)
}

fn http_verb(method: &str) -> &'static str {
    match method {
        "post" => "create",
        "put" | "patch" => "update",
        "delete" => "delete",
        _ => "get",
    }
}

fn normalise_verb(word: &str) -> &str {
    match word {
        w if GET_SYNONYMS.contains(&w) => "get",
        "edit" => "update",
        "remove" => "delete",
        "lis" => "list",
        other => other,
    }
}

/// Length of `noun` when `words` starts with it.
fn starts_with(words: &[&str], noun: &[String]) -> Option<usize> {
    (words.len() >= noun.len() && words.iter().zip(noun).all(|(w, n)| w == n)).then_some(noun.len())
}

/// Length of `noun` when `words` ends with it.
fn ends_with(words: &[&str], noun: &[String]) -> Option<usize> {
    let start = words.len().checked_sub(noun.len())?;
    starts_with(&words[start..], noun)
}

/// `tags_for_contact` -> `tags` (own noun after a linking word); `contact_banners` on banners ->
/// `for_contact` (own noun after another resource's noun).
fn without_trailing_noun<'w>(mut rest: Vec<&'w str>, own: &Noun, others: &[Noun]) -> Vec<&'w str> {
    let Some(len) = own.forms().iter().find_map(|noun| ends_with(&rest, noun)) else {
        return rest;
    };
    let before = &rest[..rest.len() - len];
    if before.last().is_some_and(|w| LINKING.contains(w)) {
        rest.truncate(before.len() - 1);
        return rest;
    }
    if before.iter().all(|w| VERBS.contains(w)) {
        rest.truncate(before.len());
        return rest;
    }
    let other_noun = others
        .iter()
        .flat_map(|noun| noun.forms())
        .filter_map(|noun| ends_with(before, noun))
        .max();
    match other_noun {
        Some(other_len) if other_len == before.len() => {
            let mut out = vec!["for"];
            out.extend_from_slice(before);
            out
        }
        _ => rest,
    }
}

/// Whether `path` ends with the resource's collection and a parameter (`/contacts/{id}`).
pub fn names_item(own: &Noun, path: &str) -> bool {
    item_param(own, path).is_some()
}

fn item_param<'p>(own: &Noun, path: &'p str) -> Option<&'p str> {
    let mut segments = path.rsplit('/');
    let (last, collection) = (segments.next()?, segments.next()?);
    let param = last.strip_prefix('{')?.strip_suffix('}')?;
    collection
        .split('_')
        .eq(own.plural.iter().map(String::as_str))
        .then_some(param)
}

/// `get_by_id` of `/things/{thing_id}` -> `get`: the item the path already names.
fn without_own_key<'w>(rest: Vec<&'w str>, own: &Noun, op: &OperationInfo) -> Vec<&'w str> {
    let Some(param) = item_param(own, &op.path) else {
        return rest;
    };
    let Some(key) = rest.strip_prefix(&["by"]) else {
        return rest;
    };
    let param_words = names::snake_ident(param);
    let key = key.join("_");
    if param_words == key || param_words.ends_with(&format!("_{key}")) {
        Vec::new()
    } else {
        rest
    }
}

/// The parameter the path ends with, if it ends with one.
pub fn last_path_param(path: &str) -> Option<&str> {
    path.rsplit('/')
        .next()?
        .strip_prefix('{')?
        .strip_suffix('}')
}

/// The builder of `method` on a resource: the verb, the resource's noun (plural when the method
/// is a bare listing), then the rest: `get` -> `GetContact`, `list` -> `ListContacts`,
/// `list_tags` -> `ListContactTags`.
pub fn builder_name(own: &Noun, method: &str) -> String {
    let (verb, rest) = method.split_once('_').unwrap_or((method, ""));
    let plural = rest.is_empty() && matches!(verb, "list" | "search" | "scroll");
    format!(
        "{}{}{}",
        verb.to_upper_camel_case(),
        own.camel(plural),
        rest.to_upper_camel_case()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(id: &str, module: &str, path: &str) -> String {
        let others: Vec<Noun> = ["contacts", "companies", "conversations", "tickets"]
            .iter()
            .filter(|m| **m != module)
            .map(|m| Noun::of(m))
            .collect();
        let op = OperationInfo {
            id: id.to_owned(),
            http: "get".to_owned(),
            path: path.to_owned(),
        };
        method_name(&Noun::of(module), &others, &op)
    }

    #[test]
    fn one_verb_per_action() {
        assert_eq!(
            name("ShowContact", "contacts", "/contacts/{contact_id}"),
            "get"
        );
        assert_eq!(name("retrieveAdmin", "admins", "/admins/{admin_id}"), "get");
        assert_eq!(name("findTag", "tags", "/tags/{tag_id}"), "get");
        assert_eq!(
            name(
                "RetrieveACompanyById",
                "companies",
                "/companies/{company_id}"
            ),
            "get"
        );
        assert_eq!(
            name(
                "ShowContactByExternalId",
                "contacts",
                "/contacts/find_by_external_id/{external_id}"
            ),
            "get_by_external_id"
        );
        assert_eq!(
            name("deleteContact", "contacts", "/contacts/{contact_id}"),
            "delete"
        );
        assert_eq!(
            name("listAllCompanies", "companies", "/companies/list"),
            "list"
        );
        assert_eq!(
            name("scrollOverAllCompanies", "companies", "/companies/scroll"),
            "scroll"
        );
    }

    #[test]
    fn nouns_and_fillers_go() {
        assert_eq!(
            name(
                "listTagsForAContact",
                "contacts",
                "/contacts/{contact_id}/tags"
            ),
            "list_tags"
        );
        assert_eq!(
            name(
                "attachContactToACompany",
                "companies",
                "/contacts/{contact_id}/companies"
            ),
            "attach_contact"
        );
        assert_eq!(
            name("attachTagToContact", "tags", "/contacts/{contact_id}/tags"),
            "attach_to_contact"
        );
        assert_eq!(
            name("listContactBanners", "banners", "/contacts/{id}/banners"),
            "list_for_contact"
        );
        assert_eq!(
            name(
                "listSideConversations",
                "conversations",
                "/conversations/{id}/side_conversations"
            ),
            "list_side_conversations"
        );
        assert_eq!(
            name(
                "createConversationAttribute",
                "conversations_attributes",
                "/conversations/attributes"
            ),
            "create"
        );
        assert_eq!(
            name(
                "retrieveArticleVersion",
                "articles",
                "/articles/{article_id}/versions/{id}"
            ),
            "get_version"
        );
        assert_eq!(
            name("createOrUpdateCompany", "companies", "/companies"),
            "create_or_update"
        );
        assert_eq!(
            name("jobsStatus", "jobs", "/jobs/status/{job_id}"),
            "get_status"
        );
    }

    #[test]
    fn builders_read_as_verb_noun_rest() {
        let contacts = Noun::of("contacts");
        assert_eq!(builder_name(&contacts, "get"), "GetContact");
        assert_eq!(builder_name(&contacts, "list"), "ListContacts");
        assert_eq!(builder_name(&contacts, "list_tags"), "ListContactTags");
        assert_eq!(
            builder_name(&Noun::of("help_center"), "get_collection"),
            "GetHelpCenterCollection"
        );
    }

    #[test]
    fn clashes_fall_back_and_are_reported() {
        let ops = vec![
            OperationInfo {
                id: "getWhatsAppMessageStatus".into(),
                http: "get".into(),
                path: "/messages/status".into(),
            },
            OperationInfo {
                id: "RetrieveWhatsAppMessageStatus".into(),
                http: "get".into(),
                path: "/messages/whatsapp/status".into(),
            },
        ];
        let (names, warnings) = name_resource(&Noun::of("messages"), &[], &ops, &|_| None);
        assert_eq!(names[0].method, "get_whats_app_message_status");
        assert_eq!(names[1].method, "retrieve_whats_app_message_status");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let table = |id: &str| {
            (id == "RetrieveWhatsAppMessageStatus").then(|| "get_whatsapp_status".to_owned())
        };
        let (names, warnings) = name_resource(&Noun::of("messages"), &[], &ops, &table);
        assert_eq!(names[1].method, "get_whatsapp_status");
        assert!(warnings.is_empty());
    }
}
