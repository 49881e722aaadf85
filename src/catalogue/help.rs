//! The words of `--help` and of the command line's own complaints (an unknown option, a
//! missing argument, a value that is not one of the choices), in Bulgarian and English.
//!
//! The command line is declared once, with clap's derive, in [`crate::cli`]; the launcher
//! (`crate::launch`) takes clap's `Command` and replaces every text in it with the ones
//! here, keyed by the subcommand's path (`""` for zakrila itself, `"report new"`) and the
//! argument's id (the field's name). A subcommand or argument with no words here is caught
//! by a unit test of the launcher, so a new option cannot ship with English-only help.

use super::Lang;

/// A text in both languages, side by side.
#[derive(Clone, Copy, Debug)]
pub struct Text {
    bg: &'static str,
    en: &'static str,
}

impl Text {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Bg => self.bg,
            Lang::En => self.en,
        }
    }
}

const fn t(bg: &'static str, en: &'static str) -> Text {
    Text { bg, en }
}

/// What `--help` says about one (sub)command.
#[derive(Clone, Copy, Debug)]
pub struct CommandHelp {
    /// One line: the command's own help starts with it, its parent's list of commands
    /// shows it.
    pub about: Text,
    /// A paragraph after the options, when one line is not enough.
    pub more: Option<Text>,
    /// Command lines that work on the shipped samples or show a typical use.
    pub examples: &'static [&'static str],
}

