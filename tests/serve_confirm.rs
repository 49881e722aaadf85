//! Every action of the secretary on a version or a link ends on a page that confirms what
//! happened (issue 29, the GOV.UK "confirmation" pattern), read from what the portal keeps:
//! accept, return with its comment, a held file kept or moved, a new personal link.

mod common;

use common::round_portal::{Portal, Reach, upload_sample};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use reqwest::header::LOCATION;
use serde_json::Value;

const RUO: &str = "РУО – Русе";
const PIC: &str = "ПИЦ";
const RUO_FILE: &str = "02-ruo-ruse.xlsx";

/// A form of the secretary: where its answer sends the browser (it must be a 303).
fn post_form(portal: &Portal, secretary: &Client, path: &str, fields: &[(&str, &str)]) -> String {
    let answer = secretary.post(portal.at(path)).form(fields).send().unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{path}");
    answer.headers()[LOCATION].to_str().unwrap().to_string()
}

/// The confirmation's heading: the text of the panel's `<h1>`.
fn panel(page: &str) -> &str {
    let start = page
        .find("<div class=\"panel\" role=\"status\">")
        .expect("a confirmation panel");
    let heading = &page[start..];
    let open = heading.find("<h1>").unwrap() + 4;
    &heading[open..heading.find("</h1>").unwrap()]
}

#[test]
fn accept_return_keep_move_and_a_new_link_each_end_on_a_confirmation() {
    let portal = Portal::start(Reach::Network);
    let (secretary, csrf) = portal.secretary();
    let ruo = portal.link(&secretary, RUO);
    let pic = portal.link(&secretary, PIC);

    // Accepted: the page names the version and what the merge takes now.
    let sent = upload_sample(&ruo, RUO_FILE);
    let id = sent["id"].as_i64().unwrap();
    let review = format!("/submissions/{id}/review");
    let location = post_form(
        &portal,
        &secretary,
        &review,
        &[("csrf", &csrf), ("decision", "accept"), ("comment", "")],
    );
    assert_eq!(location, format!("/submissions/{id}/done"));
    let page = portal.page(&secretary, &location);
    assert_eq!(panel(&page), "Версия 1 на „РУО – Русе“ е приета");
    assert!(
        page.contains("В обединяването от „РУО – Русе“ влиза версия 1."),
        "{page}"
    );
    assert!(
        page.contains(&format!("href=\"&#x2f;submissions&#x2f;{id}\"")),
        "{page}"
    );
    let english = portal.page(&secretary, &format!("{location}?lang=en"));
    assert!(panel(&english).ends_with("is accepted"), "{english}");
    assert!(english.contains("What next"), "{english}");

    // Returned: the comment, what the institution sees, and that nothing of it is merged.
    let comment = "Попълнете срока в колона E.";
    let location = post_form(
        &portal,
        &secretary,
        &review,
        &[
            ("csrf", &csrf),
            ("decision", "return"),
            ("comment", comment),
        ],
    );
    let page = portal.page(&secretary, &location);
    assert_eq!(
        panel(&page),
        "Версия 1 на „РУО – Русе“ е върната за поправка"
    );
    assert!(page.contains(comment), "{page}");
    assert!(
        page.contains("засега нищо не влиза в обединяването"),
        "{page}"
    );

    // A held file moved to the institution it names: the move's page is the new version's.
    let held = upload_sample(&pic, RUO_FILE);
    assert_eq!(held["state"], "held", "{held}");
    let decide = format!("/submissions/{}/decide", held["id"]);
    let location = post_form(
        &portal,
        &secretary,
        &decide,
        &[("csrf", &csrf), ("decision", "move"), ("comment", "")],
    );
    let page = portal.page(&secretary, &location);
    assert_eq!(
        panel(&page),
        "Файлът е преместен при „РУО – Русе“ като нейна версия 2"
    );
    assert!(
        page.contains("В обединяването от „РУО – Русе“ влиза версия 2."),
        "{page}"
    );

    // A held file kept as the version of the link that sent it.
    let held = upload_sample(&pic, RUO_FILE);
    let decide = format!("/submissions/{}/decide", held["id"]);
    let location = post_form(
        &portal,
        &secretary,
        &decide,
        &[("csrf", &csrf), ("decision", "keep"), ("comment", "")],
    );
    let page = portal.page(&secretary, &location);
    assert_eq!(panel(&page), "Файлът остава като версия 2 на „ПИЦ“");

    // A version nothing was done to has no confirmation: its own page instead.
    let plain = upload_sample(&ruo, RUO_FILE);
    let answer = secretary
        .get(portal.at(&format!("/submissions/{}/done", plain["id"])))
        .send()
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        answer.headers()[LOCATION],
        format!("/submissions/{}", plain["id"]).as_str()
    );

    // A new link: the page shows the new one, ready to copy, and never the old one.
    let index = portal
        .institutions(&secretary)
        .iter()
        .position(|row: &Value| row["institution"] == PIC)
        .unwrap();
    let location = post_form(
        &portal,
        &secretary,
        &format!("/links/{index}/replace"),
        &[("csrf", &csrf)],
    );
    assert_eq!(location, format!("/links/{index}/done"));
    let page = portal.page(&secretary, &location);
    let new_link = portal.link(&secretary, PIC);
    assert_ne!(new_link, pic);
    assert_eq!(panel(&page), "„ПИЦ“ има нова лична връзка");
    assert!(
        page.contains(&format!(
            "data-copy=\"{}\"",
            new_link.replace('/', "&#x2f;")
        )),
        "{page}"
    );
    assert!(
        !page.contains(&pic.replace('/', "&#x2f;")),
        "the old link is shown: {page}"
    );

    // The audit log says whose version each review was.
    let audit = portal.page(&secretary, "/audit");
    assert!(
        audit.contains(&format!("№{id} (РУО – Русе): приет")),
        "{audit}"
    );
    assert!(
        audit.contains(&format!("№{id} (РУО – Русе): върнат")),
        "{audit}"
    );

    // Nobody else sees a confirmation.
    for path in [
        format!("/submissions/{id}/done"),
        format!("/links/{index}/done"),
    ] {
        let answer = Portal::client().get(portal.at(&path)).send().unwrap();
        assert_ne!(answer.status(), StatusCode::OK, "{path}");
        assert!(
            !answer.text().unwrap().contains("role=\"status\""),
            "{path}"
        );
    }
}
