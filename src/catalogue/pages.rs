//! The portal's words: every label of its pages ([`page_texts`]), every sentence built from
//! counts and names ([`Phrase`]), and every error an HTTP answer can carry
//! ([`PortalProblem`]), in Bulgarian and English.

use std::collections::BTreeMap;

use super::{Lang, Noun, count};

macro_rules! page_texts {
    ($($key:ident: $bg:expr, $en:expr;)*) => {
        /// The fixed labels of the portal's pages in one language, one field per label: the
        /// code names a label as a field ([`PageTexts::of`]), so a label that does not exist
        /// fails the build; the templates use them as `t.<key>` ([`page_texts`]), and a test
        /// checks that every `t.<key>` of a template is a field.
        ///
        /// # Examples
        ///
        /// ```
        /// use zakrila::catalogue::{Lang, PageTexts};
        /// assert_eq!(PageTexts::of(Lang::Bg).upload, "Изпрати файла");
        /// assert_eq!(PageTexts::of(Lang::En).upload, "Send the file");
        /// ```
        #[derive(Clone, Copy, Debug)]
        pub struct PageTexts {
            $(
                #[doc = $en]
                pub $key: &'static str,
            )*
        }

        impl PageTexts {
            /// The labels in `lang`.
            pub fn of(lang: Lang) -> PageTexts {
                match lang {
                    Lang::Bg => PageTexts { $($key: $bg,)* },
                    Lang::En => PageTexts { $($key: $en,)* },
                }
            }

            /// Every label with its key, as the templates name them.
            pub fn by_key(&self) -> BTreeMap<&'static str, &'static str> {
                BTreeMap::from([$((stringify!($key), self.$key),)*])
            }
        }

        /// The fixed labels of the portal's pages by key, in one language, for the
        /// templates (`t.<key>`). Code names a label by [`PageTexts`]'s field instead.
        ///
        /// # Examples
        ///
        /// ```
        /// use zakrila::catalogue::{Lang, page_texts};
        /// assert_eq!(page_texts(Lang::Bg)["upload"], "Изпрати файла");
        /// assert_eq!(page_texts(Lang::En)["upload"], "Send the file");
        /// ```
        pub fn page_texts(lang: Lang) -> BTreeMap<&'static str, &'static str> {
            PageTexts::of(lang).by_key()
        }
    };
}

