//! Hand-written payloads shaped like real Intercom traffic (nulls the spec forgot, numeric ids,
//! enum values from the future, undeclared fields), decoded into typed values.
use intercom_api::models::{
    ContactList, Conversation, ConversationPriority, ConversationState, TicketTicketState,
};
use serde_json::json;

#[test]
fn conversation_with_nulls_numeric_ids_future_enums_and_extra_fields() {
    let wire = json!({
        "type": "conversation",
        "id": 1911149811,
        "created_at": 1734537460,
        "state": "escalated_to_mars",
        "priority": "not_priority",
        "admin_assignee_id": null,
        "team_assignee_id": 0,
        "ai_agent": null,
        "brand_new_field": {"since": "2027"},
        "conversation_parts": {
            "type": "conversation_part.list",
            "total_count": 2,
            "conversation_parts": [
                {
                    "type": "conversation_part",
                    "id": 149,
                    "part_type": "assignment",
                    "assigned_to": null,
                    "email_message_metadata": null,
                    "state": "open",
                    "author": {"type": "admin", "id": 991267466, "name": "Ciaran"}
                },
                {"type": "conversation_part", "id": "150", "part_type": "comment", "state": "hibernating"}
            ]
        }
    });
    let conversation: Conversation = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(conversation.id.as_deref(), Some("1911149811"));
    assert_eq!(
        conversation.state,
        Some(ConversationState::Unknown("escalated_to_mars".into()))
    );
    assert_eq!(
        conversation.priority,
        Some(ConversationPriority::Unknown("not_priority".into()))
    );
    assert_eq!(conversation.admin_assignee_id, None);
    assert_eq!(conversation.team_assignee_id.as_deref(), Some("0"));
    assert!(conversation.ai_agent.is_none());
    assert_eq!(
        conversation.extra.get("brand_new_field"),
        Some(json!({"since": "2027"}))
    );

    let parts = conversation
        .conversation_parts
        .as_ref()
        .and_then(|p| p.conversation_parts.as_ref())
        .expect("parts");
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0].id.as_deref(), Some("149"));
    assert!(parts[0].assigned_to.is_none());
    assert_eq!(parts[0].state, Some(ConversationState::Open));
    assert_eq!(
        parts[0].author.as_ref().and_then(|a| a.id.as_deref()),
        Some("991267466")
    );
    assert_eq!(
        parts[1].state,
        Some(ConversationState::Unknown("hibernating".into()))
    );

    // Encoding keeps what was decoded: the unknown enum values and the undeclared field.
    let encoded = serde_json::to_value(&conversation).expect("encodes");
    assert_eq!(encoded["state"], "escalated_to_mars");
    assert_eq!(encoded["brand_new_field"], json!({"since": "2027"}));
    assert_eq!(encoded["id"], "1911149811");
}

#[test]
fn contact_list_with_required_looking_fields_missing() {
    let wire = json!({
        "type": "list",
        "data": [
            {"type": "contact", "id": "6762f0cd1bb69f9f2193bb7c", "custom_attributes": {"plan": "pro", "seats": 12, "vip": true, "renewal": null}},
            {"type": "contact"}
        ],
        "total_count": 2,
        "pages": {"type": "pages", "next": {"per_page": 50, "starting_after": "WzE3MzQ1Mzc"}, "page": 1, "per_page": 50, "total_pages": 1}
    });
    let list: ContactList = serde_json::from_value(wire).expect("decodes");
    let data = list.data.expect("data");
    assert_eq!(data.len(), 2);
    assert_eq!(
        data[0]
            .custom_attributes
            .as_ref()
            .and_then(|c| c.get_value("seats").cloned()),
        Some(json!(12))
    );
    assert_eq!(data[1].id, None);
    let next = list
        .pages
        .and_then(|p| p.next)
        .and_then(|n| n.starting_after());
    assert_eq!(next.as_deref(), Some("WzE3MzQ1Mzc"));
}

#[test]
fn ticket_state_as_object_or_bare_string() {
    let object: TicketTicketState =
        serde_json::from_value(json!({"type": "ticket_state", "id": 7, "category": "submitted"}))
            .expect("object form");
    assert!(
        matches!(object, TicketTicketState::TicketState(ref s) if s.id.as_deref() == Some("7"))
    );
    let text: TicketTicketState = serde_json::from_value(json!("submitted")).expect("string form");
    assert_eq!(text, TicketTicketState::String("submitted".into()));
}
