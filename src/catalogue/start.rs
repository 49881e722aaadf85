//! What zakrila says in its window when it is started with no arguments — a double-click
//! on `zakrila.exe` — and starts the portal from the folder it is in.

use std::path::Path;

use super::Lang;

/// A line of the double-click start.
#[derive(Debug)]
pub enum StartMsg<'a> {
    /// The first line.
    Starting {
        /// zakrila's version.
        version: &'a str,
    },
    /// The programme config that is served.
    Config {
        /// The config.
        path: &'a Path,
        /// It is a shipped sample, not the municipality's own.
        sample: bool,
    },
    /// Neither `programme.toml` nor a sample beside the program.
    NoConfig {
        /// The program's folder.
        folder: &'a Path,
    },
    /// The program's own folder cannot be found.
    NoFolder {
        /// Why.
        trouble: crate::system::Trouble,
    },
    /// The browser is being opened.
    Opening {
        /// What it opens.
        url: &'a str,
    },
    /// The browser could not be opened, or opening it is switched off.
    OpenYourself {
        /// What to open.
        url: &'a str,
    },
    /// The setup page comes first.
    ChoosePassword,
    /// How to stop the portal.
    HowToStop,
    /// The last line before the window waits.
    PressEnter,
}

impl StartMsg<'_> {
    /// The sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        use StartMsg as S;
        match (self, lang) {
            (S::Starting { version }, Lang::Bg) => format!(
                "zakrila {version} — порталът на общинската програма за закрила на детето."
            ),
            (S::Starting { version }, Lang::En) => format!(
                "zakrila {version} — the portal of the municipal child-protection programme."
            ),
            (S::Config { path, sample: false }, Lang::Bg) => {
                format!("Програма: {}.", path.display())
            }
            (S::Config { path, sample: false }, Lang::En) => {
                format!("Programme: {}.", path.display())
            }
            (S::Config { path, sample: true }, Lang::Bg) => format!(
                "Програма: {} — примерът от архива. За програмата на общината сложете нейния programme.toml в папката на zakrila и пуснете отново.",
                path.display()
            ),
            (S::Config { path, sample: true }, Lang::En) => format!(
                "Programme: {} — the sample from the archive. For the municipality's programme, put its programme.toml in zakrila's folder and start again.",
                path.display()
            ),
            (S::NoConfig { folder }, Lang::Bg) => format!(
                "В папката на zakrila ({}) няма programme.toml, нито пример в папката samples. Ако сте пуснали zakrila направо от архива, първо разархивирайте целия архив („Извличане на всички…“); иначе сложете до zakrila programme.toml на програмата и пуснете отново. Командите на zakrila: zakrila --help.",
                folder.display()
            ),
            (S::NoConfig { folder }, Lang::En) => format!(
                "zakrila's folder ({}) has no programme.toml and no sample in the folder samples. If zakrila was started from inside the archive, extract the whole archive first (\"Extract All…\"); otherwise put the programme's programme.toml beside zakrila and start again. zakrila's commands: zakrila --help.",
                folder.display()
            ),
            (S::NoFolder { trouble }, Lang::Bg) => format!(
                "Папката на zakrila не може да бъде намерена: {}.",
                super::reading(*trouble, lang)
            ),
            (S::NoFolder { trouble }, Lang::En) => format!(
                "zakrila's folder cannot be found: {}.",
                super::reading(*trouble, lang)
            ),
            (S::Opening { url }, Lang::Bg) => format!(
                "Браузърът се отваря на {url}; ако не се отвори, копирайте адреса в браузъра."
            ),
            (S::Opening { url }, Lang::En) => format!(
                "Opening the browser at {url}; if it does not open, copy the address into the browser."
            ),
            (S::OpenYourself { url }, Lang::Bg) => {
                format!("Отворете в браузъра: {url}")
            }
            (S::OpenYourself { url }, Lang::En) => format!("Open in the browser: {url}"),
            (S::ChoosePassword, Lang::Bg) => {
                "Първо се избира паролата на секретаря — на страницата на еднократната връзка.".to_string()
            }
            (S::ChoosePassword, Lang::En) => {
                "First the secretary's password is chosen, on the page of the one-time link.".to_string()
            }
            (S::HowToStop, Lang::Bg) => {
                "Порталът работи, докато този прозорец е отворен. Спиране: Ctrl+C или затворете прозореца.".to_string()
            }
            (S::HowToStop, Lang::En) => {
                "The portal runs while this window is open. To stop it: Ctrl+C, or close the window.".to_string()
            }
            (S::PressEnter, Lang::Bg) => "Натиснете Enter, за да затворите прозореца.".to_string(),
            (S::PressEnter, Lang::En) => "Press Enter to close the window.".to_string(),
        }
    }
}