page_texts! {
    lang_switch: "English", "Български";
    portal: "Портал за приноси към програмата", "Contributions portal of the programme";
    period: "Период", "Period";
    due: "Срок за подаване", "Due";
    template_heading: "1. Изтеглете шаблона", "1. Download the template";
    template_help: "Шаблонът е таблица на Excel с вашата институция, вече избрана на лист „Институция“. Попълнете лист „Дейности“ в Excel или LibreOffice.", "The template is an Excel workbook with your institution already chosen on the sheet \"Институция\". Fill in the sheet \"Дейности\" in Excel or LibreOffice.";
    template_download: "Изтегли шаблона", "Download the template";
    upload_heading: "2. Изпратете попълнения файл", "2. Send the filled workbook";
    upload_help: "Изберете файла (.xlsx, .xls, .ods) и натиснете „Изпрати файла“. Можете да изпращате колкото пъти искате: всяко изпращане е нова версия и нищо не се губи.", "Choose the file (.xlsx, .xls, .ods) and press \"Send the file\". You may send as often as you like: every file is a new version and nothing is lost.";
    upload_file: "Файл", "File";
    upload: "Изпрати файла", "Send the file";
    drop_here: "или пуснете файла тук", "or drop the file here";
    result_heading: "Проверка на изпратения файл", "Check of the file you sent";
    no_findings: "Файлът няма грешки и предупреждения.", "The file has no errors and no warnings.";
    annotated_download: "Изтегли файла с отбелязаните проблеми", "Download the file with the problems marked";
    annotated_help: "Копието съдържа вашите данни в шаблона; всяка клетка с проблем е оцветена и има бележка, а лист „Проверка“ изброява всичко по-долу.", "The copy holds your data in the template; every problem cell is coloured and has a note, and the sheet \"Проверка\" lists everything below.";
    versions_heading: "Изпратени версии", "Versions sent";
    no_versions: "Още не сте изпратили файл.", "You have not sent a file yet.";
    version: "Версия", "Version";
    sent_at: "Изпратена", "Sent";
    file: "Файл", "File";
    rows: "Редове", "Rows";
    errors: "Грешки", "Errors";
    warnings: "Предупреждения", "Warnings";
    review_state: "Преглед", "Review";
    comment: "Коментар", "Comment";
    sheet: "Лист", "Sheet";
    cell: "Клетка", "Cell";
    column: "Колона", "Column";
    severity: "Вид", "Kind";
    message: "Какво да се направи", "What to do";
    whole_file: "Целият файл", "The whole file";
    state_none: "няма файл", "no file";
    state_errors: "с грешки", "with errors";
    state_submitted: "подаден", "submitted";
    state_accepted: "приет", "accepted";
    state_returned: "върнат", "returned";
    not_reviewed: "не е прегледан", "not reviewed";
    late: "закъснял", "late";
    login_heading: "Вход за секретаря на комисията", "Sign in for the commission's secretary";
    password: "Парола", "Password";
    login: "Вход", "Sign in";
    logout: "Изход", "Sign out";
    setup_heading: "Изберете парола на секретаря", "Choose the secretary's password";
    setup_help: "Тази връзка важи еднократно. Паролата трябва да е поне 10 знака.", "This link works once. The password must have at least 10 characters.";
    save: "Запази", "Save";
    dashboard: "Табло", "Dashboard";
    institution: "Институция", "Institution";
    state: "Състояние", "State";
    latest: "Последна версия", "Latest version";
    versions: "Версии", "Versions";
    link: "Лична връзка", "Personal link";
    copy: "Копирай", "Copy";
    copied: "Копирано", "Copied";
    letter: "Писмо", "Letter";
    reminder: "Напомняне", "Reminder";
    replace_link: "Нова връзка", "New link";
    replace_link_help: "Старата връзка спира да работи веднага.", "The old link stops working at once.";
    confirm_what_next: "Какво следва", "What next";
    confirm_see_version: "Към версията и проверката ѝ", "To the version and its check";
    confirm_dashboard: "Към таблото", "To the dashboard";
    confirm_returned_next: "Институцията вижда коментара на своята страница и може да изпрати поправена версия по същата връзка.", "The institution sees the comment on its page and may send a corrected version through the same link.";
    confirm_link_next: "Старата връзка вече не отваря страницата на институцията. Изпратете ѝ новата — копирайте я или отпечатайте писмото.", "The old link no longer opens the institution's page. Send it the new one: copy it or print the letter.";
    open: "Отвори", "Open";
    merge_heading: "Обединяване", "Merge";
    merge_help: "Програмата се съставя от последната приета версия на всяка институция, а ако няма приета — от последната ѝ версия, която не е върната, задържана или нечетима. Преди да обедините, ще видите кое влиза и кое остава извън програмата.", "The programme is made from each institution's latest accepted version, or, when none is accepted, its latest version that is neither returned, held nor unreadable. Before you merge you see what is taken and what is left out.";
    merge: "Обедини приносите", "Merge the contributions";
    merged: "Програмата е обединена", "The programme was merged";
    merge_download: "Изтегли програмата", "Download the programme";
    password_heading: "Смяна на паролата", "Change the password";
    new_password: "Нова парола", "New password";
    change: "Смени", "Change";
    submission_heading: "Версия на приноса", "Version of a contribution";
    original_download: "Изтегли изпратения файл", "Download the file as sent";
    review_heading: "Преглед", "Review";
    accept: "Приеми", "Accept";
    return_file: "Върни за поправка", "Return for correction";
    back: "Към таблото", "Back to the dashboard";
    sha256: "SHA-256", "SHA-256";
    letter_heading: "Покана за принос към общинската програма за закрила на детето", "Invitation to contribute to the municipal child-protection programme";
    letter_heading_report: "Покана за отчет за изпълнението на общинската програма за закрила на детето", "Invitation to report on the implementation of the municipal child-protection programme";
    print: "Печат", "Print";
    reminder_text: "Текст за напомняне (копирайте го в писмо)", "Reminder text (copy it into a message)";
    secretary_comment: "Коментар на секретаря", "The secretary's comment";
    footer: "zakrila — общински програми за закрила на детето", "zakrila — municipal child-protection programmes";
    findings_heading: "Проблеми по клетки", "Problems by cell";
    reporting_heading: "Отчет за изпълнението", "Implementation report";
    report_help: "Изтеглете работната книга за отчета: в нея са само дейностите, за които вашата институция е водеща. Попълнете колоните „Отчетена стойност“, „Статус“, „Изразходван бюджет“ и „Коментар“ и я изпратете оттук.", "Download the reporting workbook: it holds only the activities your institution leads. Fill in the columns \"Отчетена стойност\", \"Статус\", \"Изразходван бюджет\" and \"Коментар\" and send it from here.";
    report_download: "Изтегли работната книга за отчета", "Download the reporting workbook";
    report_upload: "Изпрати отчета", "Send the report";
    report_versions: "Изпратени отчети", "Reports sent";
    no_reports: "Още не сте изпратили отчет.", "You have not sent a report yet.";
    indicators: "Индикатори", "Indicators";
    reported: "Отчетени", "Reported";
    report_due: "Срок за отчета", "Report due";
    state_no_report: "няма отчет", "no report";
    reporting_round: "Отчетен кръг", "Reporting round";
    start_round: "Започни отчетния кръг", "Start the reporting round";
    start_round_help: "Изберете приетата от общинския съвет програма (.xlsx, направена от zakrila) и натиснете „Провери програмата“, или започнете от последното обединяване. Преди началото ще видите водещите институции и индикаторите им.", "Choose the programme the municipal council adopted (.xlsx made by zakrila) and press \"Check the programme\", or start from the latest merge. Before the start you see the lead institutions and their indicators.";
    start_from_merge: "От последното обединяване…", "From the latest merge…";
    programme_file: "Приета програма", "Adopted programme";
    round_started: "Отчетният кръг е започнат", "The reporting round was started";
    collect: "Събери отчетите", "Collect the reports";
    collected: "Отчетът за изпълнението е събран", "The implementation report was collected";
    collect_download: "Изтегли отчета за изпълнението", "Download the implementation report";
    export_heading: "За Държавната агенция за закрила на детето", "For the State Agency for Child Protection";
    export_help: "Един архив с CSV файла, същия файл за Excel на български и описанието му (datapackage.json). Стойностите от отчета влизат, когато отчетът е събран.", "One archive with the CSV, the same file for Bulgarian-locale Excel, and its description (datapackage.json). The reported values are included once the reports are collected.";
    export_zip: "Изтегли архива (UTF-8)", "Download the archive (UTF-8)";
    export_zip_1251: "Изтегли архива (Windows-1251)", "Download the archive (Windows-1251)";
    audit: "Дневник", "Audit log";
    audit_help: "Всяко действие в портала: изпращане, преглед, обединяване, текстът и документите за общинския съвет, отчет, износ, вход и смяна на връзка.", "Every action in the portal: uploads, reviews, merges, the text and documents for the council, reports, exports, logins and link changes.";
    files_zip: "Всички изпратени файлове (zip)", "Every file sent (zip)";
    at: "Кога", "When";
    actor: "Кой", "Who";
    action: "Действие", "Action";
    subject: "Какво", "What";
    detail: "Подробности", "Detail";
    audit_upload: "изпратен файл", "file sent";
    audit_review: "преглед", "review";
    audit_merge: "обединяване", "merge";
    audit_login: "вход", "sign-in";
    audit_login_failed: "неуспешен вход", "failed sign-in";
    audit_link_replaced: "нова връзка", "new link";
    audit_password_set: "нова парола", "new password";
    audit_round_started: "начало на отчетния кръг", "reporting round started";
    audit_implementation: "събран отчет за изпълнението", "implementation report collected";
    audit_export: "износ за агенцията", "export for the agency";
    audit_files_zip: "изтеглени всички файлове", "every file downloaded";
    actor_secretary: "секретарят", "the secretary";
    actor_anyone: "неизвестен", "unknown";
    actor_system: "системата", "the system";
    review_accepted: "приет", "accepted";
    review_returned: "върнат", "returned";
    review_kept: "оставен", "kept";
    review_moved: "преместен", "moved";
    state_held: "задържан", "held";
    state_unreadable: "нечетим", "unreadable";
    state_moved: "преместен", "moved";
    in_merge: "в програмата", "in the programme";
    not_in_merge: "не влиза в програмата", "not in the programme";
    merge_review: "Прегледай и обедини", "Review and merge";
    merge_plan_heading: "Какво ще влезе в програмата", "What the programme will hold";
    merge_plan_help: "Обединяването взема от всяка институция последната ѝ приета версия, а ако няма приета — последната, която не е върната, задържана или нечетима. Проверете списъка и натиснете „Обедини приносите“.", "The merge takes each institution's latest accepted version, or, when none is accepted, its latest one that is neither returned, held nor unreadable. Check the list and press \"Merge the contributions\".";
    taken_heading: "Влизат в програмата", "Taken into the programme";
    left_out_heading: "Остават извън програмата", "Left out of the programme";
    why: "Защо", "Why";
    why_accepted: "последната приета версия", "the latest accepted version";
    why_latest: "няма приета; последната, която не е върната, задържана или нечетима", "none accepted; the latest that is not returned, held or unreadable";
    passed_over: "Не се вземат по-новите", "Newer versions not taken";
    no_file_list: "Без файл", "No file";
    nothing_taken: "Няма нито една версия, която обединяването да вземе.", "There is no version for the merge to take.";
    decide_heading: "Чий е този файл?", "Whose file is this?";
    decide_help: "Файлът е задържан: не влиза в програмата, докато не решите. Всяко решение се записва в дневника.", "The file is held: it is not merged until you decide. Every decision goes in the audit log.";
    decide_keep: "Остави го като версия на", "Keep it as a version of";
    decide_move: "Премести го при", "Move it to";
    decide_return: "Върни го за поправка", "Return it for correction";
    add_file: "Добави файл", "Add a file";
    add_file_help: "Файл, получен по имейл: пуснете го тук или го изберете. Пази се като версия на институцията, изпратена от секретаря.", "A file received by e-mail: drop it here or choose it. It is kept as the institution's version, sent by the secretary.";
    add_file_short: "Файл, получен по имейл", "A file received by e-mail";
    sent_by: "Изпратен от", "Sent by";
    sent_by_link: "институцията (личната ѝ връзка)", "the institution (its personal link)";
    sent_by_secretary: "секретаря (получен по имейл)", "the secretary (received by e-mail)";
    sent_by_move: "секретаря (преместен от друга институция)", "the secretary (moved from another institution)";
    reporting_plan_heading: "Отчетният кръг ще започне така", "The reporting round will start like this";
    reporting_plan_help: "Всяка водеща институция ще намери на страницата си работна книга за отчета с дейностите, за които е водеща. Проверете програмата и институциите и натиснете „Започни отчетния кръг“.", "Each lead institution will find on its page a reporting workbook with the activities it leads. Check the programme and the institutions and press \"Start the reporting round\".";
    reporting_plan_check: "Провери програмата", "Check the programme";
    other_programme: "Друга програма", "Another programme";
    programme_source: "Програма", "Programme";
    lead_institution: "Водеща институция", "Lead institution";
    reporting_restart_note: "Отчетен кръг вече е започнат: новият започва без отчети (изпратените досега остават запазени).", "A reporting round is already on: the new one starts with no reports (those sent so far stay kept).";
    audit_decide: "решение за задържан файл", "decision on a held file";
    document_download: "Документ за общинския съвет (.docx)", "Document for the council (.docx)";
    report_document_download: "Отчет (.docx)", "Report (.docx)";
    latest_merge: "Последно обединение", "Latest merge";
    audit_text_saved: "запазен текст на програмата", "programme text saved";
    audit_document: "документ за общинския съвет", "document for the council";
    audit_mail_links: "лични връзки по имейл", "personal links e-mailed";
    audit_mail_reminders: "напомняния по имейл", "reminders e-mailed";
    audit_mail_address: "имейл адрес на институция", "an institution's e-mail address";
    latest_report: "Последен отчет за изпълнението", "Latest implementation report";
    text_heading: "Текстът на програмата", "The programme's text";
    text_link: "Текстът на програмата (programme.md)", "The programme's text (programme.md)";
    text_help: "Това е текстът на документа за общинския съвет извън таблицата: въведение, стратегическа цел и приоритети, мониторинг, финансиране. Всеки ред в текста на раздел е отделен абзац; ред, започващ с „# “, е заглавие. {община}, {период} и {година} се заменят в документа. Всяко запазване е нова версия, а предишните остават.", "This is the text of the council's document outside the table: introduction, strategic goal and priorities, monitoring, financing. Each line of a section's text is a paragraph of its own; a line starting with \"# \" is a heading. {община}, {период} and {година} are replaced in the document. Every save is a new version, and the earlier ones stay.";
    section: "Раздел", "Section";
    section_heading: "Заглавие", "Heading";
    section_subheading: "подзаглавие", "subheading";
    section_text: "Текст (по един абзац на ред)", "Text (one paragraph a line)";
    section_table: "Тук е таблицата на програмата: целите, дейностите, сроковете, индикаторите, бюджетът и отговорните институции от обединението.", "The programme's table goes here: the goals, activities, deadlines, indicators, budget and responsible institutions of the merge.";
    new_section: "Нов раздел", "New section";
    new_section_help: "Попълнете, за да добавите раздел в края. Раздел с празни заглавие и текст отпада при запазването.", "Fill in to add a section at the end. A section whose heading and text are empty is left out when saving.";
    text_save: "Запази нова версия", "Save a new version";
    text_versions: "Запазени версии", "Saved versions";
    text_notes: "Какво да се погледне в текста", "What to look at in the text";
    saved_at: "Запазена", "Saved";
    size: "Размер", "Size";
    download: "Изтегли", "Download";
}

