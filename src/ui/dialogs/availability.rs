//! Is there a system file dialog? rfd cannot tell: on Linux it asks xdg-desktop-portal over
//! D-Bus, runs zenity when the portal call fails, and when zenity cannot be started either it
//! logs the error and answers `None`, the same `None` as a cancelled dialog
//! (`rfd-0.17.2/src/backend/xdg_desktop_portal.rs`). So Coda asks beforehand, once per process:
//! does the session bus have a portal with a file chooser (the interface rfd calls), or is
//! zenity on PATH?

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// `Ok` when rfd can show a file dialog here; otherwise why not, in words for people. Asked
/// once; later calls return the same answer (a portal installed meanwhile counts after a
/// restart).
pub fn system_dialog() -> Result<(), String> {
    static ANSWER: OnceLock<Result<(), String>> = OnceLock::new();
    ANSWER.get_or_init(probe).clone()
}

#[cfg(all(unix, not(target_os = "macos")))]
fn probe() -> Result<(), String> {
    let portal = portal::file_chooser();
    if portal.is_ok() {
        return Ok(());
    }
    let zenity = std::env::var_os("PATH").and_then(|path| find_program("zenity", &path));
    verdict(portal, zenity)
}

/// Windows and macOS: rfd shows the system's own dialog, which is always there.
#[cfg(not(all(unix, not(target_os = "macos"))))]
fn probe() -> Result<(), String> {
    Ok(())
}

/// A system dialog exists when the portal has a file chooser or zenity can be run.
fn verdict(portal: Result<(), String>, zenity: Option<PathBuf>) -> Result<(), String> {
    match (portal, zenity) {
        (Ok(()), _) | (_, Some(_)) => Ok(()),
        (Err(portal), None) => Err(format!("{portal}, and zenity is not on PATH")),
    }
}