/// Every (sub)command by its path: `""` is zakrila itself, `"report new"` a nested one.
const COMMANDS: &[(&str, CommandHelp)] = &[
    (
        "",
        CommandHelp {
            about: t(
                "zakrila — общинската програма за закрила на детето от Excel приносите на институциите.",
                "zakrila — municipal child-protection programmes from Excel contributions.",
            ),
            more: Some(t(
                "Създава единния шаблон, проверява попълнените таблици клетка по клетка, обединява ги в една програма, провежда кръга на отчетите и подготвя CSV файла за Държавната агенция за закрила на детето.\n\nБез аргументи (например с двукратно щракване) zakrila пуска портала с програмата до себе си (programme.toml или примера в samples/), с данни в папка до себе си, и отваря браузъра.\n\nИзходен код: 0 — без грешки; 1 — във файловете има грешки; 2 — командата не може да се изпълни.\nНа английски: --lang en или LANG=en_US.UTF-8.",
                "Makes the agreed template, checks filled workbooks cell by cell, merges them into one programme, runs the reporting round and exports the CSV for the national agency.\n\nWith no arguments (a double-click, say) zakrila starts the portal with the programme beside it (programme.toml, or the sample in samples/), keeps its data in a folder beside it and opens the browser.\n\nExit status: 0 no errors; 1 the files have errors; 2 the command could not run.\nIn Bulgarian (the default): --lang bg.",
            )),
            examples: &[
                "zakrila template --config samples/ruse-2025/programme.toml -o шаблон.xlsx",
                "zakrila validate --config samples/ruse-2025/programme.toml samples/ruse-2025/",
                "zakrila merge --config samples/ruse-2025/programme.toml -o програма.xlsx samples/ruse-2025/",
                "zakrila merge --help",
            ],
        },
    ),
    (
        "template",
        CommandHelp {
            about: t(
                "Създава единния шаблон (Excel) на програмата, който институциите попълват.",
                "Write the agreed template workbook for a programme.",
            ),
            more: None,
            examples: &[
                "zakrila template --config samples/ruse-2025/programme.toml -o шаблон.xlsx",
            ],
        },
    ),
    (
        "validate",
        CommandHelp {
            about: t(
                "Проверява попълнените таблици и показва всеки проблем с клетката му.",
                "List every problem in filled workbooks, by cell.",
            ),
            more: Some(t(
                "Изходен код: 0 — без грешки; 1 — има грешки (или предупреждения при --strict); 2 — проверката не може да се изпълни.",
                "Exit status: 0 no errors; 1 errors (or warnings with --strict); 2 the check could not run.",
            )),
            examples: &[
                "zakrila validate --config samples/ruse-2025/programme.toml samples/ruse-2025/",
                "zakrila validate --config programme.toml --annotate поправки/ приноси/",
            ],
        },
    ),
    (
        "merge",
        CommandHelp {
            about: t(
                "Обединява приносите в една програма (Excel).",
                "Merge contributions into one programme workbook.",
            ),
            more: Some(t(
                "Редовете с грешки не влизат в програмата, а са изброени с причините на листа „Отхвърлени“; тогава изходният код е 1.",
                "Rows with errors stay out of the programme and are listed with their reasons on the sheet „Отхвърлени“; the exit status is then 1.",
            )),
            examples: &[
                "zakrila merge --config samples/ruse-2025/programme.toml -o програма.xlsx samples/ruse-2025/",
            ],
        },
    ),
    (
        "report",
        CommandHelp {
            about: t(
                "Отчетът за изпълнението: таблици за отчет на водещите институции и събирането им.",
                "Make reporting workbooks and collect the implementation report.",
            ),
            more: None,
            examples: &[
                "zakrila report new --config programme.toml -o отчети/ програма.xlsx",
                "zakrila report collect --config programme.toml -o отчет.xlsx програма.xlsx отчети/",
            ],
        },
    ),
    (
        "report new",
        CommandHelp {
            about: t(
                "Създава по една таблица за отчет за всяка водеща институция.",
                "One reporting workbook per lead institution.",
            ),
            more: None,
            examples: &["zakrila report new --config programme.toml -o отчети/ програма.xlsx"],
        },
    ),
    (
        "report collect",
        CommandHelp {
            about: t(
                "Събира попълнените таблици за отчет в отчета за изпълнението.",
                "Read filled reports into the implementation report.",
            ),
            more: None,
            examples: &[
                "zakrila report collect --config programme.toml -o отчет.xlsx програма.xlsx отчети/",
            ],
        },
    ),
    (
        "export",
        CommandHelp {
            about: t(
                "Записва CSV файла (и описанието му) за Държавната агенция за закрила на детето.",
                "Write the CSV (and its schema) for the national agency.",
            ),
            more: None,
            examples: &[
                "zakrila export --config programme.toml --excel -o програма.csv програма.xlsx",
                "zakrila export --config programme.toml --report отчет.xlsx -o програма.csv програма.xlsx",
            ],
        },
    ),
    (
        "serve",
        CommandHelp {
            about: t(
                "Провежда кръга на приносите в браузъра: институциите по лична връзка, таблото на секретаря, всеки файл запазен.",
                "Run the contributions round in a browser: institutions by personal link, the secretary's dashboard, every file kept.",
            ),
            more: Some(t(
                "Паролата на секретаря се взема при първото пускане от променливата ZAKRILA_ADMIN_PASSWORD; без нея се отпечатва еднократна връзка, от която се избира.",
                "The secretary's password is taken on the first start from the variable ZAKRILA_ADMIN_PASSWORD; without it a one-time link to choose it is printed.",
            )),
            examples: &[
                "zakrila serve --config samples/ruse-2025/programme.toml --data портал/",
                "zakrila serve --config programme.toml --data портал/ --listen 0.0.0.0:8080 --base-url https://закрила.община.bg",
            ],
        },
    ),
    (
        "links",
        CommandHelp {
            about: t(
                "Отпечатва личната връзка към портала на всяка институция (институция, табулация, връзка).",
                "Print every institution's personal link of the portal (institution TAB link).",
            ),
            more: None,
            examples: &[
                "zakrila links --config programme.toml --data портал/",
                "zakrila links --config programme.toml --data портал/ --base-url https://закрила.община.bg",
            ],
        },
    ),
    (
        "backup",
        CommandHelp {
            about: t(
                "Копира данните на портала (всички записи и файлове) в един файл, и докато порталът работи.",
                "Copy the portal's data (every record and file) into one file, also while it runs.",
            ),
            more: None,
            examples: &["zakrila backup --data портал/ -o копие-2026-03-31.sqlite"],
        },
    ),
    (
        "password",
        CommandHelp {
            about: t(
                "Задава нова парола на секретаря на портала, и докато порталът работи; всички влизания се прекратяват.",
                "Set a new secretary's password for the portal, also while it runs; every session ends.",
            ),
            more: Some(t(
                "Паролата се взема от променливата ZAKRILA_ADMIN_PASSWORD, а без нея се пита два пъти в терминала (без да се показва). Трябва да е поне 10 знака. Смяната се записва в дневника на портала.",
                "The password is taken from the variable ZAKRILA_ADMIN_PASSWORD, or without it asked twice on the terminal (not shown). It must have at least 10 characters. The change goes in the portal's audit log.",
            )),
            examples: &["zakrila password --data портал/"],
        },
    ),
    (
        "import",
        CommandHelp {
            about: t(
                "Превръща миналогодишната програма (.docx или .odt) в настройки за новата, по един попълнен принос за всяка водеща институция и справка за прочетеното.",
                "Turn last year's programme document (.docx or .odt) into this year's config, one pre-filled contribution per lead institution and an import report.",
            ),
            more: None,
            examples: &[
                "zakrila import програма-2025.docx --municipality-code RSE27 -o кръг-2027/",
                "zakrila import програма-2025.odt --period 2026-01-01..2026-12-31 -o кръг-2026/",
            ],
        },
    ),
    (
        "document",
        CommandHelp {
            about: t(
                "Записва документа на Word за общинския съвет: програмата (от програмата в Excel) или отчета за изпълнението (от отчета в Excel).",
                "Write the Word document for the council: the programme (from the programme workbook) or the implementation report (from the report workbook).",
            ),
            more: Some(t(
                "Кой документ се записва, решава таблицата: програмата от zakrila merge дава програмата — предложението на кмета (когато programme.toml има [council]), заглавието, текста от programme.md и таблицата на хоризонтални страници; отчетът от zakrila report collect дава отчета — обобщение по приоритети, кой не е отчел и какво е постигнато по всяка дейност.\n\nprogramme.md е текстът на програмата извън таблицата: по един абзац на ред, „# “ пред заглавие, „## “ пред подзаглавие и ред [таблица] там, където да е таблицата; {община}, {период} и {година} се заменят. zakrila import го създава от миналогодишния документ; без него се записва скелет и командата казва какво да се напише.",
                "The workbook decides which document is written: the programme from zakrila merge gives the programme — the mayor's proposal (when programme.toml has [council]), the title, the text of programme.md and the table on landscape pages; the report from zakrila report collect gives the report — a summary by priority, who did not report, and what each activity reached.\n\nprogramme.md is the programme's text outside the table: one paragraph a line, \"# \" before a heading, \"## \" before a subheading and a line [таблица] where the table goes; {община}, {период} and {година} are replaced. zakrila import makes it from last year's document; without it a skeleton is written and the command says what to write.",
            )),
            examples: &[
                "zakrila document --config samples/ruse-2025/programme.toml -o програма.docx програма.xlsx",
                "zakrila document --config programme.toml --text текст.md -o програма.docx програма.xlsx",
                "zakrila document --config programme.toml -o отчет.docx отчет.xlsx",
            ],
        },
    ),
];

