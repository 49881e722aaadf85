//! The rule over every combination of a version's review, kind, holding, decision and
//! check, alone, in pairs and in threes.

use super::*;

const REVIEWS: [Review; 3] = [Review::Pending, Review::Accepted, Review::Returned];
const DECISIONS: [Option<Decision>; 4] = [
    None,
    Some(Decision::Kept),
    Some(Decision::Moved),
    Some(Decision::Returned),
];

/// Every version there can be (with id and number 0: the caller numbers them).
fn every_version() -> Vec<Version> {
    let kinds = [
        Kind::Readable,
        Kind::Unreadable(Unreadable::Pdf),
        Kind::Unreadable(Unreadable::NoRows),
    ];
    let mut all = Vec::new();
    for review in REVIEWS {
        for kind in kinds {
            for names_its_sender in [true, false] {
                for decision in DECISIONS {
                    for has_errors in [false, true] {
                        all.push(Version {
                            id: 0,
                            number: 0,
                            review,
                            kind,
                            names_its_sender,
                            decision,
                            has_errors,
                        });
                    }
                }
            }
        }
    }
    all
}

/// Versions numbered as an institution's, newest first (the last is version 1).
fn numbered(versions: &[Version]) -> Vec<Version> {
    let count = versions.len() as i64;
    versions
        .iter()
        .enumerate()
        .map(|(index, version)| Version {
            id: 100 + count - index as i64,
            number: count - index as i64,
            ..*version
        })
        .collect()
}

/// The state of one version, said as the spec says it, case by case.
fn expected_state(version: &Version) -> State {
    if version.decision == Some(Decision::Moved) {
        return State::Moved;
    }
    if version.review == Review::Returned {
        return State::Returned;
    }
    if version.kind != Kind::Readable {
        return State::Unreadable;
    }
    // Named another institution (or none) and nobody decided: held, accepted or not.
    if !version.names_its_sender && version.decision.is_none() {
        return State::Held;
    }
    match (version.review, version.has_errors) {
        (Review::Accepted, _) => State::Accepted,
        (_, true) => State::Errors,
        (_, false) => State::Submitted,
    }
}

/// What the spec promises of the outcome for one institution's versions (newest first).
fn check_outcome(versions: &[Version]) {
    let outcome = take(versions);
    let own: Vec<&Version> = versions
        .iter()
        .filter(|version| version.decision != Some(Decision::Moved))
        .collect();
    let newest_accepted = own.iter().find(|version| {
        version.review == Review::Accepted && expected_state(version) == State::Accepted
    });
    let newest_mergeable = own.iter().find(|version| {
        matches!(
            expected_state(version),
            State::Errors | State::Submitted | State::Accepted
        )
    });
    match outcome {
        Outcome::Taken { version, why } => {
            // Never returned, held, unreadable or moved away.
            assert!(
                version.state().may_be_merged(),
                "{versions:?} took {version:?}"
            );
            assert_ne!(version.review, Review::Returned, "{versions:?}");
            assert!(!version.is_held(), "{versions:?}");
            assert_eq!(version.kind, Kind::Readable, "{versions:?}");
            assert_ne!(version.decision, Some(Decision::Moved), "{versions:?}");
            match newest_accepted {
                // The latest accepted version, when there is one.
                Some(accepted) => {
                    assert_eq!(
                        (version.id, why),
                        (accepted.id, Why::Accepted),
                        "{versions:?}"
                    );
                }
                // Otherwise the latest that may be merged.
                None => assert_eq!(
                    (Some(version.id), why),
                    (newest_mergeable.map(|v| v.id), Why::Latest),
                    "{versions:?}"
                ),
            }
        }
        Outcome::LeftOut { state, latest } => {
            assert!(newest_mergeable.is_none(), "{versions:?} left out");
            assert_eq!(latest.map(|v| v.id), own.first().map(|v| v.id));
            let expected = own.first().map_or(State::None, |v| expected_state(v));
            assert_eq!(state, expected, "{versions:?}");
            assert!(
                matches!(
                    state,
                    State::None | State::Returned | State::Held | State::Unreadable
                ),
                "left out as {state:?}"
            );
        }
    }
}

#[test]
fn every_single_version_has_the_state_the_spec_gives() {
    let all = every_version();
    assert_eq!(all.len(), 3 * 3 * 2 * 4 * 2);
    for version in &all {
        assert_eq!(version.state(), expected_state(version), "{version:?}");
        // A file naming its own link's institution is never held.
        if version.names_its_sender {
            assert!(!version.is_held(), "{version:?}");
        }
    }
}