/// Sentences of the portal built from counts, names and dates.
#[derive(Clone, Debug)]
pub enum Phrase<'a> {
    /// "12 от 17 институции са подали"
    SubmittedOf {
        /// Institutions that sent a contribution of their own (a held or unreadable file
        /// alone does not count).
        submitted: usize,
        /// Configured institutions.
        total: usize,
    },
    /// "Файлът има 29 реда, 2 грешки и 1 предупреждение."
    FileCounts {
        /// Data rows.
        rows: usize,
        /// Errors.
        errors: usize,
        /// Warnings.
        warnings: usize,
    },
    /// "3 файла, 120 реда: 118 приети, 2 отхвърлени"
    MergeCounts {
        /// Files merged.
        files: usize,
        /// Rows read.
        rows: usize,
        /// Rows accepted.
        accepted: usize,
        /// Rows rejected.
        rejected: usize,
        /// Rows skipped as no activity.
        skipped: usize,
    },
    /// The file names another institution than the link's.
    OtherInstitution {
        /// The institution named in the file.
        named: &'a str,
        /// The link's institution.
        link: &'a str,
    },
    /// The file names no configured institution.
    NoInstitutionNamed {
        /// The link's institution.
        link: &'a str,
    },
    /// The file sent through one link was also sent, byte for byte, by other
    /// institutions.
    SameBytesFrom {
        /// The other institutions, in the order they sent it.
        institutions: Vec<&'a str>,
    },
    /// A held version the secretary kept as the link's institution's.
    KeptBySecretary {
        /// The link's institution.
        link: &'a str,
    },
    /// A held version the secretary moved to the institution it names.
    MovedTo {
        /// The institution it names.
        named: &'a str,
        /// Its version number there.
        version: i64,
    },
    /// A version moved here by the secretary from another institution's link.
    MovedFrom {
        /// The institution whose link sent it.
        sender: &'a str,
    },
    /// A version the secretary added (a file received by e-mail).
    AddedBySecretary,
    /// One sentence for a file that is not a readable contribution (or report): what it
    /// is and which form takes it.
    NotAContribution {
        /// What it is: a code of [`crate::round::Unreadable`] (`pdf`, `report-workbook` …).
        kind: &'a str,
        /// Whether it came through the report form (else the contribution form).
        report_form: bool,
        /// For a file that cannot be opened: the reader's sentence.
        detail: Option<String>,
    },
    /// "1 задържан", "2 нечетими": a count of institutions in a state, for the top line.
    StateCount {
        /// The state's code.
        state: &'a str,
        /// How many institutions.
        count: usize,
    },
    /// What the merge will do: "Ще бъдат обединени 6 файла с 154 реда; 40 институции
    /// остават извън програмата."
    MergePlan {
        /// Files to be merged.
        files: usize,
        /// Their rows.
        rows: usize,
        /// Institutions left out.
        left_out: usize,
    },
    /// Why an institution is left out of the merge, by the state of its latest version.
    LeftOutBecause {
        /// The state's code: `held`, `returned`, `unreadable` or `none`.
        state: &'a str,
    },
    /// What the merge left out, after it: "Извън програмата: ПИЦ (задържан), …".
    LeftOutList {
        /// Each institution left out with the word of its state, for those that sent
        /// something.
        sent: Vec<(String, String)>,
        /// How many sent nothing.
        none: usize,
    },
    /// The dashboard of a portal that listens on this computer only.
    LoopbackNote {
        /// The address it answers on.
        url: &'a str,
    },
    /// A letter or reminder asked for while the links work only on this computer.
    LinksOnlyHere,
    /// A decision asked for on a version that is not held.
    NotHeld,
    /// A move asked for on a file that names no configured institution.
    NamesNoInstitution,
    /// An accept asked for on a held version.
    AcceptHeld,
    /// The confirmation of an accept: "Версия 3 на „РУО – Русе“ е приета".
    ConfirmAccepted {
        /// The version's institution.
        institution: &'a str,
        /// Its number.
        version: i64,
    },
    /// The confirmation of a return for correction.
    ConfirmReturned {
        /// The version's institution.
        institution: &'a str,
        /// Its number.
        version: i64,
    },
    /// The confirmation of a held file kept as the version of the link that sent it.
    ConfirmKept {
        /// The version's institution.
        institution: &'a str,
        /// Its number.
        version: i64,
    },
    /// The confirmation of a held file moved to the institution it names.
    ConfirmMoved {
        /// The institution it is a version of now.
        institution: &'a str,
        /// Its number there.
        version: i64,
    },
    /// What the merge takes of the institution now: "В обединяването влиза версия 3 на …".
    ConfirmTaken {
        /// The institution.
        institution: &'a str,
        /// The version the merge takes, if any.
        version: Option<i64>,
    },
    /// The confirmation of a new personal link.
    ConfirmLinkReplaced {
        /// The institution.
        institution: &'a str,
    },
    /// An accept asked for on a file that is not a readable contribution.
    AcceptUnreadable,
    /// The secretary's upload names no configured institution.
    UnknownInstitution {
        /// The name given.
        name: &'a str,
    },
    /// The programme a reporting round starts from: "обединяване № 3 от 12.03.2026 10:15"
    /// or the file's name.
    ProgrammeFromMerge {
        /// The merge's number.
        id: i64,
        /// When it was made (local time).
        at: &'a str,
    },
    /// The counts of a reporting round's programme: "15 водещи институции, 120 индикатора".
    RoundPlan {
        /// Lead institutions.
        leads: usize,
        /// Indicators.
        indicators: usize,
    },
    /// `ZAKRILA_ADMIN_PASSWORD` is set, but a password exists: the variable is ignored.
    AdminPasswordIgnored {
        /// The data folder, for the command that changes it.
        data: &'a std::path::Path,
    },
    /// The version was sent: "Версия 3 е получена и запазена."
    Received {
        /// The version number.
        version: i64,
    },
    /// The subject of a reminder e-mail.
    ReminderSubject {
        /// The programme's title.
        programme: &'a str,
    },
    /// The text of a reminder e-mail or letter.
    ReminderBody {
        /// The institution.
        institution: &'a str,
        /// The programme's title.
        programme: &'a str,
        /// The municipality.
        municipality: &'a str,
        /// "31.03.2025", when a due date is set.
        due: Option<String>,
        /// The personal link.
        link: &'a str,
    },
    /// The first paragraph of the printable letter.
    LetterBody {
        /// The institution.
        institution: &'a str,
        /// The programme's title.
        programme: &'a str,
        /// The municipality.
        municipality: &'a str,
        /// "31.03.2025", when a due date is set.
        due: Option<String>,
    },
    /// The steps of the letter.
    LetterSteps,
    /// The first paragraph of the letter in the reporting round.
    ReportLetterBody {
        /// The institution.
        institution: &'a str,
        /// The programme's title.
        programme: &'a str,
        /// The municipality.
        municipality: &'a str,
        /// "28.02.2027", when a due date is set.
        due: Option<String>,
    },
    /// The steps of the letter in the reporting round.
    ReportLetterSteps,
    /// "отчетени 12 от 30 индикатора"
    ReportedOf {
        /// Indicators reported.
        reported: usize,
        /// Indicators the institution leads.
        total: usize,
    },
    /// "5 от 9 водещи институции са изпратили отчет"
    ReportsSentOf {
        /// Lead institutions with a report.
        sent: usize,
        /// Lead institutions.
        total: usize,
    },
    /// The counts of a collect: "4 отчета, 120 индикатора: 80 отчетени, 2 грешки"
    CollectCounts {
        /// Report files.
        files: usize,
        /// Indicators of the programme.
        indicators: usize,
        /// Indicators reported.
        reported: usize,
        /// Errors in the reports.
        errors: usize,
    },
    /// The subject of a report reminder.
    ReportReminderSubject {
        /// The programme's title.
        programme: &'a str,
    },
    /// The text of a report reminder.
    ReportReminderBody {
        /// The institution.
        institution: &'a str,
        /// The programme's title.
        programme: &'a str,
        /// The municipality.
        municipality: &'a str,
        /// "28.02.2027", when a due date is set.
        due: Option<String>,
        /// The personal link.
        link: &'a str,
    },
    /// A programme workbook that cannot start a round.
    ProgrammeNotUsable {
        /// Why, in the reader's words.
        reason: String,
    },
    /// There is nothing to start a round from, or to export.
    NoProgrammeYet,
    /// The reporting round has not been started.
    NoReportingRound,
    /// The institution leads no activity of the programme.
    NothingToReport,
    /// A password shorter than allowed.
    PasswordTooShort,
    /// The password was changed.
    PasswordChanged,
    /// A wrong password at login.
    WrongPassword,
    /// The secretary's first start printed a setup link.
    SetupLink {
        /// The link.
        link: &'a str,
    },
    /// The server is listening.
    Listening {
        /// The address to open.
        url: &'a str,
        /// The data folder.
        data: &'a std::path::Path,
    },
}