/// The help of every argument, by subcommand path and argument id. `"*"` stands for every
/// subcommand that has no entry of its own.
const ARGUMENTS: &[(&str, &str, Text)] = &[
    (
        "*",
        "lang",
        t(
            "Език на съобщенията: bg (български) или en (английски). Без тази настройка — английски, когато LC_ALL, LC_MESSAGES или LANG започва с en.",
            "Language of messages: bg (Bulgarian) or en (English). Without it, English when LC_ALL, LC_MESSAGES or LANG starts with en.",
        ),
    ),
    ("*", "help", t("Показва тази помощ.", "Print this help.")),
    (
        "*",
        "verbose",
        t(
            "Под съобщение за файл, който не може да бъде прочетен или записан, показва и думите на самата система (обикновено на английски) — за администратора или за екипа на zakrila.",
            "Under a message about a file that cannot be read or written, also print the system's own words — for the administrator or the zakrila team.",
        ),
    ),
    ("*", "version", t("Показва версията.", "Print the version.")),
    (
        "*",
        "config",
        t(
            "Настройките на програмата, programme.toml.",
            "The programme config, programme.toml.",
        ),
    ),
    (
        "*",
        "max_file_mb",
        t(
            "Най-големият файл, който се чете, в мегабайти (от 1 до 2000); ограниченията за разархивирания размер, редовете, клетките и текста следват пропорционално. Програмата или отчетът за изпълнението, дадени на report и export, може да са до десет пъти по-големи.",
            "Largest file read, in megabytes (1 to 2000); the limits on unpacked size, rows, cells and text follow in proportion. A programme workbook or report given to report and export may be ten times as large.",
        ),
    ),
    (
        "template",
        "output",
        t(
            "Къде да се запише шаблонът (.xlsx).",
            "Where to write the template (.xlsx).",
        ),
    ),
    (
        "validate",
        "format",
        t(
            "text — за хора, или json — JSON по template.md на стандартния изход.",
            "text — for people, or json — the JSON of template.md, on stdout.",
        ),
    ),
    (
        "validate",
        "annotate",
        t(
            "Записва в тази папка копие на всеки файл с отбелязаните проблеми (създава се, ако я няма).",
            "Write a marked-up copy of each input into this folder (made when missing).",
        ),
    ),
    (
        "validate",
        "strict",
        t(
            "Предупрежденията се броят за грешки.",
            "Treat warnings as errors.",
        ),
    ),
    (
        "validate",
        "files",
        t(
            "Попълнените таблици (.xlsx, .xls, .ods) или папки с тях.",
            "Filled workbooks (.xlsx, .xls, .ods) or folders of them.",
        ),
    ),
    (
        "merge",
        "strict",
        t(
            "Не записва нищо, ако и един ред е отхвърлен.",
            "Write nothing when any row is rejected.",
        ),
    ),
    (
        "merge",
        "output",
        t(
            "Къде да се запише програмата (.xlsx).",
            "Where to write the programme workbook (.xlsx).",
        ),
    ),
    (
        "merge",
        "files",
        t(
            "Приносите на институциите или папки с тях.",
            "Contributions, or folders of them.",
        ),
    ),
    (
        "report new",
        "output",
        t(
            "Папката, в която да се запишат таблиците за отчет (създава се, ако я няма).",
            "Folder for the reporting workbooks (made when missing).",
        ),
    ),
    (
        "report new",
        "force",
        t(
            "Заменя таблиците за отчет, които вече са в папката (може да са попълнени от институциите); без него командата отказва и ги изброява.",
            "Replace reporting workbooks already in the folder (institutions may have filled them); without it the command refuses and lists them.",
        ),
    ),
    (
        "report new",
        "programme",
        t(
            "Обединената програма (.xlsx), записана от merge.",
            "The merged programme workbook, written by merge.",
        ),
    ),
    (
        "report collect",
        "output",
        t(
            "Къде да се запише отчетът за изпълнението (.xlsx).",
            "Where to write the implementation report (.xlsx).",
        ),
    ),
    (
        "report collect",
        "programme",
        t(
            "Обединената програма (.xlsx), записана от merge.",
            "The merged programme workbook, written by merge.",
        ),
    ),
    (
        "report collect",
        "reports",
        t(
            "Попълнените таблици за отчет или папки с тях.",
            "Filled reporting workbooks, or folders of them.",
        ),
    ),
    (
        "export",
        "report",
        t(
            "Отчетът за изпълнението — за постигнатите стойности и състоянието на дейностите.",
            "The implementation report, for actual values and statuses.",
        ),
    ),
    (
        "export",
        "excel",
        t(
            "CSV за Excel с български настройки: BOM, „;“ и десетична запетая.",
            "A CSV for Bulgarian-locale Excel: BOM, \";\" and decimal comma.",
        ),
    ),
    (
        "export",
        "encoding",
        t(
            "utf-8 или windows-1251 — за по-стари системи.",
            "utf-8, or windows-1251 for older systems.",
        ),
    ),
    (
        "export",
        "datapackage",
        t(
            "Записва и datapackage.json до CSV файла.",
            "Also write datapackage.json beside the CSV.",
        ),
    ),
    (
        "export",
        "output",
        t(
            "Къде да се запише CSV файлът; с окончание .xlsx — работна книга със същите колони, в която кодовете, датите и числата са от своя вид във всяка програма.",
            "Where to write the CSV; ending in .xlsx, a workbook with the same columns, its codes, dates and numbers of their own type in every spreadsheet program.",
        ),
    ),
    (
        "export",
        "programme",
        t(
            "Обединената програма (.xlsx), записана от merge.",
            "The merged programme workbook, written by merge.",
        ),
    ),
    (
        "serve",
        "data",
        t(
            "Папката с данните: една база SQLite с всички записи и файлове (създава се при първото пускане).",
            "The data folder: one SQLite database with every record and file (made on first start).",
        ),
    ),
    (
        "serve",
        "listen",
        t(
            "Адресът, на който слуша порталът; 0.0.0.0:8080 го отваря за мрежата на общината (сложете HTTPS пред него).",
            "Where to listen; 0.0.0.0:8080 serves the office network (put HTTPS in front).",
        ),
    ),
    (
        "serve",
        "base_url",
        t(
            "С какво започват личните връзки, напр. https://zakrila.ruse.bg (по подразбиране — адресът, на който слуша порталът; за 0.0.0.0 — адресът на компютъра в мрежата).",
            "What the personal links start with, e.g. https://zakrila.ruse.bg (default: the listen address; for 0.0.0.0, this machine's network address).",
        ),
    ),
    (
        "links",
        "data",
        t("Папката с данните на портала.", "The portal's data folder."),
    ),
    (
        "links",
        "base_url",
        t(
            "С какво започват връзките (по подразбиране — адресът, с който порталът работи последно).",
            "What the links start with (default: the address the portal last served with).",
        ),
    ),
    (
        "password",
        "data",
        t("Папката с данните на портала.", "The portal's data folder."),
    ),
    (
        "backup",
        "data",
        t("Папката с данните на портала.", "The portal's data folder."),
    ),
    (
        "backup",
        "output",
        t(
            "Копието, което да се запише: база SQLite (за да пуснете портала от нея, сложете я като zakrila.sqlite в празна папка).",
            "The copy to write: an SQLite database (put it as zakrila.sqlite in an empty folder to serve from it).",
        ),
    ),
    (
        "import",
        "document",
        t(
            "Миналогодишната програма, както я е приел общинският съвет: документ на Word (.docx) или OpenDocument (.odt).",
            "Last year's programme, as the council adopted it: a Word (.docx) or OpenDocument (.odt) document.",
        ),
    ),
    (
        "import",
        "period",
        t(
            "Периодът на новата програма, напр. 2026-01-01..2026-12-31 (по подразбиране — годините след тези на документа, колкото обхваща той).",
            "The new programme's period, e.g. 2026-01-01..2026-12-31 (default: the years after the document's, as many as it spans).",
        ),
    ),
    (
        "import",
        "municipality_code",
        t(
            "Кодът на общината по ЕКАТТЕ, напр. RSE27 (по подразбиране — XXX00, който се заменя, преди приносите да се разпратят).",
            "The municipality's EKATTE code, e.g. RSE27 (default: the placeholder XXX00, to be replaced before the contributions go out).",
        ),
    ),
    (
        "import",
        "output",
        t(
            "Папката, в която да се запишат programme.toml, приносите и import-report.xlsx (създава се, ако липсва).",
            "The folder to write programme.toml, the contributions and import-report.xlsx in (made when missing).",
        ),
    ),
    (
        "import",
        "force",
        t(
            "Заменя файловете, които вече са в папката (прегледан programme.toml, редактиран programme.md, попълнен принос); без него командата отказва и ги изброява.",
            "Replace the files already in the folder (a reviewed programme.toml, an edited programme.md, a filled contribution); without it the command refuses and lists them.",
        ),
    ),
    (
        "document",
        "text",
        t(
            "Текстът на програмата извън таблицата (по подразбиране programme.md до programme.toml); само за документа на програмата.",
            "The programme's text outside the table (default: programme.md beside programme.toml); for the programme document only.",
        ),
    ),
    (
        "document",
        "output",
        t(
            "Къде да се запише документът (.docx).",
            "Where to write the document (.docx).",
        ),
    ),
    (
        "document",
        "workbook",
        t(
            "Програмата (.xlsx) от zakrila merge или отчетът за изпълнението (.xlsx) от zakrila report collect.",
            "The programme workbook (.xlsx) from zakrila merge, or the implementation report (.xlsx) from zakrila report collect.",
        ),
    ),
];