#[test]
fn one_version_alone() {
    for version in every_version() {
        check_outcome(&numbered(&[version]));
    }
    assert_eq!(
        take(&[]),
        Outcome::LeftOut {
            state: State::None,
            latest: None
        }
    );
}

#[test]
fn every_pair_of_versions() {
    let all = every_version();
    for newer in &all {
        for older in &all {
            check_outcome(&numbered(&[*newer, *older]));
        }
    }
}

#[test]
fn every_three_versions_of_the_kinds_that_matter() {
    // One of each state a version can have, in every order of three.
    let samples: Vec<Version> = {
        let mut seen = Vec::new();
        let mut samples = Vec::new();
        for version in every_version() {
            let state = version.state();
            if !seen.contains(&state) {
                seen.push(state);
                samples.push(version);
            }
        }
        samples
    };
    assert_eq!(samples.len(), 7, "{samples:?}");
    for a in &samples {
        for b in &samples {
            for c in &samples {
                check_outcome(&numbered(&[*a, *b, *c]));
            }
        }
    }
}

fn readable(id: i64, review: Review, names_its_sender: bool) -> Version {
    Version {
        id,
        number: id,
        review,
        kind: Kind::Readable,
        names_its_sender,
        decision: None,
        has_errors: false,
    }
}

#[test]
fn another_institutions_file_through_the_wrong_link_leaves_the_owner_alone() {
    // РУО sent its file; a school forwarded РУО's file through ПИЦ's link.
    let versions = [
        ("ПИЦ", readable(2, Review::Pending, false)),
        ("РУО", readable(1, Review::Pending, true)),
    ];
    let plan = plan(&["РУО", "ПИЦ"], &versions);
    assert_eq!(plan[0].outcome.taken().map(|v| v.id), Some(1));
    assert_eq!(plan[0].state, State::Submitted);
    assert_eq!(
        plan[1].outcome,
        Outcome::LeftOut {
            state: State::Held,
            latest: Some(versions[0].1)
        }
    );
    // Kept as ПИЦ's after all: ПИЦ's file then.
    let kept = Version {
        decision: Some(Decision::Kept),
        ..versions[0].1
    };
    assert_eq!(take(&[kept]).taken().map(|v| v.id), Some(2));
}

#[test]
fn a_moved_version_belongs_to_the_institution_it_names() {
    let moved = Version {
        decision: Some(Decision::Moved),
        ..readable(2, Review::Pending, false)
    };
    // The copy at РУО names РУО.
    let copy = readable(3, Review::Pending, true);
    let versions = [
        ("ПИЦ", moved),
        ("РУО", copy),
        ("РУО", readable(1, Review::Pending, true)),
    ];
    let plan = plan(&["РУО", "ПИЦ"], &versions);
    assert_eq!(plan[0].outcome.taken().map(|v| v.id), Some(3));
    assert_eq!(plan[0].passed_over, []);
    assert_eq!(plan[0].versions, 2);
    // ПИЦ has nothing of its own left.
    assert_eq!(plan[1].state, State::None);
    assert_eq!(plan[1].versions, 0);
}

#[test]
fn newer_versions_passed_over_are_listed_with_their_states() {
    let pdf = Version {
        kind: Kind::Unreadable(Unreadable::Pdf),
        ..readable(3, Review::Pending, true)
    };
    let versions = [
        ("РУО", pdf),
        ("РУО", readable(2, Review::Returned, true)),
        ("РУО", readable(1, Review::Pending, true)),
    ];
    let plan = plan(&["РУО"], &versions);
    assert_eq!(plan[0].outcome.taken().map(|v| v.id), Some(1));
    assert_eq!(
        plan[0]
            .passed_over
            .iter()
            .map(Version::state)
            .collect::<Vec<_>>(),
        [State::Unreadable, State::Returned]
    );
    // The institution's state is its latest version's: the secretary sees the PDF.
    assert_eq!(plan[0].state, State::Unreadable);
}

#[test]
fn the_states_have_the_codes_of_the_api() {
    let codes: Vec<&str> = [
        State::None,
        State::Errors,
        State::Submitted,
        State::Accepted,
        State::Returned,
        State::Held,
        State::Unreadable,
    ]
    .into_iter()
    .map(State::code)
    .collect();
    assert_eq!(
        codes,
        [
            "none",
            "errors",
            "submitted",
            "accepted",
            "returned",
            "held",
            "unreadable"
        ]
    );
}
