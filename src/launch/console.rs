//! The Windows console: UTF-8 output, a window opened for zakrila alone, arguments as
//! `cmd.exe` passes them, and the default browser. Elsewhere these do nothing (or the
//! plain thing).

use std::ffi::OsString;

/// While alive, the console prints UTF-8 — the bytes zakrila writes — so Cyrillic reads
/// right also where the text goes through another program in the same window; the code
/// page before is restored on drop. (Rust's standard library writes to a console through
/// the wide API already.) Nothing on other systems.
pub struct Utf8Output {
    #[cfg(windows)]
    previous: u32,
}

impl Utf8Output {
    /// Sets the console's output code page to UTF-8, when there is a console.
    pub fn set() -> Option<Utf8Output> {
        #[cfg(windows)]
        {
            use windows_sys::Win32::System::Console::{GetConsoleOutputCP, SetConsoleOutputCP};
            const UTF8: u32 = 65001;
            // SAFETY: plain calls without pointers; 0 means there is no console.
            let previous = unsafe { GetConsoleOutputCP() };
            if previous == 0 || previous == UTF8 {
                return None;
            }
            // SAFETY: as above.
            if unsafe { SetConsoleOutputCP(UTF8) } == 0 {
                return None;
            }
            Some(Utf8Output { previous })
        }
        #[cfg(not(windows))]
        {
            None
        }
    }
}

#[cfg(windows)]
impl Drop for Utf8Output {
    fn drop(&mut self) {
        use windows_sys::Win32::System::Console::SetConsoleOutputCP;
        // SAFETY: a plain call without pointers.
        unsafe {
            SetConsoleOutputCP(self.previous);
        }
    }
}

/// Whether zakrila's console window was opened for zakrila alone — a double-click in
/// Explorer, a file dropped on it, a shortcut — so that it closes when zakrila ends.
/// Never on other systems, nor with standard input from elsewhere than the window.
pub fn window_is_ours() -> bool {
    #[cfg(windows)]
    {
        use std::io::IsTerminal;
        use windows_sys::Win32::System::Console::GetConsoleProcessList;
        let mut processes = [0u32; 4];
        // SAFETY: the buffer holds as many ids as its length says.
        let attached = unsafe { GetConsoleProcessList(processes.as_mut_ptr(), 4) };
        attached == 1 && std::io::stdin().is_terminal()
    }
    #[cfg(not(windows))]
    {
        false
    }
}

/// The arguments as meant. On Windows a folder typed as `"C:\Комисия\приноси 2025\"`
/// reaches the program as `C:\Комисия\приноси 2025"`: the backslash before the closing
/// quote escapes it (the rule of the C runtime that every Windows program parses its
/// command line by). A `"` cannot be in a Windows file name, so a lone one at the end is
/// that backslash's: it is put back.
pub fn repair_arguments(args: Vec<OsString>) -> Vec<OsString> {
    if cfg!(windows) {
        args.into_iter().map(repair_trailing_quote).collect()
    } else {
        args
    }
}

/// `…\приноси 2025"` → `…\приноси 2025\`; anything else as it is.
fn repair_trailing_quote(arg: OsString) -> OsString {
    match arg.to_str() {
        Some(text) if text.ends_with('"') && text.matches('"').count() == 1 => {
            OsString::from(format!("{}\\", &text[..text.len() - 1]))
        }
        _ => arg,
    }
}

/// Opens `url` in the default browser without waiting for it: the shell's "open" on
/// Windows, `open` on macOS, `xdg-open` elsewhere. `BROWSER` names another program;
/// `BROWSER=none` opens nothing. Whether it could be asked to.
pub fn open_browser(url: &str) -> bool {
    if let Some(browser) = std::env::var_os("BROWSER").filter(|value| !value.is_empty()) {
        if browser == "none" {
            return false;
        }
        // On Unix BROWSER may list several programs, separated by colons.
        let program = if cfg!(windows) {
            browser
        } else {
            let all = browser.to_string_lossy().into_owned();
            OsString::from(all.split(':').next().unwrap_or_default())
        };
        return spawn(std::process::Command::new(program).arg(url));
    }
    #[cfg(windows)]
    {
        shell_open(url)
    }
    #[cfg(target_os = "macos")]
    {
        spawn(std::process::Command::new("open").arg(url))
    }
    #[cfg(not(any(windows, target_os = "macos")))]
    {
        spawn(std::process::Command::new("xdg-open").arg(url))
    }
}

/// Starts a program quietly and reaps it in the background.
fn spawn(command: &mut std::process::Command) -> bool {
    use std::process::Stdio;
    match command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
            true
        }
        Err(_) => false,
    }
}

/// The shell's "open" of a URL: the default browser, no console window of its own.
#[cfg(windows)]
fn shell_open(url: &str) -> bool {
    use std::os::windows::ffi::OsStrExt;
    use windows_sys::Win32::UI::Shell::ShellExecuteW;
    use windows_sys::Win32::UI::WindowsAndMessaging::SW_SHOWNORMAL;
    let wide = |text: &str| -> Vec<u16> {
        std::ffi::OsStr::new(text)
            .encode_wide()
            .chain(std::iter::once(0))
            .collect()
    };
    let (verb, file) = (wide("open"), wide(url));
    // SAFETY: both strings are NUL-terminated and outlive the call; the null pointers are
    // the optional window, parameters and folder.
    let instance = unsafe {
        ShellExecuteW(
            std::ptr::null_mut(),
            verb.as_ptr(),
            file.as_ptr(),
            std::ptr::null(),
            std::ptr::null(),
            SW_SHOWNORMAL,
        )
    };
    // Success is a value greater than 32.
    instance as usize > 32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_quote_is_the_backslash_cmd_swallowed() {
        assert_eq!(
            repair_trailing_quote(OsString::from(r#"Z:\Комисия за детето\приноси 2025""#)),
            OsString::from(r"Z:\Комисия за детето\приноси 2025\")
        );
        assert_eq!(
            repair_trailing_quote(OsString::from("програма.xlsx")),
            OsString::from("програма.xlsx")
        );
        assert_eq!(
            repair_trailing_quote(OsString::from(r#"--base-url="x""#)),
            OsString::from(r#"--base-url="x""#)
        );
    }
}