/// The placeholders of values (`<DIR>`), in Bulgarian; English keeps the declared ones.
const VALUE_NAMES: &[(&str, &str)] = &[
    ("DIR", "ПАПКА"),
    ("FILE", "ФАЙЛ"),
    ("MB", "МБ"),
    ("URL", "АДРЕС"),
    ("ADDRESS:PORT", "АДРЕС:ПОРТ"),
    ("REPORT", "ОТЧЕТ"),
    ("LANG", "ЕЗИК"),
    ("FORMAT", "ФОРМАТ"),
    ("ENCODING", "КОДИРАНЕ"),
    ("START..END", "НАЧАЛО..КРАЙ"),
    ("CODE", "КОД"),
    ("template.xlsx", "шаблон.xlsx"),
    ("programme.xlsx", "програма.xlsx"),
    ("report.xlsx", "отчет.xlsx"),
    ("out.csv", "програма.csv"),
    ("LAST.docx|LAST.odt", "МИНАЛА.docx|МИНАЛА.odt"),
    ("FILE.docx", "ФАЙЛ.docx"),
    ("WORKBOOK", "ТАБЛИЦА"),
    ("programme.md", "programme.md"),
];

/// What `--help` says about the (sub)command at `path` (`""`, `"merge"`, `"report new"`).
pub fn command_help(path: &str) -> Option<&'static CommandHelp> {
    COMMANDS
        .iter()
        .find(|(known, _)| *known == path)
        .map(|(_, help)| help)
}

