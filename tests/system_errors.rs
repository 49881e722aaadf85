//! Every kind of system error zakrila shows — a missing file, no permission, a full disk, a
//! damaged zip, a TOML mistake, a folder where a file should be, an address in use, a
//! damaged database — is one Bulgarian sentence naming the file and what to do, with none of
//! the system's English in it; `--verbose` adds the system's own words on a line of their own.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{root, ruse_config, stderr, zakrila};

/// Words of std, zip, calamine, toml and SQLite that must never reach a Bulgarian message.
const SYSTEM_WORDS: [&str; 17] = [
    "os error",
    "No such file",
    "not found",
    "ermission denied",
    "No space",
    "storage full",
    "Zip",
    "EOCD",
    "expected",
    "key with no value",
    "string values",
    "address in use",
    "Is a directory",
    "Not a directory",
    "not a database",
    "database disk image",
    "entity",
];

/// Everything a run printed.
fn said(run: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&run.stdout), stderr(run))
}

/// The run said `needles` in Bulgarian and nothing of the system's English.
fn bulgarian_only(run: &Output, needles: &[&str]) {
    let text = said(run);
    for needle in needles {
        assert!(text.contains(needle), "no {needle:?} in:\n{text}");
    }
    for word in SYSTEM_WORDS {
        assert!(!text.contains(word), "the system's {word:?} in:\n{text}");
    }
}

/// With `--verbose`, the system's own words are there too, on their own line.
fn verbose_adds(run: &Output, words: &str) {
    let text = said(run);
    assert!(
        text.lines()
            .any(|line| line.contains("системата казва:") && line.contains(words)),
        "no system line with {words:?} in:\n{text}"
    );
}

fn validate(file: &Path, extra: &[&str]) -> Output {
    let config = ruse_config();
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["validate".as_ref(), "--config".as_ref(), config.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.push(file.as_os_str());
    zakrila(args)
}

fn template(config: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "template".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    zakrila(args)
}

#[test]
fn a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("няма.xlsx");
    bulgarian_only(
        &validate(&missing, &[]),
        &["няма.xlsx", "няма такъв файл; проверете името и папката"],
    );
    verbose_adds(&validate(&missing, &["--verbose"]), "os error 2");

    let out = dir.path().join("шаблон.xlsx");
    let run = template(&dir.path().join("няма.toml"), &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    bulgarian_only(&run, &["няма.toml", "проверете пътя след --config"]);
    verbose_adds(
        &template(&dir.path().join("няма.toml"), &out, &["--verbose"]),
        "os error 2",
    );
}

#[test]
fn a_file_without_permission_to_read_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // Open to every user, so that the unprivileged one below reaches the file.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let secret = dir.path().join("тайна.xlsx");
    std::fs::copy(root().join("samples/ruse-2025/02-ruo-ruse.xlsx"), &secret).unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let run = |extra: &[&str]| -> Output {
        // Permissions bind no root: as root, the run drops to the unprivileged "nobody".
        let mut command = if is_root() {
            let mut command = Command::new("setpriv");
            command
                .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(env!("CARGO_BIN_EXE_zakrila"));
            command
        } else {
            Command::new(env!("CARGO_BIN_EXE_zakrila"))
        };
        command
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .args(["validate", "--config"])
            .arg(ruse_config())
            .args(extra)
            .arg(&secret)
            .output()
            .expect("zakrila runs (setpriv, from util-linux, drops root)")
    };
    bulgarian_only(&run(&[]), &["тайна.xlsx", "нямате права да го четете"]);
    verbose_adds(&run(&["--verbose"]), "os error 13");
}

fn is_root() -> bool {
    let id = Command::new("id").arg("-u").output().expect("id runs");
    String::from_utf8_lossy(&id.stdout).trim() == "0"
}