/// Where `name` would be run from, searching `path_var` as the shell (and so `Command::new`,
/// which rfd uses for zenity) does: the first executable file of that name.
fn find_program(name: &str, path_var: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(path_var)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// Why the portal cannot show a file chooser, from the D-Bus error name it (or the bus) answered
/// with.
fn portal_refusal(error_name: &str) -> String {
    match error_name {
        "org.freedesktop.DBus.Error.ServiceUnknown"
        | "org.freedesktop.DBus.Error.NameHasNoOwner" => {
            "xdg-desktop-portal is not installed or cannot be started".to_owned()
        }
        "org.freedesktop.DBus.Error.UnknownInterface"
        | "org.freedesktop.DBus.Error.UnknownProperty"
        | "org.freedesktop.DBus.Error.UnknownObject"
        | "org.freedesktop.DBus.Error.InvalidArgs" => {
            "xdg-desktop-portal has no file chooser (no backend such as xdg-desktop-portal-gtk)"
                .to_owned()
        }
        other => format!("xdg-desktop-portal refused to show a file chooser ({other})"),
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
mod portal {
    use std::time::Duration;

    const SERVICE: &str = "org.freedesktop.portal.Desktop";
    const OBJECT: &str = "/org/freedesktop/portal/desktop";
    const FILE_CHOOSER: &str = "org.freedesktop.portal.FileChooser";
    /// Long enough for the bus to start the portal on demand; a portal that takes longer would
    /// leave rfd's dialog hanging too.
    const PATIENCE: Duration = Duration::from_secs(10);

    /// Ask the portal for its FileChooser interface's `version` property: an answer means rfd's
    /// `OpenFile`/`SaveFile` calls reach a file chooser. The bus starts the portal if it is
    /// installed but not running, as it would for rfd.
    pub fn file_chooser() -> Result<(), String> {
        file_chooser_on(zbus::connection::Builder::session())
    }

    /// [`file_chooser`] on the bus `bus` connects to (a test's own bus).
    pub(super) fn file_chooser_on(
        bus: zbus::Result<zbus::connection::Builder<'_>>,
    ) -> Result<(), String> {
        pollster::block_on(ask(bus)).map_err(|error| describe(&error))
    }

    async fn ask(bus: zbus::Result<zbus::connection::Builder<'_>>) -> zbus::Result<()> {
        let bus = bus?.method_timeout(PATIENCE).build().await?;
        bus.call_method(
            Some(SERVICE),
            OBJECT,
            Some("org.freedesktop.DBus.Properties"),
            "Get",
            &(FILE_CHOOSER, "version"),
        )
        .await?;
        Ok(())
    }

    fn describe(error: &zbus::Error) -> String {
        match error {
            zbus::Error::MethodError(name, _, _) => super::portal_refusal(name.as_str()),
            zbus::Error::InputOutput(io) if io.kind() == std::io::ErrorKind::TimedOut => format!(
                "xdg-desktop-portal did not answer within {} seconds",
                PATIENCE.as_secs()
            ),
            other => format!("the D-Bus session bus cannot be reached ({other})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_portal_or_zenity_is_enough() {
        let zenity = Some(PathBuf::from("/usr/bin/zenity"));
        assert_eq!(verdict(Ok(()), None), Ok(()));
        assert_eq!(verdict(Err("no portal".into()), zenity), Ok(()));
        assert_eq!(
            verdict(Err("no portal".into()), None),
            Err("no portal, and zenity is not on PATH".into())
        );
    }

    #[test]
    fn portal_errors_are_told_apart() {
        let missing = portal_refusal("org.freedesktop.DBus.Error.ServiceUnknown");
        assert_eq!(
            missing,
            "xdg-desktop-portal is not installed or cannot be started"
        );
        let no_backend = portal_refusal("org.freedesktop.DBus.Error.UnknownInterface");
        assert!(no_backend.contains("no file chooser"), "{no_backend}");
        let other = portal_refusal("org.freedesktop.DBus.Error.AccessDenied");
        assert!(other.contains("AccessDenied"), "{other}");
    }

    #[cfg(unix)]
    #[test]
    fn zenity_is_found_only_as_an_executable_file_on_path() {
        use std::os::unix::fs::PermissionsExt;
        let plain = tempfile::tempdir().unwrap();
        let runnable = tempfile::tempdir().unwrap();
        let not_runnable = plain.path().join("zenity");
        std::fs::write(&not_runnable, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&not_runnable, std::fs::Permissions::from_mode(0o644)).unwrap();
        let zenity = runnable.path().join("zenity");
        std::fs::write(&zenity, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&zenity, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::create_dir(runnable.path().join("zenity-dir")).unwrap();

        let only_plain = std::env::join_paths([plain.path()]).unwrap();
        assert_eq!(find_program("zenity", &only_plain), None);
        let both = std::env::join_paths([plain.path(), runnable.path()]).unwrap();
        assert_eq!(find_program("zenity", &both), Some(zenity));
        assert_eq!(find_program("zenity-dir", &both), None);
    }

    /// A private session bus (`dbus-daemon`), with `portal` connected as the portal service.
    #[cfg(all(unix, not(target_os = "macos")))]
    struct PrivateBus {
        daemon: std::process::Child,
        address: String,
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    impl PrivateBus {
        /// `None` where dbus-daemon is not installed.
        fn start() -> Option<Self> {
            use std::io::BufRead;
            let mut daemon = std::process::Command::new("dbus-daemon")
                .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .ok()?;
            let mut address = String::new();
            let stdout = daemon.stdout.take().unwrap();
            std::io::BufReader::new(stdout)
                .read_line(&mut address)
                .unwrap();
            Some(PrivateBus {
                daemon,
                address: address.trim().to_owned(),
            })
        }

        fn builder(&self) -> zbus::Result<zbus::connection::Builder<'static>> {
            zbus::connection::Builder::address(self.address.as_str())
        }
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    impl Drop for PrivateBus {
        fn drop(&mut self) {
            let _ = self.daemon.kill();
            let _ = self.daemon.wait();
        }
    }

    /// The portal's file chooser as the probe sees it: its `version` property.
    #[cfg(all(unix, not(target_os = "macos")))]
    struct FakeFileChooser;

    #[cfg(all(unix, not(target_os = "macos")))]
    #[zbus::interface(name = "org.freedesktop.portal.FileChooser")]
    impl FakeFileChooser {
        #[zbus(property, name = "version")]
        fn version(&self) -> u32 {
            4
        }
    }

    /// Another portal, to have a portal service without a file chooser.
    #[cfg(all(unix, not(target_os = "macos")))]
    struct FakeSettings;

    #[cfg(all(unix, not(target_os = "macos")))]
    #[zbus::interface(name = "org.freedesktop.portal.Settings")]
    impl FakeSettings {
        #[zbus(property, name = "version")]
        fn version(&self) -> u32 {
            2
        }
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn a_portal_with_a_file_chooser_is_found_and_one_without_is_not() {
        let Some(bus) = PrivateBus::start() else {
            eprintln!("skipped: no dbus-daemon here");
            return;
        };
        let portal_name = "org.freedesktop.portal.Desktop";

        // Nobody owns the portal's name (and the bus cannot start it).
        let nobody = portal::file_chooser_on(bus.builder());
        assert_eq!(
            nobody,
            Err("xdg-desktop-portal is not installed or cannot be started".into())
        );

        // A portal without a file chooser backend (it still has other portals).
        let bare = bus
            .builder()
            .unwrap()
            .name(portal_name)
            .unwrap()
            .serve_at("/org/freedesktop/portal/desktop", FakeSettings)
            .unwrap();
        let bare = pollster::block_on(bare.build()).unwrap();
        let answer = portal::file_chooser_on(bus.builder());
        assert!(
            answer.as_ref().unwrap_err().contains("no file chooser"),
            "{answer:?}"
        );
        drop(bare);

        // A portal with one, on a fresh bus: the connection dropped above may hold the name
        // until its socket is closed.
        let bus = PrivateBus::start().unwrap();
        let serving = bus
            .builder()
            .unwrap()
            .name(portal_name)
            .unwrap()
            .serve_at("/org/freedesktop/portal/desktop", FakeFileChooser)
            .unwrap();
        let _portal = pollster::block_on(serving.build()).unwrap();
        assert_eq!(portal::file_chooser_on(bus.builder()), Ok(()));
    }

    /// This machine (and CI) has neither a portal nor zenity: the window must know.
    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn here_there_is_no_system_dialog() {
        let here_is_one = Path::new("/usr/share/xdg-desktop-portal").exists()
            || std::env::var_os("PATH").is_some_and(|p| find_program("zenity", &p).is_some());
        if here_is_one {
            eprintln!("skipped: this machine has a portal or zenity");
            return;
        }
        let answer = system_dialog();
        assert!(answer.is_err(), "{answer:?}");
    }
}