impl Phrase<'_> {
    /// The sentence in `lang`.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::catalogue::{Lang, Phrase};
    /// let phrase = Phrase::SubmittedOf { submitted: 12, total: 17 };
    /// assert_eq!(phrase.render(Lang::Bg), "12 от 17 институции са подали файл");
    /// let phrase = Phrase::FileCounts { rows: 29, errors: 2, warnings: 1 };
    /// assert_eq!(phrase.render(Lang::Bg), "Файлът има 29 реда, 2 грешки и 1 предупреждение.");
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (Phrase::SubmittedOf { submitted, total }, Lang::Bg) => {
                let verb = if *submitted == 1 { "е подала" } else { "са подали" };
                let noun = if *total == 1 { "институция" } else { "институции" };
                format!("{submitted} от {total} {noun} {verb} файл")
            }
            (Phrase::SubmittedOf { submitted, total }, Lang::En) => {
                let noun = if *total == 1 { "institution" } else { "institutions" };
                let verb = if *submitted == 1 { "has" } else { "have" };
                format!("{submitted} of {total} {noun} {verb} sent a file")
            }
            (
                Phrase::FileCounts {
                    rows,
                    errors,
                    warnings,
                },
                Lang::Bg,
            ) => format!(
                "Файлът има {}, {} и {}.",
                count(*rows, Noun::Row, lang),
                count(*errors, Noun::Error, lang),
                count(*warnings, Noun::Warning, lang)
            ),
            (
                Phrase::FileCounts {
                    rows,
                    errors,
                    warnings,
                },
                Lang::En,
            ) => format!(
                "The file has {}, {} and {}.",
                count(*rows, Noun::Row, lang),
                count(*errors, Noun::Error, lang),
                count(*warnings, Noun::Warning, lang)
            ),
            (
                Phrase::MergeCounts {
                    files,
                    rows,
                    accepted,
                    rejected,
                    skipped,
                },
                Lang::Bg,
            ) => format!(
                "{}, {}: {accepted} приети, {rejected} отхвърлени{}",
                count(*files, Noun::File, lang),
                count(*rows, Noun::Row, lang),
                if *skipped > 0 {
                    format!(", {skipped} пропуснати (не са дейности)")
                } else {
                    String::new()
                }
            ),
            (
                Phrase::MergeCounts {
                    files,
                    rows,
                    accepted,
                    rejected,
                    skipped,
                },
                Lang::En,
            ) => format!(
                "{}, {}: {accepted} accepted, {rejected} rejected{}",
                count(*files, Noun::File, lang),
                count(*rows, Noun::Row, lang),
                if *skipped > 0 {
                    format!(", {skipped} skipped (no activities)")
                } else {
                    String::new()
                }
            ),
            (Phrase::OtherInstitution { named, link }, Lang::Bg) => format!(
                "Внимание: на лист „Институция“ файлът посочва „{named}“, а е изпратен с връзката на „{link}“. Пазим го като версия на „{link}“, задържана: не влиза в програмата, докато секретарят не реши чия е. Ако сте изпратили чужд файл, изпратете своя."
            ),
            (Phrase::OtherInstitution { named, link }, Lang::En) => format!(
                "Note: on the sheet \"Институция\" the file names \"{named}\", but it was sent with the link of \"{link}\". It is kept as a version of \"{link}\", held: it is not merged until the secretary decides whose it is. If you sent another institution's file, send your own."
            ),
            (Phrase::NoInstitutionNamed { link }, Lang::Bg) => format!(
                "Внимание: на лист „Институция“ файлът не посочва институция от списъка. Пазим го като версия на „{link}“, задържана: не влиза в програмата, докато секретарят не реши чия е. Изберете институцията в клетка B1 и изпратете файла отново."
            ),
            (Phrase::NoInstitutionNamed { link }, Lang::En) => format!(
                "Note: on the sheet \"Институция\" the file names no institution of the list. It is kept as a version of \"{link}\", held: it is not merged until the secretary decides whose it is. Choose the institution in cell B1 and send the file again."
            ),
            (Phrase::SameBytesFrom { institutions }, Lang::Bg) => format!(
                "Същият файл (байт по байт) е изпратен и от {}.",
                quoted_list(institutions, Lang::Bg)
            ),
            (Phrase::SameBytesFrom { institutions }, Lang::En) => format!(
                "The same file (byte for byte) was also sent by {}.",
                quoted_list(institutions, Lang::En)
            ),
            (Phrase::KeptBySecretary { link }, Lang::Bg) => format!(
                "Секретарят реши файлът да остане версия на „{link}“."
            ),
            (Phrase::KeptBySecretary { link }, Lang::En) => format!(
                "The secretary decided the file stays a version of \"{link}\"."
            ),
            (Phrase::MovedTo { named, version }, Lang::Bg) => format!(
                "Секретарят премести файла при „{named}“ (нейна версия {version}); тук той не влиза в програмата."
            ),
            (Phrase::MovedTo { named, version }, Lang::En) => format!(
                "The secretary moved the file to \"{named}\" (its version {version}); here it is not merged."
            ),
            (Phrase::MovedFrom { sender }, Lang::Bg) => format!(
                "Файлът е изпратен с връзката на „{sender}“ и секретарят го премести тук, при институцията, която посочва."
            ),
            (Phrase::MovedFrom { sender }, Lang::En) => format!(
                "The file was sent with the link of \"{sender}\" and the secretary moved it here, to the institution it names."
            ),
            (Phrase::AddedBySecretary, Lang::Bg) => "Файлът е получен по имейл и добавен от секретаря.".into(),
            (Phrase::AddedBySecretary, Lang::En) => "The file was received by e-mail and added by the secretary.".into(),
            (
                Phrase::NotAContribution {
                    kind,
                    report_form,
                    detail,
                },
                lang,
            ) => not_a_contribution(kind, *report_form, detail.as_deref(), lang),
            (Phrase::StateCount { state, count }, Lang::Bg) => {
                let (one, many) = match *state {
                    "held" => ("задържан", "задържани"),
                    "unreadable" => ("нечетим", "нечетими"),
                    "returned" => ("върнат", "върнати"),
                    "errors" => ("с грешки", "с грешки"),
                    _ => ("без файл", "без файл"),
                };
                format!("{count} {}", if *count == 1 { one } else { many })
            }
            (Phrase::StateCount { state, count }, Lang::En) => {
                let word = match *state {
                    "held" => "held",
                    "unreadable" => "unreadable",
                    "returned" => "returned",
                    "errors" => "with errors",
                    _ => "without a file",
                };
                format!("{count} {word}")
            }
            (
                Phrase::MergePlan {
                    files,
                    rows,
                    left_out,
                },
                Lang::Bg,
            ) => {
                let verb = if *files == 1 { "Ще бъде обединен" } else { "Ще бъдат обединени" };
                let left = if *left_out == 1 {
                    "1 институция остава извън програмата".to_string()
                } else {
                    format!("{left_out} институции остават извън програмата")
                };
                format!(
                    "{verb} {} с {}; {left}.",
                    count(*files, Noun::File, lang),
                    count(*rows, Noun::Row, lang)
                )
            }
            (
                Phrase::MergePlan {
                    files,
                    rows,
                    left_out,
                },
                Lang::En,
            ) => {
                let left = if *left_out == 1 {
                    "1 institution is left out of the programme".to_string()
                } else {
                    format!("{left_out} institutions are left out of the programme")
                };
                format!(
                    "{} with {} will be merged; {left}.",
                    count(*files, Noun::File, lang),
                    count(*rows, Noun::Row, lang)
                )
            }
            (Phrase::LeftOutBecause { state }, Lang::Bg) => match *state {
                "held" => "файлът посочва друга институция или никоя: решете чий е на страницата на версията",
                "returned" => "последният файл е върнат за поправка; нов още не е изпратен",
                "unreadable" => "последният файл не е принос (PDF, отчет, друга таблица или без редове)",
                _ => "не е изпратила файл",
            }
            .into(),
            (Phrase::LeftOutBecause { state }, Lang::En) => match *state {
                "held" => "the file names another institution, or none: decide whose it is on the version's page",
                "returned" => "the latest file was returned for correction; no new one has come",
                "unreadable" => "the latest file is no contribution (a PDF, a report, another workbook, or no rows)",
                _ => "it has sent no file",
            }
            .into(),
            (Phrase::LeftOutList { sent, none }, lang) => {
                let mut parts: Vec<String> = sent
                    .iter()
                    .map(|(institution, word)| match lang {
                        Lang::Bg => format!("„{institution}“ ({word})"),
                        Lang::En => format!("\"{institution}\" ({word})"),
                    })
                    .collect();
                if *none > 0 {
                    parts.push(match lang {
                        Lang::Bg if *none == 1 => "1 институция без файл".to_string(),
                        Lang::Bg => format!("{none} институции без файл"),
                        Lang::En if *none == 1 => "1 institution without a file".to_string(),
                        Lang::En => format!("{none} institutions without a file"),
                    });
                }
                let list = if parts.is_empty() {
                    match lang {
                        Lang::Bg => "никоя".to_string(),
                        Lang::En => "none".to_string(),
                    }
                } else {
                    parts.join(", ")
                };
                match lang {
                    Lang::Bg => format!("Извън програмата: {list}."),
                    Lang::En => format!("Left out of the programme: {list}."),
                }
            }
            (Phrase::LoopbackNote { url }, Lang::Bg) => format!(
                "Порталът работи само на този компютър ({url}): личните връзки не се отварят от други компютри, затова тук няма връзки, писма и напомняния. Файл, получен по имейл, пуснете върху реда на институцията или го изберете там: пази се като нейна версия, изпратена от секретаря. За връзки, които институциите да отварят, пуснете портала в мрежата на общината (--listen 0.0.0.0:8080) или на сървър (--base-url)."
            ),
            (Phrase::LoopbackNote { url }, Lang::En) => format!(
                "The portal runs on this computer only ({url}): the personal links do not open on other computers, so there are no links, letters or reminders here. Drop a file received by e-mail on the institution's row, or choose it there: it is kept as the institution's version, sent by the secretary. For links institutions can open, run the portal on the municipal network (--listen 0.0.0.0:8080) or on a server (--base-url)."
            ),
            (Phrase::LinksOnlyHere, Lang::Bg) => "Порталът работи само на този компютър и личните връзки не се отварят от институциите, затова няма писма и напомняния с тях. Добавете получените по имейл файлове от таблото.".into(),
            (Phrase::LinksOnlyHere, Lang::En) => "The portal runs on this computer only and institutions cannot open the personal links, so there are no letters or reminders with them. Add the files received by e-mail from the dashboard.".into(),
            (Phrase::NotHeld, Lang::Bg) => "Тази версия не е задържана (или вече е решено за нея); приемете я или я върнете от прегледа.".into(),
            (Phrase::NotHeld, Lang::En) => "This version is not held (or was decided on already); accept or return it in the review.".into(),
            (Phrase::NamesNoInstitution, Lang::Bg) => "Файлът не посочва институция от списъка и не може да бъде преместен: оставете го или го върнете.".into(),
            (Phrase::NamesNoInstitution, Lang::En) => "The file names no institution of the list and cannot be moved: keep it or return it.".into(),
            (Phrase::ConfirmAccepted { institution, version }, Lang::Bg) => {
                format!("Версия {version} на „{institution}“ е приета")
            }
            (Phrase::ConfirmAccepted { institution, version }, Lang::En) => {
                format!("Version {version} of \"{institution}\" is accepted")
            }
            (Phrase::ConfirmReturned { institution, version }, Lang::Bg) => {
                format!("Версия {version} на „{institution}“ е върната за поправка")
            }
            (Phrase::ConfirmReturned { institution, version }, Lang::En) => {
                format!("Version {version} of \"{institution}\" is returned for correction")
            }
            (Phrase::ConfirmKept { institution, version }, Lang::Bg) => {
                format!("Файлът остава като версия {version} на „{institution}“")
            }
            (Phrase::ConfirmKept { institution, version }, Lang::En) => {
                format!("The file stays as version {version} of \"{institution}\"")
            }
            (Phrase::ConfirmMoved { institution, version }, Lang::Bg) => {
                format!("Файлът е преместен при „{institution}“ като нейна версия {version}")
            }
            (Phrase::ConfirmMoved { institution, version }, Lang::En) => {
                format!("The file is moved to \"{institution}\" as its version {version}")
            }
            (Phrase::ConfirmTaken { institution, version: Some(version) }, Lang::Bg) => {
                format!("В обединяването от „{institution}“ влиза версия {version}.")
            }
            (Phrase::ConfirmTaken { institution, version: Some(version) }, Lang::En) => {
                format!("The merge takes version {version} of \"{institution}\".")
            }
            (Phrase::ConfirmTaken { institution, version: None }, Lang::Bg) => {
                format!("От „{institution}“ засега нищо не влиза в обединяването.")
            }
            (Phrase::ConfirmTaken { institution, version: None }, Lang::En) => {
                format!("For now the merge takes nothing from \"{institution}\".")
            }
            (Phrase::ConfirmLinkReplaced { institution }, Lang::Bg) => {
                format!("„{institution}“ има нова лична връзка")
            }
            (Phrase::ConfirmLinkReplaced { institution }, Lang::En) => {
                format!("\"{institution}\" has a new personal link")
            }
            (Phrase::AcceptHeld, Lang::Bg) => "Версията е задържана: първо решете чия е (остави, премести или върни).".into(),
            (Phrase::AcceptHeld, Lang::En) => "The version is held: first decide whose it is (keep, move or return).".into(),
            (Phrase::AcceptUnreadable, Lang::Bg) => "Файлът не е принос, който може да бъде обединен, и не може да бъде приет; върнете го с коментар.".into(),
            (Phrase::AcceptUnreadable, Lang::En) => "The file is no contribution that can be merged and cannot be accepted; return it with a comment.".into(),
            (Phrase::UnknownInstitution { name }, Lang::Bg) => format!(
                "„{name}“ не е институция от настройките на програмата; напишете името точно както е в таблото."
            ),
            (Phrase::UnknownInstitution { name }, Lang::En) => format!(
                "\"{name}\" is not an institution of the programme's config; write the name exactly as the dashboard shows it."
            ),
            (Phrase::ProgrammeFromMerge { id, at }, Lang::Bg) => {
                format!("обединяване № {id} от {at}")
            }
            (Phrase::ProgrammeFromMerge { id, at }, Lang::En) => format!("merge no. {id} of {at}"),
            (Phrase::RoundPlan { leads, indicators }, Lang::Bg) => {
                let leads = if *leads == 1 {
                    "1 водеща институция".to_string()
                } else {
                    format!("{leads} водещи институции")
                };
                format!("{leads}, {}", count(*indicators, Noun::Indicator, lang))
            }
            (Phrase::RoundPlan { leads, indicators }, Lang::En) => {
                let leads = if *leads == 1 {
                    "1 lead institution".to_string()
                } else {
                    format!("{leads} lead institutions")
                };
                format!("{leads}, {}", count(*indicators, Noun::Indicator, lang))
            }
            (Phrase::AdminPasswordIgnored { data }, Lang::Bg) => format!(
                "Променливата ZAKRILA_ADMIN_PASSWORD не се използва: порталът вече има парола на секретаря. За да я смените: zakrila password --data \"{}\" (или от таблото).",
                data.display()
            ),
            (Phrase::AdminPasswordIgnored { data }, Lang::En) => format!(
                "The variable ZAKRILA_ADMIN_PASSWORD is ignored: the portal has a secretary's password already. To change it: zakrila password --data \"{}\" (or on the dashboard).",
                data.display()
            ),
            (Phrase::Received { version }, Lang::Bg) => {
                format!("Версия {version} е получена и запазена.")
            }
            (Phrase::Received { version }, Lang::En) => {
                format!("Version {version} was received and kept.")
            }
            (Phrase::ReminderSubject { programme }, Lang::Bg) => {
                format!("Напомняне: принос към „{programme}“")
            }
            (Phrase::ReminderSubject { programme }, Lang::En) => {
                format!("Reminder: contribution to \"{programme}\"")
            }
            (
                Phrase::ReminderBody {
                    institution,
                    programme,
                    municipality,
                    due,
                    link,
                },
                Lang::Bg,
            ) => {
                let due = due
                    .as_ref()
                    .map(|d| format!(" Срокът е {d}."))
                    .unwrap_or_default();
                format!(
                    "Уважаеми колеги от {institution},\n\nКомисията за детето на община {municipality} събира приносите към „{programme}“ и още не е получила вашия.{due}\n\nМоля, изтеглете шаблона и изпратете попълнения файл от личната връзка на вашата институция:\n{link}\n\nС уважение,\nсекретар на Комисията за детето"
                )
            }
            (
                Phrase::ReminderBody {
                    institution,
                    programme,
                    municipality,
                    due,
                    link,
                },
                Lang::En,
            ) => {
                let due = due
                    .as_ref()
                    .map(|d| format!(" It is due on {d}."))
                    .unwrap_or_default();
                format!(
                    "Dear colleagues of {institution},\n\nThe Commission for the Child of {municipality} municipality is collecting the contributions to \"{programme}\" and has not received yours yet.{due}\n\nPlease download the template and send the filled workbook from your institution's personal link:\n{link}\n\nKind regards,\nsecretary of the Commission for the Child"
                )
            }
            (
                Phrase::LetterBody {
                    institution,
                    programme,
                    municipality,
                    due,
                },
                Lang::Bg,
            ) => {
                let due = due
                    .as_ref()
                    .map(|d| format!(" в срок до {d}"))
                    .unwrap_or_default();
                format!(
                    "До {institution}: Комисията за детето на община {municipality} съставя „{programme}“ и ви кани да изпратите своя принос{due} чрез личната връзка по-долу. Връзката е само за вашата институция; не я препращайте извън нея."
                )
            }
            (
                Phrase::LetterBody {
                    institution,
                    programme,
                    municipality,
                    due,
                },
                Lang::En,
            ) => {
                let due = due
                    .as_ref()
                    .map(|d| format!(" by {d}"))
                    .unwrap_or_default();
                format!(
                    "To {institution}: the Commission for the Child of {municipality} municipality is writing \"{programme}\" and invites you to send your contribution{due} through the personal link below. The link is for your institution only; do not pass it on outside it."
                )
            }
            (Phrase::LetterSteps, Lang::Bg) => "Отворете връзката в браузър; изтеглете шаблона; попълнете лист „Дейности“; изпратете файла от същата страница и прочетете проверката; поправете посочените клетки и изпратете отново, докато няма грешки.".into(),
            (Phrase::LetterSteps, Lang::En) => "Open the link in a browser; download the template; fill in the sheet \"Дейности\"; send the file from the same page and read the check; fix the cells it names and send again until there are no errors.".into(),
            (Phrase::ReportedOf { reported, total }, Lang::Bg) => {
                format!("отчетени {reported} от {}", count(*total, Noun::Indicator, lang))
            }
            (Phrase::ReportedOf { reported, total }, Lang::En) => {
                format!("{reported} of {} reported", count(*total, Noun::Indicator, lang))
            }
            (Phrase::ReportsSentOf { sent, total }, Lang::Bg) => {
                let noun = if *total == 1 { "водеща институция" } else { "водещи институции" };
                let verb = if *sent == 1 { "е изпратила" } else { "са изпратили" };
                format!("{sent} от {total} {noun} {verb} отчет")
            }
            (Phrase::ReportsSentOf { sent, total }, Lang::En) => {
                let noun = if *total == 1 { "lead institution" } else { "lead institutions" };
                let verb = if *sent == 1 { "has" } else { "have" };
                format!("{sent} of {total} {noun} {verb} sent a report")
            }
            (
                Phrase::CollectCounts {
                    files,
                    indicators,
                    reported,
                    errors,
                },
                Lang::Bg,
            ) => {
                let files = if *files == 1 { "1 отчет".to_string() } else { format!("{files} отчета") };
                format!(
                    "{files}, {}: {reported} отчетени, {}",
                    count(*indicators, Noun::Indicator, lang),
                    count(*errors, Noun::Error, lang)
                )
            }
            (
                Phrase::CollectCounts {
                    files,
                    indicators,
                    reported,
                    errors,
                },
                Lang::En,
            ) => {
                let files = if *files == 1 { "1 report".to_string() } else { format!("{files} reports") };
                format!(
                    "{files}, {}: {reported} reported, {}",
                    count(*indicators, Noun::Indicator, lang),
                    count(*errors, Noun::Error, lang)
                )
            }
            (Phrase::ReportReminderSubject { programme }, Lang::Bg) => {
                format!("Напомняне: отчет за изпълнението на „{programme}“")
            }
            (Phrase::ReportReminderSubject { programme }, Lang::En) => {
                format!("Reminder: implementation report of \"{programme}\"")
            }
            (
                Phrase::ReportReminderBody {
                    institution,
                    programme,
                    municipality,
                    due,
                    link,
                },
                Lang::Bg,
            ) => {
                let due = due
                    .as_ref()
                    .map(|d| format!(" Срокът е {d}."))
                    .unwrap_or_default();
                format!(
                    "Уважаеми колеги от {institution},\n\nКомисията за детето на община {municipality} събира отчетите за изпълнението на „{programme}“ и още не е получила вашия.{due}\n\nМоля, изтеглете работната книга за отчета и изпратете попълнената от личната връзка на вашата институция:\n{link}\n\nС уважение,\nсекретар на Комисията за детето"
                )
            }
            (
                Phrase::ReportReminderBody {
                    institution,
                    programme,
                    municipality,
                    due,
                    link,
                },
                Lang::En,
            ) => {
                let due = due
                    .as_ref()
                    .map(|d| format!(" It is due on {d}."))
                    .unwrap_or_default();
                format!(
                    "Dear colleagues of {institution},\n\nThe Commission for the Child of {municipality} municipality is collecting the implementation reports of \"{programme}\" and has not received yours yet.{due}\n\nPlease download the reporting workbook and send it filled from your institution's personal link:\n{link}\n\nKind regards,\nsecretary of the Commission for the Child"
                )
            }
            (Phrase::ProgrammeNotUsable { reason }, Lang::Bg) => format!(
                "Файлът не е програма, направена от zakrila, или е променен: {reason}. Изберете работната книга, която даде обединяването."
            ),
            (Phrase::ProgrammeNotUsable { reason }, Lang::En) => format!(
                "The file is not a programme made by zakrila, or it was changed: {reason}. Choose the workbook the merge gave."
            ),
            (Phrase::NoProgrammeYet, Lang::Bg) => "Още няма обединена програма: обединете приносите или изберете файла на приетата програма.".into(),
            (Phrase::NoProgrammeYet, Lang::En) => "There is no merged programme yet: merge the contributions or choose the adopted programme's file.".into(),
            (Phrase::NoReportingRound, Lang::Bg) => "Отчетният кръг още не е започнат.".into(),
            (Phrase::NoReportingRound, Lang::En) => "The reporting round has not been started yet.".into(),
            (Phrase::NothingToReport, Lang::Bg) => "Вашата институция не е водеща за нито една дейност от програмата и няма какво да отчита.".into(),
            (Phrase::NothingToReport, Lang::En) => "Your institution leads no activity of the programme and has nothing to report.".into(),
            (
                Phrase::ReportLetterBody {
                    institution,
                    programme,
                    municipality,
                    due,
                },
                Lang::Bg,
            ) => {
                let due = due
                    .as_ref()
                    .map(|d| format!(" в срок до {d}"))
                    .unwrap_or_default();
                format!(
                    "До {institution}: Комисията за детето на община {municipality} събира отчетите за изпълнението на „{programme}“ и ви кани да изпратите отчета си{due} чрез личната връзка по-долу. Връзката е само за вашата институция; не я препращайте извън нея."
                )
            }
            (
                Phrase::ReportLetterBody {
                    institution,
                    programme,
                    municipality,
                    due,
                },
                Lang::En,
            ) => {
                let due = due
                    .as_ref()
                    .map(|d| format!(" by {d}"))
                    .unwrap_or_default();
                format!(
                    "To {institution}: the Commission for the Child of {municipality} municipality is collecting the implementation reports of \"{programme}\" and invites you to send yours{due} through the personal link below. The link is for your institution only; do not pass it on outside it."
                )
            }
            (Phrase::ReportLetterSteps, Lang::Bg) => "Отворете връзката в браузър; изтеглете работната книга за отчета; попълнете „Отчетена стойност“, „Статус“, „Изразходван бюджет“ и „Коментар“; изпратете я от същата страница и прочетете проверката.".into(),
            (Phrase::ReportLetterSteps, Lang::En) => "Open the link in a browser; download the reporting workbook; fill in \"Отчетена стойност\", \"Статус\", \"Изразходван бюджет\" and \"Коментар\"; send it from the same page and read the check.".into(),
            (Phrase::PasswordTooShort, Lang::Bg) => "Паролата трябва да е поне 10 знака.".into(),
            (Phrase::PasswordTooShort, Lang::En) => "The password must have at least 10 characters.".into(),
            (Phrase::PasswordChanged, Lang::Bg) => "Паролата е сменена.".into(),
            (Phrase::PasswordChanged, Lang::En) => "The password was changed.".into(),
            (Phrase::WrongPassword, Lang::Bg) => "Грешна парола.".into(),
            (Phrase::WrongPassword, Lang::En) => "Wrong password.".into(),
            (Phrase::SetupLink { link }, Lang::Bg) => format!(
                "Няма парола на секретаря. Отворете тази еднократна връзка, за да я изберете: {link}"
            ),
            (Phrase::SetupLink { link }, Lang::En) => format!(
                "There is no secretary's password. Open this one-time link to choose it: {link}"
            ),
            (Phrase::Listening { url, data }, Lang::Bg) => format!(
                "Порталът работи на {url} (данни в {}). Спиране: Ctrl+C.",
                data.display()
            ),
            (Phrase::Listening { url, data }, Lang::En) => format!(
                "The portal is running at {url} (data in {}). To stop it: Ctrl+C.",
                data.display()
            ),
        }
    }
}

