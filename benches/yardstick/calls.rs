//! The 10 operations, called through the project's SDK (intercom-api).
//!
//! The project's copy of `shared/bench/apps/ours-app/src/calls.rs`, updated for the renames of
//! the domain API (`show`/`retrieve` -> `get`, `list_all` -> `list`) and for search operations
//! taking a query (`search(query)`, the rest of the shared body set with `.body(..)`); the
//! operations, their order and their inputs are unchanged.
//!
//! When the SDK's public names change (a method renamed, for example `show` -> `get`,
//! `retrieve` -> `get` or `list_all` -> `list`), copy this file into the project as
//! `benches/yardstick/calls.rs` and update it there: bench/compile.sh then uses that copy (the
//! shared directory is read-only for the project). This file names no request type; they are
//! inferred from each call, so renaming a type usually needs no change.
//! Keep the operations, their order and their inputs the same as in
//! `../../progenitor-app/src/calls.rs`, so that the two apps stay comparable.
use crate::bodies::{self, CONTACT_ID, CONVERSATION_ID};
use crate::{body, report};

pub async fn run(base_url: &str, token: &str) {
    let client = intercom_api::Client::builder()
        .token(token)
        .base_url(base_url)
        .build()
        .expect("client");

    // 1. list contacts            GET  /contacts                      (listContacts)
    report("list contacts", client.contacts().list().await);
    // 2. get contact              GET  /contacts/{id}                 (ShowContact)
    report("get contact", client.contacts().get(CONTACT_ID).await);
    // 3. create contact           POST /contacts                      (CreateContact)
    report("create contact", client.contacts().create(body(bodies::create_contact())).await);
    // 4. search conversations     POST /conversations/search          (searchConversations)
    let search: intercom_api::search::SearchRequest = body(bodies::search_conversations());
    report("search conversations", client.conversations().search(search.query.clone()).body(search).await);
    // 5. reply to conversation    POST /conversations/{id}/reply      (replyConversation)
    report("reply to conversation", client.conversations().reply(CONVERSATION_ID, body(bodies::reply_to_conversation())).await);
    // 6. get conversation         GET  /conversations/{id}            (retrieveConversation)
    report("get conversation", client.conversations().get(CONVERSATION_ID).await);
    // 7. list companies by page   POST /companies/list?page=&per_page= (listAllCompanies)
    report("list companies", client.companies().list().page(1).per_page(20).await);
    // 8. create ticket            POST /tickets                       (createTicket)
    report("create ticket", client.tickets().create(body(bodies::create_ticket())).await);
    // 9. list tags                GET  /tags                          (listTags)
    report("list tags", client.tags().list().await);
    // 10. attach tag to contact   POST /contacts/{id}/tags            (attachTagToContact)
    report("attach tag to contact", client.tags().attach_to_contact(CONTACT_ID, body(bodies::attach_tag())).await);
}
