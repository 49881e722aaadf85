//! The portal's e-mail (spec: portal.md, "E-mail"): messages composed from the catalogue's
//! words, kept in an outbox, sent over SMTP by a worker that retries.
//!
//! - [`compose`] — a [`Letter`](crate::catalogue::Letter) in a language → an
//!   [`Composed`] message: subject, a plain-text part and an HTML part (every text escaped).
//! - [`outbox`] — the pure state machine of one message: `pending` → `sent`, or `failed`
//!   with the last error, retried on a backoff schedule.
//! - [`reminders`] — the pure rule of automatic reminders: 7 and 1 days before a due date
//!   and the day after, to those missing, never twice in a day.
//! - [`sender`] — the worker's logic, written against two traits (the store of the outbox
//!   and the transport), so it is tested without a database or a network.
//! - [`smtp`] — the transport: lettre over tokio with rustls, STARTTLS or TLS, the password
//!   from `ZAKRILA_SMTP_PASSWORD`.
//!
//! Nothing here logs a message's body or link: a personal link is a password, so the worker
//! names a message by its outbox number and its recipient only.

pub mod compose;
pub mod outbox;
pub mod reminders;
pub mod sender;
pub mod smtp;

pub use compose::{Composed, compose};
pub use outbox::{Delivery, MailFailure, MailState, MailTrouble, Outcome};
pub use reminders::{ReminderCandidate, ReminderStage, reminders_due};
pub use sender::{MailStore, OutgoingMail, SendReport, Transport, send_due};
pub use smtp::{SmtpError, SmtpTransport};