/// Institution names in quotes, joined as a sentence joins them: „А“, „Б“ и „В“.
fn quoted_list(names: &[&str], lang: Lang) -> String {
    let quoted: Vec<String> = names
        .iter()
        .map(|name| match lang {
            Lang::Bg => format!("„{name}“"),
            Lang::En => format!("\"{name}\""),
        })
        .collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => {
            let and = match lang {
                Lang::Bg => "и",
                Lang::En => "and",
            };
            format!("{} {and} {last}", rest.join(", "))
        }
    }
}

/// The one sentence for a file that is not a readable contribution (or report): what it
/// is, and which form takes it.
fn not_a_contribution(kind: &str, report_form: bool, detail: Option<&str>, lang: Lang) -> String {
    let (what_bg, what_en) = match kind {
        "pdf" => (
            "Файлът е PDF документ, а не таблица",
            "The file is a PDF document, not a spreadsheet",
        ),
        "not-a-spreadsheet" => (
            "Файлът не е електронна таблица",
            "The file is not a spreadsheet",
        ),
        "report-workbook" => (
            "Файлът е работна книга за отчета, а не принос към програмата",
            "The file is a reporting workbook, not a contribution to the programme",
        ),
        "contribution-workbook" => (
            "Файлът е принос към програмата (попълненият шаблон), а не работна книга за отчета",
            "The file is a contribution to the programme (the filled template), not a reporting workbook",
        ),
        "other-workbook" => (
            "Файлът е друга таблица, а не шаблонът на програмата",
            "The file is another workbook, not the programme's template",
        ),
        "no-rows" if report_form => (
            "В работната книга няма нито една отчетена стойност или статус",
            "The workbook reports no value and no status",
        ),
        "no-rows" => (
            "Във файла няма нито един попълнен ред на лист „Дейности“",
            "The file has no filled row on the sheet \"Дейности\"",
        ),
        _ => (
            "Файлът не може да бъде отворен",
            "The file cannot be opened",
        ),
    };
    let detail = detail
        .map(|detail| format!(" ({})", detail.trim_end_matches('.')))
        .unwrap_or_default();
    match (lang, report_form, kind) {
        (Lang::Bg, false, "report-workbook") => format!(
            "{what_bg}{detail}, затова не влиза в програмата; изпратете го с формуляра „Изпрати отчета“, когато започне отчетният кръг, а тук — попълнения шаблон на програмата."
        ),
        (Lang::En, false, "report-workbook") => format!(
            "{what_en}{detail}, so it is not merged; send it with the form \"Send the report\" once the reporting round starts, and here the filled programme template."
        ),
        (Lang::Bg, true, "contribution-workbook") => format!(
            "{what_bg}{detail}, затова не влиза в отчета; изпратете го с формуляра „Изпрати файла“ по-долу, а тук — работната книга за отчета, попълнена."
        ),
        (Lang::En, true, "contribution-workbook") => format!(
            "{what_en}{detail}, so it is not part of the report; send it with the form \"Send the file\" below, and here the reporting workbook, filled in."
        ),
        (Lang::Bg, false, _) => format!(
            "{what_bg}{detail}, затова не влиза в програмата; изпратете попълнения шаблон (.xlsx, .xls или .ods) с формуляра „Изпрати файла“."
        ),
        (Lang::En, false, _) => format!(
            "{what_en}{detail}, so it is not merged; send the filled template (.xlsx, .xls or .ods) with the form \"Send the file\"."
        ),
        (Lang::Bg, true, _) => format!(
            "{what_bg}{detail}, затова не влиза в отчета; изпратете попълнената работна книга за отчета с формуляра „Изпрати отчета“."
        ),
        (Lang::En, true, _) => format!(
            "{what_en}{detail}, so it is not part of the report; send the filled reporting workbook with the form \"Send the report\"."
        ),
    }
}

