//! SSH servers in an image (béta EXI-ARCH-18: « L'image n'embarque pas de services exposant des
//! services réseau non essentiels à son fonctionnement tel que SSHD »), read from the commands an
//! image starts and the packages a Dockerfile installs.

/// SSH server programs, by the name they run under.
const SERVERS: &[&str] = &["sshd", "dropbear"];

/// Packages that install an SSH server (`openssh` only through Alpine's `apk add`, where it
/// brings the server; elsewhere it names the client tools).
const SERVER_PACKAGES: &[&str] = &["openssh-server", "dropbear", "dropbear-bin"];

/// The words of a shell command: split at blanks and at `;`, `&`, `|`, `(`, `)`, quotes removed.
fn words(command: &str) -> impl Iterator<Item = &str> {
    command
        .split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | ')'))
        .map(|w| w.trim_matches(|c| c == '"' || c == '\''))
        .filter(|w| !w.is_empty())
}

/// The SSH server a command (one argument of `Entrypoint`/`Cmd`, or a shell line) starts, by
/// the base name of a word (`/usr/sbin/sshd -D` → `sshd`).
pub fn ssh_server_in(command: &str) -> Option<&'static str> {
    words(command).find_map(|w| {
        let name = w.rsplit('/').next().unwrap_or(w);
        SERVERS.iter().copied().find(|s| *s == name)
    })
}

/// The SSH server package a `RUN` command installs (`apt-get install -y openssh-server`,
/// `apk add openssh`, `dnf install openssh-server-9.6p1`…).
pub fn ssh_server_package(command: &str) -> Option<String> {
    let all: Vec<&str> = words(command).collect();
    let installs = all
        .iter()
        .any(|w| matches!(*w, "install" | "add" | "in" | "i"));
    if !installs {
        return None;
    }
    let alpine = all.windows(2).any(|p| p[0] == "apk" && p[1] == "add");
    all.iter().find_map(|w| {
        let name = w.split(['=', ':']).next().unwrap_or(w);
        // `openssh-server-9.6p1`: a package name followed by `-<version>` (rpm style).
        let versioned = |p: &str| {
            name.strip_prefix(p)
                .and_then(|v| v.strip_prefix('-'))
                .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()))
        };
        let known = SERVER_PACKAGES.iter().any(|p| name == *p || versioned(p))
            || (alpine && name == "openssh");
        known.then(|| (*w).to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_are_found_by_program_name() {
        assert_eq!(ssh_server_in("/usr/sbin/sshd -D"), Some("sshd"));
        assert_eq!(
            ssh_server_in("supervisord; exec dropbear -F"),
            Some("dropbear")
        );
        assert_eq!(ssh_server_in("java -jar /app/sshd-config.jar"), None);
        assert_eq!(ssh_server_in("ssh-keygen -A"), None);
    }

    #[test]
    fn server_packages_are_found_in_install_commands() {
        let found = |c: &str| ssh_server_package(c);
        assert_eq!(
            found(
                "apt-get update && apt-get install -y --no-install-recommends openssh-server curl"
            )
            .as_deref(),
            Some("openssh-server")
        );
        assert_eq!(
            found("apk add --no-cache openssh").as_deref(),
            Some("openssh")
        );
        assert_eq!(
            found("dnf install -y openssh-server-9.6p1").as_deref(),
            Some("openssh-server-9.6p1")
        );
        assert_eq!(found("apt-get install -y openssh-client"), None);
        assert_eq!(found("yum install -y openssh"), None);
        assert_eq!(found("echo openssh-server"), None);
    }
}