/// The help of the argument `id` of the (sub)command at `path`, or the one every
/// subcommand shares.
pub fn argument_help(path: &str, id: &str) -> Option<Text> {
    let find = |path: &str| {
        ARGUMENTS
            .iter()
            .find(|(known_path, known_id, _)| *known_path == path && *known_id == id)
            .map(|(_, _, text)| *text)
    };
    find(path).or_else(|| find("*"))
}

/// The placeholder of a value in `lang` (`DIR` is `ПАПКА`), when it has a translation.
pub fn value_name(name: &str, lang: Lang) -> Option<&'static str> {
    VALUE_NAMES
        .iter()
        .find(|(en, _)| *en == name)
        .map(|(en, bg)| match lang {
            Lang::Bg => *bg,
            Lang::En => *en,
        })
}

/// The words clap itself would print in English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpWord {
    /// The heading of the usage line.
    Usage,
    /// The heading of the options.
    Options,
    /// The heading of the positional arguments.
    Arguments,
    /// The heading of the list of subcommands.
    Commands,
    /// The placeholder of a subcommand in the usage line.
    Command,
    /// The placeholder of the options in the usage line.
    OptionsPlaceholder,
    /// The heading of one example.
    Example,
    /// The heading of several examples.
    Examples,
    /// The default of an option, before its value.
    Default,
}

