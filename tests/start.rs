//! The start with no arguments — a double-click on `zakrila.exe` in the unpacked release:
//! the portal for the programme beside the program, its data in a folder beside the
//! program, the browser opened on it (here a script that notes the address, through
//! `BROWSER`). On Unix: the browser here is a shell script (the Windows build is started
//! the same way under Wine by scripts/test-windows).

#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// An unpacked release in a folder with Cyrillic and spaces: the program (a hard link to
/// the built one, so that it finds its folder as the release's), and the Ruse sample.
fn release_folder(root: &Path, with_sample: bool) -> PathBuf {
    let folder = root.join("Работен плот").join("zakrila 0.1");
    std::fs::create_dir_all(&folder).unwrap();
    let program = folder.join("zakrila");
    if std::fs::hard_link(env!("CARGO_BIN_EXE_zakrila"), &program).is_err() {
        std::fs::copy(env!("CARGO_BIN_EXE_zakrila"), &program).unwrap();
    }
    if with_sample {
        let sample = folder.join("samples").join("ruse-2025");
        std::fs::create_dir_all(&sample).unwrap();
        for entry in std::fs::read_dir(common::root().join("samples/ruse-2025")).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, sample.join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    folder
}

/// The program started with no arguments; its stderr lines come through the receiver.
struct Started {
    child: Child,
    lines: Receiver<String>,
    log: String,
}

impl Started {
    fn new(folder: &Path, env: &[(&str, &std::ffi::OsStr)]) -> Started {
        let mut command = Command::new(folder.join("zakrila"));
        command
            .current_dir(folder.parent().unwrap())
            .env_remove("ZAKRILA_ADMIN_PASSWORD")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("the program starts");
        let stderr = child.stderr.take().unwrap();
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Started {
            child,
            lines,
            log: String::new(),
        }
    }

    /// Reads stderr until a line contains `part`; that line.
    fn wait_for(&mut self, part: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.log.push_str(&line);
                    self.log.push('\n');
                    if line.contains(part) {
                        return line;
                    }
                }
                Err(_) => panic!("no {part:?} in:\n{}", self.log),
            }
        }
    }
}

impl Drop for Started {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The address in a line: from `http://` to the first space or `;`.
fn address_in(line: &str) -> String {
    let at = line.find("http://").expect("an address");
    line[at..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != ';')
        .collect()
}

#[test]
fn with_no_arguments_the_sample_is_served_and_the_browser_opens_the_setup_link() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let folder = release_folder(dir.path(), true);
    let opened = dir.path().join("opened.txt");
    let browser = dir.path().join("browser");
    std::fs::write(
        &browser,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" > '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut started = Started::new(&folder, &[("BROWSER", browser.as_os_str())]);
    let config = started.wait_for("Програма: ");
    assert!(
        config.contains("samples/ruse-2025/programme.toml — примерът от архива"),
        "{config}"
    );
    let setup = address_in(&started.wait_for("еднократна връзка"));
    let listening = started.wait_for("Порталът работи на");
    assert!(
        listening.contains(&format!(
            "(данни в {})",
            folder.join("zakrila-данни-пример").display()
        )),
        "{listening}"
    );
    let opening = started.wait_for("Браузърът се отваря на");
    assert_eq!(address_in(&opening), setup);
    started.wait_for("Спиране: Ctrl+C или затворете прозореца.");
    assert!(setup.starts_with("http://127.0.0.1:"), "{setup}");
    assert!(setup.contains("/setup/"), "{setup}");
    assert!(
        folder
            .join("zakrila-данни-пример")
            .join("zakrila.sqlite")
            .is_file(),
        "the data folder is beside the program"
    );

    // The browser was given the setup link, and the page answers.
    // The stand-in browser's shell creates the file before it writes the line: wait for the
    // whole line, not for the file.
    let written = || std::fs::read_to_string(&opened).unwrap_or_default();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !written().ends_with('\n') && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let given = written();
    assert_eq!(given.trim(), setup);
    let page = reqwest::blocking::get(&setup).unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().unwrap().contains("парола"));
}

#[test]
fn the_municipality_s_programme_toml_comes_first_with_its_own_data_folder() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let folder = release_folder(dir.path(), true);
    std::fs::copy(common::ruse_config(), folder.join("programme.toml")).unwrap();
    let mut started = Started::new(
        &folder,
        &[
            ("BROWSER", "none".as_ref()),
            ("ZAKRILA_ADMIN_PASSWORD", "дълга парола за проба".as_ref()),
            ("LANG", "en_US.UTF-8".as_ref()),
        ],
    );
    let config = started.wait_for("Programme: ");
    assert_eq!(
        config,
        format!("Programme: {}.", folder.join("programme.toml").display())
    );
    let open = started.wait_for("Open in the browser: ");
    let url = address_in(&open);
    assert!(!url.contains("/setup/"), "a password is set: {url}");
    started.wait_for("To stop it: Ctrl+C, or close the window.");
    assert!(
        folder
            .join("zakrila-данни")
            .join("zakrila.sqlite")
            .is_file()
    );
    assert!(!folder.join("zakrila-данни-пример").exists());
    let login = reqwest::blocking::get(format!("{url}/login")).unwrap();
    assert_eq!(login.status(), 200);
}

#[test]
fn with_no_programme_beside_it_says_where_to_put_one() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let folder = release_folder(dir.path(), false);
    let output = Command::new(folder.join("zakrila"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let said = common::stderr(&output);
    assert!(
        said.contains(&format!(
            "В папката на zakrila ({}) няма programme.toml",
            folder.display()
        )),
        "{said}"
    );
    assert!(said.contains("zakrila --help"), "{said}");
    // Nothing was made beside it.
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);
}
