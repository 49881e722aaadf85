//! The portal's words over the round's facts: a state's word, a version's notes, the one
//! sentence of an unreadable file, a merge's left-out list, and the 409 of an action that
//! cannot be done now. No handler here: the pages and the handlers share these.

use crate::catalogue::{Lang, PageTexts, Phrase, PortalProblem};
use crate::round::{self, KeptVersion};

use super::error::PortalError;

/// The word for a state, from the page texts.
pub(super) fn state_word(state: round::State, lang: Lang) -> &'static str {
    let texts = PageTexts::of(lang);
    match state {
        round::State::Accepted => texts.state_accepted,
        round::State::Returned => texts.state_returned,
        round::State::Errors => texts.state_errors,
        round::State::Submitted => texts.state_submitted,
        round::State::Held => texts.state_held,
        round::State::Unreadable => texts.state_unreadable,
        round::State::Moved => texts.state_moved,
        round::State::None => texts.state_none,
    }
}

/// What the portal says about a version beside its check ([`round::notes`]), in words.
pub(super) fn notes(record: &KeptVersion, records: &[KeptVersion], lang: Lang) -> Vec<String> {
    round::notes(record, records)
        .iter()
        .map(|note| note.phrase().render(lang))
        .collect()
}

/// The one sentence for a version that is not a readable contribution (or report), when
/// it is one; `detail` is the reader's first sentence, for a file that cannot be opened.
pub(super) fn unreadable_sentence(
    record: &KeptVersion,
    detail: Option<String>,
    lang: Lang,
) -> Option<String> {
    record
        .unreadable_phrase(detail)
        .map(|phrase| phrase.render(lang))
}

/// The words of a kept merge's left-out list (from its summary JSON), for the dashboard;
/// none for a merge kept before the rule.
pub(super) fn left_out_words(summary: &str, lang: Lang) -> Option<String> {
    let left = crate::round::MergeCounts::read(summary).left_out?;
    let mut sent = Vec::new();
    let mut none = 0;
    for entry in &left {
        let word = match entry.state.as_str() {
            "held" => state_word(round::State::Held, lang),
            "returned" => state_word(round::State::Returned, lang),
            "unreadable" => state_word(round::State::Unreadable, lang),
            _ => {
                none += 1;
                continue;
            }
        };
        sent.push((entry.institution.clone(), word.to_string()));
    }
    Some(Phrase::LeftOutList { sent, none }.render(lang))
}

/// A refusal with a sentence of the catalogue (409).
pub(super) fn not_now(lang: Lang, code: &'static str, phrase: Phrase<'_>) -> PortalError {
    PortalError::from(PortalProblem::NotNow {
        code,
        message: phrase.render(lang),
    })
}