impl HelpWord {
    /// The word in `lang`.
    pub fn render(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (HelpWord::Usage, Lang::Bg) => "Употреба",
            (HelpWord::Usage, Lang::En) => "Usage",
            (HelpWord::Options, Lang::Bg) => "Настройки",
            (HelpWord::Options, Lang::En) => "Options",
            (HelpWord::Arguments, Lang::Bg) => "Аргументи",
            (HelpWord::Arguments, Lang::En) => "Arguments",
            (HelpWord::Commands, Lang::Bg) => "Команди",
            (HelpWord::Commands, Lang::En) => "Commands",
            (HelpWord::Command, Lang::Bg) => "КОМАНДА",
            (HelpWord::Command, Lang::En) => "COMMAND",
            (HelpWord::OptionsPlaceholder, Lang::Bg) => "[НАСТРОЙКИ]",
            (HelpWord::OptionsPlaceholder, Lang::En) => "[OPTIONS]",
            (HelpWord::Example, Lang::Bg) => "Пример",
            (HelpWord::Example, Lang::En) => "Example",
            (HelpWord::Examples, Lang::Bg) => "Примери",
            (HelpWord::Examples, Lang::En) => "Examples",
            (HelpWord::Default, Lang::Bg) => "по подразбиране",
            (HelpWord::Default, Lang::En) => "default",
        }
    }
}

