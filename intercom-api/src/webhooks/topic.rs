//! Webhook topics: an open enum of the documented ones.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Declares [`Topic`] from one table, so the variant, its wire name and its docs cannot drift.
macro_rules! topics {
    ($($(#[doc = $doc:literal])+ $variant:ident = $wire:literal,)+) => {
        /// What happened: the `topic` of a notification, such as `conversation.user.created`.
        ///
        /// Open: a topic this SDK does not list (Intercom adds them, e.g. the
        /// `content_stat.*` family) is kept in [`Topic::Unknown`] and serialised back unchanged.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        #[non_exhaustive]
        pub enum Topic {
            $(
                $(#[doc = $doc])+
                #[doc = ""]
                #[doc = concat!("Wire name: `", $wire, "`.")]
                $variant,
            )+
            /// A topic this version of the SDK does not list, kept as sent.
            Unknown(String),
        }

        impl Topic {
            /// The topic as sent on the wire, e.g. `contact.user.created`.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Unknown(topic) => topic,
                }
            }
        }

        impl From<&str> for Topic {
            fn from(topic: &str) -> Self {
                match topic {
                    $($wire => Self::$variant,)+
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }
    };
}

topics! {
    /// A user or lead started a conversation.
    ConversationUserCreated = "conversation.user.created",
    /// A user or lead replied to a conversation.
    ConversationUserReplied = "conversation.user.replied",
    /// A teammate replied to a conversation.
    ConversationAdminReplied = "conversation.admin.replied",
    /// A teammate started a conversation (an outbound message to one person).
    ConversationAdminSingleCreated = "conversation.admin.single.created",
    /// A conversation was assigned to a teammate or team.
    ConversationAdminAssigned = "conversation.admin.assigned",
    /// A teammate closed a conversation.
    ConversationAdminClosed = "conversation.admin.closed",
    /// A teammate opened (or reopened) a conversation.
    ConversationAdminOpened = "conversation.admin.opened",
    /// A teammate snoozed a conversation.
    ConversationAdminSnoozed = "conversation.admin.snoozed",
    /// A snoozed conversation was unsnoozed.
    ConversationAdminUnsnoozed = "conversation.admin.unsnoozed",
    /// A teammate added an internal note to a conversation.
    ConversationAdminNoted = "conversation.admin.noted",
    /// A conversation's priority changed.
    ConversationPriorityUpdated = "conversation.priority.updated",
    /// A user or lead rated a conversation.
    ConversationRatingAdded = "conversation.rating.added",
    /// A conversation was deleted.
    ConversationDeleted = "conversation.deleted",
    /// A conversation part was redacted.
    ConversationPartRedacted = "conversation_part.redacted",
    /// A tag was added to a conversation part.
    ConversationPartTagCreated = "conversation_part.tag.created",
    /// A user was created.
    ContactUserCreated = "contact.user.created",
    /// A lead was created.
    ContactLeadCreated = "contact.lead.created",
    /// A user was updated.
    ContactUserUpdated = "contact.user.updated",
    /// A lead was updated.
    ContactLeadUpdated = "contact.lead.updated",
    /// A contact was archived.
    ContactArchived = "contact.archived",
    /// A contact was unarchived.
    ContactUnarchived = "contact.unarchived",
    /// A contact was deleted.
    ContactDeleted = "contact.deleted",
    /// A lead was merged into a user.
    ContactMerged = "contact.merged",
    /// A lead signed up and became a user.
    ContactLeadSignedUp = "contact.lead.signed_up",
    /// A contact subscribed to a subscription type.
    ContactSubscribed = "contact.subscribed",
    /// A contact unsubscribed (from a subscription type or from all email).
    ContactUnsubscribed = "contact.unsubscribed",
    /// A contact's email address changed.
    ContactEmailUpdated = "contact.email.updated",
    /// A tag was added to a contact.
    ContactTagCreated = "contact.tag.created",
    /// A tag was removed from a contact.
    ContactTagDeleted = "contact.tag.deleted",
    /// A company was created.
    CompanyCreated = "company.created",
    /// A company was updated.
    CompanyUpdated = "company.updated",
    /// A company was deleted.
    CompanyDeleted = "company.deleted",
    /// A contact was attached to a company.
    CompanyContactAttached = "company.contact.attached",
    /// A contact was detached from a company.
    CompanyContactDetached = "company.contact.detached",
    /// A ticket was created.
    TicketCreated = "ticket.created",
    /// A ticket moved to another state.
    TicketStateUpdated = "ticket.state.updated",
    /// A ticket was assigned to a teammate.
    TicketAdminAssigned = "ticket.admin.assigned",
    /// A ticket was assigned to a team.
    TicketTeamAssigned = "ticket.team.assigned",
    /// A teammate added a note to a ticket.
    TicketNoteCreated = "ticket.note.created",
    /// A contact replied to a ticket.
    TicketContactReplied = "ticket.contact.replied",
    /// A teammate replied to a ticket.
    TicketAdminReplied = "ticket.admin.replied",
    /// A ticket was closed.
    TicketClosed = "ticket.closed",
    /// A contact rated a ticket.
    TicketRatingProvided = "ticket.rating.provided",
    /// A teammate joined the workspace.
    AdminAddedToWorkspace = "admin.added_to_workspace",
    /// A teammate left (or was removed from) the workspace.
    AdminRemovedFromWorkspace = "admin.removed_from_workspace",
    /// A teammate turned away mode on or off.
    AdminAwayModeUpdated = "admin.away_mode_updated",
    /// An entry was added to the workspace's teammate activity log.
    AdminActivityLogEventCreated = "admin.activity_log_event.created",
    /// A visitor signed up and became a user.
    VisitorSignedUp = "visitor.signed_up",
    /// A data event was submitted for a contact.
    EventCreated = "event.created",
    /// Intercom's test delivery ("Send a test request" in the Developer Hub).
    Ping = "ping",
}

impl From<String> for Topic {
    fn from(topic: String) -> Self {
        Topic::from(topic.as_str())
    }
}

impl From<Topic> for String {
    fn from(topic: Topic) -> Self {
        match topic {
            Topic::Unknown(topic) => topic,
            known => known.as_str().to_owned(),
        }
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_topics_round_trip() {
        for wire in [
            "conversation.admin.single.created",
            "ping",
            "content_stat.news_item",
        ] {
            let topic = Topic::from(wire);
            assert_eq!(topic.as_str(), wire);
            assert_eq!(String::from(topic), wire);
        }
        assert_eq!(Topic::from("ticket.closed"), Topic::TicketClosed);
        assert_eq!(
            Topic::from("content_stat.news_item"),
            Topic::Unknown("content_stat.news_item".to_owned())
        );
    }
}