/// Why the portal refused a request: the `error` code of a JSON answer and its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortalProblem {
    /// No such page, file or link (also a wrong or replaced link).
    NotFound,
    /// The secretary must sign in.
    LoginRequired,
    /// A form without its CSRF token, or with another session's.
    BadCsrf,
    /// The upload is larger than the limit.
    TooLarge {
        /// The limit in megabytes.
        limit_mb: u32,
    },
    /// The form has no file in the field `file`.
    NoFile,
    /// An address whose parameters are not what the page takes (`?merged=abc`): altered or
    /// cut short by hand.
    BadAddress,
    /// A request that is not what the route takes.
    BadRequest {
        /// What was wrong, for the developer reading the JSON.
        detail: String,
    },
    /// The request cannot be done now, for the reason given (a sentence of [`Phrase`]).
    NotNow {
        /// The stable code.
        code: &'static str,
        /// The sentence, in the request's language.
        message: String,
    },
    /// The file sent cannot be used, for the reason given (a sentence of [`Phrase`]).
    Unusable {
        /// The stable code.
        code: &'static str,
        /// The sentence, in the request's language.
        message: String,
    },
    /// A state-changing request sent by a page of another site (its `Origin`, `Referer` or
    /// `Sec-Fetch-Site` says so).
    CrossSite,
    /// Too many login attempts are waiting: none is checked now.
    TooManyAttempts {
        /// When to try again, in seconds.
        retry_seconds: u64,
    },
    /// The personal link has sent as much as it may within 24 hours.
    QuotaReached {
        /// The files it may send in 24 hours.
        files: u32,
        /// The megabytes it may send in 24 hours.
        megabytes: u64,
        /// When it may send again, as local time ("14:35").
        again_at: String,
        /// When to try again, in seconds (the `Retry-After` header).
        retry_seconds: u64,
    },
    /// The request came too slowly: its body fell silent, or it took too long as a whole.
    TooSlow,
    /// The server could not do it (the disk, the database).
    Internal,
}