#[test]
fn a_full_disk() {
    // /dev/full answers every write with ENOSPC, as a full disk does.
    let run = |extra: &[&str]| -> Output {
        let full = std::fs::File::create("/dev/full").unwrap();
        Command::new(env!("CARGO_BIN_EXE_zakrila"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .args(["validate", "--config"])
            .arg(ruse_config())
            .args(extra)
            .arg(root().join("samples/ruse-2025"))
            .stdout(Stdio::from(full))
            .output()
            .unwrap()
    };
    let plain = run(&[]);
    assert_eq!(plain.status.code(), Some(2));
    bulgarian_only(&plain, &["дискът, където го пренасочвате, е пълен"]);
    verbose_adds(&run(&["--verbose"]), "os error 28");
}

#[test]
fn a_damaged_zip() {
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("наполовина.xlsx");
    let bytes = std::fs::read(root().join("samples/ruse-2025/02-ruo-ruse.xlsx")).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    bulgarian_only(
        &validate(&cut, &[]),
        &[
            "наполовина.xlsx",
            "повреден или непълен",
            "вземете го отново",
        ],
    );
    verbose_adds(&validate(&cut, &["--verbose"]), "Zip");
}

#[test]
fn a_toml_mistake_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("programme.toml");
    let out = dir.path().join("шаблон.xlsx");
    for (line, said) in [
        ("title = Програма", "в прави кавички"),
        ("title \"Програма\"", "трябва да има „=“ и стойност"),
        ("title = \"Програма", "текстът не е затворен"),
        ("period_start = 2025-13-01", "датата не е правилна"),
    ] {
        std::fs::write(&config, format!("[programme]\n{line}\n")).unwrap();
        let run = template(&config, &out, &[]);
        assert_eq!(run.status.code(), Some(2));
        bulgarian_only(&run, &["programme.toml, ред 2, колона", said]);
    }
    verbose_adds(&template(&config, &out, &["--verbose"]), "invalid date");
}

#[test]
fn a_folder_where_a_file_should_be_and_a_file_where_a_folder_should_be() {
    let dir = tempfile::tempdir().unwrap();
    let run = template(dir.path(), &dir.path().join("шаблон.xlsx"), &[]);
    bulgarian_only(&run, &["това е папка, а не файл"]);
    verbose_adds(
        &template(dir.path(), &dir.path().join("шаблон.xlsx"), &["--verbose"]),
        "os error 21",
    );

    let file = dir.path().join("бележка.txt");
    std::fs::write(&file, "x").unwrap();
    let run = template(&ruse_config(), &file.join("шаблон.xlsx"), &[]);
    assert_eq!(run.status.code(), Some(2));
    bulgarian_only(
        &run,
        &["бележка.txt", "минава през него като през папка", "-o"],
    );
}

#[test]
fn the_portal_on_an_address_in_use_and_on_a_damaged_database() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let serve = |data: &Path, listen: &str, extra: &[&str]| -> Output {
        let config = ruse_config();
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "serve".as_ref(),
            "--config".as_ref(),
            config.as_os_str(),
            "--data".as_ref(),
            data.as_os_str(),
            "--listen".as_ref(),
            listen.as_ref(),
        ];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        zakrila(args)
    };
    let run = serve(&dir.path().join("данни"), &address, &[]);
    assert_eq!(run.status.code(), Some(2));
    bulgarian_only(&run, &[address.as_str(), "вече се използва", "--listen"]);
    verbose_adds(
        &serve(&dir.path().join("данни"), &address, &["--verbose"]),
        "address in use",
    );

    let damaged = dir.path().join("повредени");
    std::fs::create_dir(&damaged).unwrap();
    std::fs::write(
        damaged.join("zakrila.sqlite"),
        "това не е база данни, а текст, достатъчно дълъг за заглавие на SQLite".repeat(10),
    )
    .unwrap();
    let run = serve(&damaged, "127.0.0.1:0", &[]);
    assert_eq!(run.status.code(), Some(2));
    bulgarian_only(&run, &["zakrila.sqlite", "zakrila backup", "--data"]);
}