/// Something wrong with the command line itself, said instead of clap's English.
#[derive(Debug)]
pub enum UsageProblem<'a> {
    /// An option that the command does not have.
    UnknownArgument {
        /// As given.
        arg: &'a str,
        /// A near option, when there is one.
        suggested: Option<&'a str>,
    },
    /// A subcommand that does not exist.
    UnknownCommand {
        /// As given.
        name: &'a str,
        /// Near subcommands.
        suggested: &'a [String],
        /// Every subcommand there.
        valid: &'a [String],
    },
    /// A command that needs a subcommand got none.
    MissingCommand {
        /// The command.
        parent: &'a str,
        /// Its subcommands.
        valid: &'a [String],
    },
    /// Required arguments are missing.
    MissingArguments {
        /// Each one, as in the usage line.
        args: &'a [String],
    },
    /// An option was given without its value.
    MissingValue {
        /// The option.
        arg: &'a str,
    },
    /// A value that is not one of the choices.
    NotAChoice {
        /// The option.
        arg: &'a str,
        /// As given.
        value: &'a str,
        /// The choices.
        valid: &'a [String],
        /// A near choice, when there is one.
        suggested: Option<&'a str>,
    },
    /// A value that cannot be used (a number out of range, no address).
    BadValue {
        /// The option.
        arg: &'a str,
        /// As given.
        value: &'a str,
        /// The option's help, which says what it takes.
        help: Option<&'a str>,
    },
    /// One value too many.
    ExtraValue {
        /// The option.
        arg: &'a str,
        /// As given.
        value: &'a str,
    },
    /// The wrong number of values.
    ValueCount {
        /// The option.
        arg: &'a str,
        /// How many it takes.
        expected: isize,
        /// How many were given.
        actual: isize,
    },
    /// The same option twice.
    Repeated {
        /// The option.
        arg: &'a str,
    },
    /// Two options that exclude each other.
    Conflict {
        /// The option.
        arg: &'a str,
        /// The one given before.
        prior: &'a str,
    },
    /// An option that takes its value only after `=`.
    NoEquals {
        /// The option.
        arg: &'a str,
    },
    /// An argument that is not text.
    NotText,
    /// Anything else clap could not take.
    NotUnderstood,
    /// The usage line after the sentence.
    UsageLine {
        /// The usage, without its heading.
        usage: &'a str,
    },
    /// Where to read more.
    SeeHelp {
        /// The command, e.g. `zakrila merge`.
        command: &'a str,
    },
}