impl PortalProblem {
    /// The stable code of the JSON `error` field.
    pub fn code(&self) -> &'static str {
        match self {
            PortalProblem::NotFound => "not-found",
            PortalProblem::LoginRequired => "login-required",
            PortalProblem::BadCsrf => "bad-csrf",
            PortalProblem::TooLarge { .. } => "file-too-large",
            PortalProblem::NoFile => "no-file",
            PortalProblem::BadAddress => "bad-address",
            PortalProblem::BadRequest { .. } => "bad-request",
            PortalProblem::NotNow { code, .. } | PortalProblem::Unusable { code, .. } => code,
            PortalProblem::CrossSite => "cross-site",
            PortalProblem::TooManyAttempts { .. } => "too-many-attempts",
            PortalProblem::QuotaReached { .. } => "upload-quota",
            PortalProblem::TooSlow => "too-slow",
            PortalProblem::Internal => "internal-error",
        }
    }

    /// The sentence for the user.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::catalogue::{Lang, PortalProblem};
    /// let problem = PortalProblem::TooLarge { limit_mb: 20 };
    /// assert!(problem.message(Lang::Bg).contains("20 МБ"));
    /// ```
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PortalProblem::NotFound, Lang::Bg) => "Няма такава страница. Ако сте отворили лична връзка, поискайте от секретаря на комисията нова.".into(),
            (PortalProblem::NotFound, Lang::En) => "There is no such page. If you opened a personal link, ask the commission's secretary for a new one.".into(),
            (PortalProblem::LoginRequired, Lang::Bg) => "Тази страница е за секретаря на комисията: влезте с паролата.".into(),
            (PortalProblem::LoginRequired, Lang::En) => "This page is for the commission's secretary: sign in with the password.".into(),
            (PortalProblem::BadCsrf, Lang::Bg) => "Формулярът е остарял. Презаредете страницата и опитайте отново.".into(),
            (PortalProblem::BadCsrf, Lang::En) => "The form is out of date. Reload the page and try again.".into(),
            (PortalProblem::TooLarge { limit_mb }, Lang::Bg) => format!("Файлът е по-голям от {limit_mb} МБ и не е приет. Запишете го без картинки и без излишни листове или разделете таблицата на няколко файла."),
            (PortalProblem::TooLarge { limit_mb }, Lang::En) => format!("The file is larger than {limit_mb} MB and was not taken. Save it without pictures and extra sheets, or split the table into several files."),
            (PortalProblem::NoFile, Lang::Bg) => "Не е избран файл. Изберете попълнения файл и натиснете „Изпрати файла“.".into(),
            (PortalProblem::NoFile, Lang::En) => "No file was chosen. Choose the filled workbook and press \"Send the file\".".into(),
            (PortalProblem::BadAddress, Lang::Bg) => "Адресът на страницата е променен или непълен; отворете я отново от таблото или от личната връзка.".into(),
            (PortalProblem::BadAddress, Lang::En) => "The page's address is altered or incomplete; open the page again from the dashboard or from the personal link.".into(),
            (PortalProblem::BadRequest { detail }, Lang::Bg) => format!("Заявката не може да бъде изпълнена: {detail}."),
            (PortalProblem::BadRequest { detail }, Lang::En) => format!("The request cannot be done: {detail}."),
            (PortalProblem::NotNow { message, .. } | PortalProblem::Unusable { message, .. }, _) => {
                message.clone()
            }
            (PortalProblem::CrossSite, Lang::Bg) => "Заявката е изпратена от страница на друг сайт и не е изпълнена. Отворете портала от неговия адрес и опитайте отново.".into(),
            (PortalProblem::CrossSite, Lang::En) => "The request was sent by a page of another site and was not done. Open the portal at its own address and try again.".into(),
            (PortalProblem::TooManyAttempts { retry_seconds }, Lang::Bg) => format!("Твърде много опити за вход. Паролата не е проверена; опитайте отново след {retry_seconds} с."),
            (PortalProblem::TooManyAttempts { retry_seconds }, Lang::En) => format!("Too many sign-in attempts. The password was not checked; try again in {retry_seconds} s."),
            (PortalProblem::QuotaReached { files, megabytes, again_at, .. }, Lang::Bg) => format!("Файлът не е приет: през една връзка се приемат до {files} {} и до {megabytes} МБ за 24 часа, и тази граница е достигната. Изпратете го отново след {again_at} ч. или се обърнете към секретаря на комисията.", if *files == 1 { "файл" } else { "файла" }),
            (PortalProblem::QuotaReached { files, megabytes, again_at, .. }, Lang::En) => format!("The file was not taken: one link may send up to {files} {} and up to {megabytes} MB in 24 hours, and that limit has been reached. Send it again after {again_at}, or ask the commission's secretary.", if *files == 1 { "file" } else { "files" }),
            (PortalProblem::TooSlow, Lang::Bg) => "Заявката пристигна твърде бавно и е прекъсната. Проверете връзката и опитайте отново; ако сте изпращали файл, вижте на страницата си дали е получен.".into(),
            (PortalProblem::TooSlow, Lang::En) => "The request arrived too slowly and was stopped. Check the connection and try again; if you were sending a file, see on your page whether it arrived.".into(),
            (PortalProblem::Internal, Lang::Bg) => "Сървърът не успя да изпълни заявката (диск или база данни). Нищо не е изгубено; опитайте отново след малко или уведомете секретаря.".into(),
            (PortalProblem::Internal, Lang::En) => "The server could not do this (disk or database). Nothing was lost; try again in a moment or tell the secretary.".into(),
        }
    }
}