impl UsageProblem<'_> {
    /// The sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        use UsageProblem as U;
        let maybe = |suggested: Option<&str>| match (suggested, lang) {
            (Some(s), Lang::Bg) => format!(" Може би „{s}“?"),
            (Some(s), Lang::En) => format!(" Did you mean \"{s}\"?"),
            (None, _) => String::new(),
        };
        match (self, lang) {
            (U::UnknownArgument { arg, suggested }, Lang::Bg) => {
                format!("Няма настройка „{arg}“.{}", maybe(*suggested))
            }
            (U::UnknownArgument { arg, suggested }, Lang::En) => {
                format!("There is no option \"{arg}\".{}", maybe(*suggested))
            }
            (
                U::UnknownCommand {
                    name,
                    suggested,
                    valid,
                },
                Lang::Bg,
            ) => format!(
                "Няма команда „{name}“.{} Командите са: {}.",
                maybe(suggested.first().map(String::as_str)),
                valid.join(", ")
            ),
            (
                U::UnknownCommand {
                    name,
                    suggested,
                    valid,
                },
                Lang::En,
            ) => format!(
                "There is no command \"{name}\".{} The commands are: {}.",
                maybe(suggested.first().map(String::as_str)),
                valid.join(", ")
            ),
            (U::MissingCommand { parent, valid }, Lang::Bg) => {
                format!("След „{parent}“ напишете команда: {}.", valid.join(", "))
            }
            (U::MissingCommand { parent, valid }, Lang::En) => {
                format!("\"{parent}\" needs a command: {}.", valid.join(", "))
            }
            (U::MissingArguments { args }, Lang::Bg) => {
                format!("Липсва задължителното: {}.", quoted(args, lang))
            }
            (U::MissingArguments { args }, Lang::En) => {
                format!("Required but missing: {}.", quoted(args, lang))
            }
            (U::MissingValue { arg }, Lang::Bg) => {
                format!("След „{arg}“ напишете стойността ѝ.")
            }
            (U::MissingValue { arg }, Lang::En) => format!("\"{arg}\" needs a value."),
            (
                U::NotAChoice {
                    arg,
                    value,
                    valid,
                    suggested,
                },
                Lang::Bg,
            ) => format!(
                "„{value}“ не е възможна стойност на „{arg}“; възможни са: {}.{}",
                valid.join(", "),
                maybe(*suggested)
            ),
            (
                U::NotAChoice {
                    arg,
                    value,
                    valid,
                    suggested,
                },
                Lang::En,
            ) => format!(
                "\"{value}\" is not a value of \"{arg}\"; the values are: {}.{}",
                valid.join(", "),
                maybe(*suggested)
            ),
            (U::BadValue { arg, value, help }, Lang::Bg) => match help {
                Some(help) => format!("„{value}“ не става за „{arg}“. {help}"),
                None => format!("„{value}“ не става за „{arg}“."),
            },
            (U::BadValue { arg, value, help }, Lang::En) => match help {
                Some(help) => format!("\"{value}\" will not do for \"{arg}\". {help}"),
                None => format!("\"{value}\" will not do for \"{arg}\"."),
            },
            (U::ExtraValue { arg, value }, Lang::Bg) => {
                format!("Излишна стойност „{value}“: „{arg}“ приема само една.")
            }
            (U::ExtraValue { arg, value }, Lang::En) => {
                format!("One value too many, \"{value}\": \"{arg}\" takes one.")
            }
            (
                U::ValueCount {
                    arg,
                    expected,
                    actual,
                },
                Lang::Bg,
            ) => format!("„{arg}“ иска {expected} стойности, а са дадени {actual}."),
            (
                U::ValueCount {
                    arg,
                    expected,
                    actual,
                },
                Lang::En,
            ) => format!("\"{arg}\" takes {expected} values, and {actual} were given."),
            (U::Repeated { arg }, Lang::Bg) => {
                format!("„{arg}“ е дадена повече от веднъж; дайте я само веднъж.")
            }
            (U::Repeated { arg }, Lang::En) => {
                format!("\"{arg}\" is given more than once; give it once.")
            }
            (U::Conflict { arg, prior }, Lang::Bg) => {
                format!("„{arg}“ не може да се дава заедно с „{prior}“.")
            }
            (U::Conflict { arg, prior }, Lang::En) => {
                format!("\"{arg}\" cannot be given together with \"{prior}\".")
            }
            (U::NoEquals { arg }, Lang::Bg) => {
                format!("Напишете стойността на „{arg}“ след знак =, без интервал.")
            }
            (U::NoEquals { arg }, Lang::En) => {
                format!("Write the value of \"{arg}\" after =, with no space.")
            }
            (U::NotText, Lang::Bg) => "Един от аргументите не е текст (не е в UTF-8).".to_string(),
            (U::NotText, Lang::En) => "One of the arguments is not text (not UTF-8).".to_string(),
            (U::NotUnderstood, Lang::Bg) => "Командният ред не е разбран.".to_string(),
            (U::NotUnderstood, Lang::En) => "The command line is not understood.".to_string(),
            (U::UsageLine { usage }, lang) => {
                format!("{}: {usage}", HelpWord::Usage.render(lang))
            }
            (U::SeeHelp { command }, Lang::Bg) => format!("Помощ: {command} --help"),
            (U::SeeHelp { command }, Lang::En) => format!("Help: {command} --help"),
        }
    }
}

/// Arguments quoted and joined: „--config <programme.toml>“, „<ФАЙЛ>...“.
fn quoted(args: &[String], lang: Lang) -> String {
    args.iter()
        .map(|arg| match lang {
            Lang::Bg => format!("„{arg}“"),
            Lang::En => format!("\"{arg}\""),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
